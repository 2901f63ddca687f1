import { useState } from "react";
import { useNavigate } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useCreateZone, useTemplates } from "@/api/dns";
import { useDomains } from "@/api/domains";
import { useServers } from "@/api/servers";
import type { Customer, Domain, ZoneCreate } from "@/api/types";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { Combobox, useDebounced } from "@/components/Combobox";
import { SelectField, TextField } from "@/components/Field";
import { Modal } from "@/components/Modal";
import { toast } from "@/components/Toast";
import { useForm } from "@/lib/form";
import { cn } from "@/lib/cn";
import { CustomerPicker } from "../billing/pickers";
import { ZONE_VARIABLES, ttlError, variablesNeeded, zoneVariables } from "./records";

const VARIABLE_HELP: Record<string, { label: string; placeholder: string }> = {
  ip: { label: "IPv4 address ({ip})", placeholder: "192.0.2.10" },
  ipv6: { label: "IPv6 address ({ipv6})", placeholder: "2001:db8::10" },
  ns2: { label: "Second name server ({ns2})", placeholder: "ns2.example.net" },
  mx: { label: "Mail server ({mx})", placeholder: "mail.example.com" },
};

export function ZoneCreateDialog({ open, onClose, base, portal }: { open: boolean; onClose: () => void; base: string; portal: boolean }) {
  return (
    <Modal open={open} onClose={onClose} title="New DNS zone" size="lg" description="Its first records come from a template, with the variables below filled in.">
      {open && <ZoneCreateForm onCancel={onClose} base={base} portal={portal} />}
    </Modal>
  );
}

function DomainPicker({ value, onChange, error }: { value: Domain | null; onChange: (d: Domain | null) => void; error?: string | null }) {
  const [q, setQ] = useState("");
  const query = useDebounced(q.trim(), 200);
  const list = useDomains({ limit: 8, ...(query ? { q: query } : {}) });
  return (
    <Combobox
      label="Billing domain"
      name="domainId"
      placeholder="Search your domains"
      value={value}
      onChange={onChange}
      onQueryChange={setQ}
      items={list.data?.items ?? []}
      loading={list.isFetching || query !== q.trim()}
      getKey={(d) => d.id}
      getLabel={(d) => d.unicodeName}
      emptyText={query ? `No domain matches “${query}”.` : "No domains yet."}
      error={error}
      autoFocus
    />
  );
}

function ZoneCreateForm({ onCancel, base, portal }: { onCancel: () => void; base: string; portal: boolean }) {
  const { can } = useAuth();
  const navigate = useNavigate();
  const create = useCreateZone();
  const staff = !portal;
  const templates = useTemplates();
  const servers = useServers({ limit: 100, role: "dns" }, { enabled: staff && can("servers.read") });
  const [domain, setDomain] = useState<Domain | null>(null);
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [extra, setExtra] = useState<Record<string, string>>({});
  const form = useForm(
    { source: "name" as "name" | "domain", name: "", domainId: "", customerId: "", serverId: "", templateId: "", defaultTtl: "", variables: "", ip: "", ipv6: "", ns2: "", mx: "" },
    {
      name: (v, all) => (all.source === "name" && !String(v).trim() ? "Enter the zone's domain name, e.g. example.com." : null),
      domainId: (v, all) => (all.source === "domain" && !v ? "Choose a domain." : null),
      defaultTtl: ttlError,
    },
    { codeFields: { zone_exists: "name", template_variables_missing: "variables" } },
  );
  const v = form.values;
  const source = v.source;
  const chosen = templates.data?.find((t) => (v.templateId ? t.id === v.templateId : t.isDefault));
  const needed = chosen ? variablesNeeded(chosen.records) : [];
  const extraNames = needed.filter((n) => !(ZONE_VARIABLES as readonly string[]).includes(n));

  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="New DNS zone"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (val) => {
        const variables = zoneVariables({ ip: val.ip, ipv6: val.ipv6, ns2: val.ns2, mx: val.mx, ...Object.fromEntries(extraNames.map((n) => [n, extra[n] ?? ""])) });
        const body: ZoneCreate = {
          ...(val.source === "domain" ? { domainId: val.domainId } : { name: val.name.trim().toLowerCase().replace(/\.$/, "") }),
          ...(staff && val.source === "name" && val.customerId ? { customerId: val.customerId } : {}),
          ...(staff && val.serverId ? { serverId: val.serverId } : {}),
          ...(val.templateId ? { templateId: val.templateId } : {}),
          ...(val.defaultTtl.trim() ? { defaultTtl: Number(val.defaultTtl) } : {}),
          variables,
        };
        const zone = await create.mutateAsync(body);
        toast(`${zone.name} created: waiting for its DNS node`);
        navigate(`${base}/${zone.id}`);
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <div role="radiogroup" aria-label="Zone for" className="inline-flex rounded-md ring-1 ring-inset ring-slate-300 dark:ring-slate-700">
        {(
          [
            ["name", "A domain name"],
            ["domain", "A billing domain"],
          ] as const
        ).map(([k, label]) => (
          <button
            key={k}
            type="button"
            role="radio"
            aria-checked={source === k}
            onClick={() => form.setValue("source", k)}
            className={cn("px-3 py-1.5 text-sm font-medium first:rounded-l-md last:rounded-r-md", source === k ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-50 dark:text-slate-200 dark:hover:bg-slate-800")}
          >
            {label}
          </button>
        ))}
      </div>
      {source === "name" ? (
        <div className={cn("grid gap-4", staff && "sm:grid-cols-2")}>
          <TextField label="Zone name" placeholder="example.com" data-autofocus autoCapitalize="none" spellCheck={false} {...form.field("name")} />
          {staff && (
            <CustomerPicker
              label="Customer (optional)"
              value={customer}
              error={form.error("customerId")}
              onChange={(c) => {
                setCustomer(c);
                form.setValue("customerId", c?.id ?? "");
              }}
            />
          )}
        </div>
      ) : (
        <div className="space-y-1">
          <DomainPicker
            value={domain}
            error={form.error("domainId") ?? form.error("name")}
            onChange={(d) => {
              setDomain(d);
              form.setValue("domainId", d?.id ?? "");
            }}
          />
          <p className="text-xs text-slate-500">The zone takes the domain's name and belongs to its customer.</p>
        </div>
      )}
      <div className={cn("grid gap-4", staff ? "sm:grid-cols-3" : "sm:grid-cols-2")}>
        {staff && (
          <SelectField
            label="Server"
            hint={servers.data?.items.length === 0 ? "No server has the DNS role yet." : "Default: the first DNS node in service."}
            options={[{ value: "", label: "Pick automatically" }, ...(servers.data?.items ?? []).filter((s) => s.status !== "maintenance").map((s) => ({ value: s.id, label: `${s.name} (${s.status})` }))]}
            {...form.field("serverId")}
          />
        )}
        <SelectField
          label="Template"
          hint={templates.data && !templates.data.some((t) => t.isDefault) && !v.templateId ? "Built-in: NS, A, AAAA and MX from the variables given." : undefined}
          options={[
            { value: "", label: templates.data?.find((t) => t.isDefault) ? `Default (${templates.data.find((t) => t.isDefault)!.name})` : "Built-in" },
            ...(templates.data ?? []).filter((t) => !t.isDefault).map((t) => ({ value: t.id, label: t.name })),
          ]}
          {...form.field("templateId")}
        />
        <TextField label="Default TTL (s)" inputMode="numeric" placeholder="3600" {...form.field("defaultTtl")} />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">Variables</legend>
        <p className="text-xs text-slate-500">
          Filled into the template's placeholders; {"{domain}"}, {"{server}"} and {"{ns1}"} come from the zone and its server.
          {chosen && needed.length > 0 && <> This template uses: {needed.map((n) => `{${n}}`).join(" ")}.</>}
        </p>
        <div className="grid gap-3 sm:grid-cols-2">
          {ZONE_VARIABLES.map((k) => (
            <TextField key={k} label={VARIABLE_HELP[k].label} placeholder={VARIABLE_HELP[k].placeholder} autoCapitalize="none" spellCheck={false} {...form.field(k)} />
          ))}
          {extraNames.map((k) => (
            <TextField key={k} label={`{${k}}`} name={`var-${k}`} value={extra[k] ?? ""} onChange={(e) => setExtra((x) => ({ ...x, [k]: e.target.value }))} />
          ))}
        </div>
        {form.error("variables") && (
          <p className="text-xs text-red-600 dark:text-red-400" data-field-error>
            {form.error("variables")}
          </p>
        )}
      </fieldset>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          Create zone
        </Button>
      </div>
    </form>
  );
}
