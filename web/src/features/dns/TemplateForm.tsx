import { useState } from "react";
import { useCreateTemplate, useUpdateTemplate } from "@/api/dns";
import { ApiError, splitRowErrors } from "@/api/errors";
import type { DnsTemplate, DnsTemplateRecord } from "@/api/types";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { Checkbox, TextField, inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { toast } from "@/components/Toast";
import { required, useForm } from "@/lib/form";
import { cn } from "@/lib/cn";
import { PLACEHOLDERS, RECORD_TYPES, recordHelp, ttlError } from "./records";

interface Row {
  key: number;
  name: string;
  type: string;
  ttl: string;
  content: string;
}
let seq = 0;
const row = (r?: Partial<DnsTemplateRecord>): Row => ({ key: ++seq, name: r?.name ?? "@", type: r?.type ?? "A", ttl: r?.ttl ? String(r.ttl) : "", content: r?.content ?? "" });

export const STARTER: Array<Partial<DnsTemplateRecord>> = [
  { name: "@", type: "NS", content: "{ns1}" },
  { name: "@", type: "NS", content: "{ns2}" },
  { name: "@", type: "A", content: "{ip}" },
  { name: "www", type: "CNAME", content: "{domain}" },
  { name: "@", type: "MX", content: "10 {mx}" },
];

/** A zone template: a name, whether new zones get it by default, and its records with placeholders. */
export function TemplateForm({ template, onDone }: { template?: DnsTemplate; onDone: () => void }) {
  const create = useCreateTemplate();
  const update = useUpdateTemplate();
  const [rows, setRows] = useState<Row[]>(() => (template ? template.records : STARTER).map(row));
  const [rowErrors, setRowErrors] = useState<Record<number, Record<string, string>>>({});
  const form = useForm({ name: template?.name ?? "", isDefault: template?.isDefault ?? false }, { name: required("Name") }, { codeFields: { template_exists: "name" } });
  const setRow = (i: number, patch: Partial<Row>) => {
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setRowErrors((e) => (e[i] ? { ...e, [i]: {} } : e));
  };
  const clientRowErrors = rows.map((r) => ({ content: r.content.trim() ? undefined : "Content is required.", ttl: ttlError(r.ttl) ?? undefined }));
  const [showRowErrors, setShowRowErrors] = useState(false);
  const errorOf = (i: number, f: "name" | "type" | "ttl" | "content") => rowErrors[i]?.[f] ?? (showRowErrors ? clientRowErrors[i]?.[f as "ttl" | "content"] : undefined);

  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label={template ? "Edit template" : "New template"}
      className="space-y-4"
      onSubmit={(ev) => {
        setShowRowErrors(true);
        if (clientRowErrors.some((e) => e.content || e.ttl)) {
          ev.preventDefault();
          return;
        }
        return form.handleSubmit(async (v) => {
          const records = rows.map((r) => ({ name: r.name.trim() || "@", type: r.type, content: r.content.trim(), ...(r.ttl.trim() ? { ttl: Number(r.ttl) } : {}) }));
          const body = { name: v.name.trim(), isDefault: v.isDefault, records };
          try {
            if (template) await update.mutateAsync({ id: template.id, body });
            else await create.mutateAsync(body);
          } catch (e) {
            const { rows: byRow, rest } = splitRowErrors(e, "records");
            setRowErrors(byRow);
            if (!Object.keys(byRow).length || (rest instanceof ApiError && rest.details.length)) throw rest;
            form.setFormError("Some records need fixing (see below).");
            return;
          }
          toast(`Template ${body.name} saved`);
          onDone();
        })(ev);
      }}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" autoFocus maxLength={100} {...form.field("name")} />
        <div className="sm:pt-6">
          <Checkbox label="Default for new zones" hint="Zones made without a template get this one." name="isDefault" checked={form.values.isDefault} onChange={(e) => form.setValue("isDefault", e.target.checked)} />
        </div>
      </div>
      <div>
        <p className="text-sm font-medium text-slate-700 dark:text-slate-300">Records</p>
        <p className="text-xs text-slate-500">
          Placeholders:{" "}
          {PLACEHOLDERS.map((p) => (
            <code key={p} className="mr-1 rounded bg-slate-100 px-1 dark:bg-slate-800">{`{${p}}`}</code>
          ))}
          — {"{domain}"} is the zone, {"{server}"} and {"{ns1}"} its DNS node; the others are asked for when a zone is made.
        </p>
        <div aria-hidden="true" className="mt-3 hidden gap-2 px-2 text-xs font-semibold uppercase tracking-wide text-slate-500 sm:grid sm:grid-cols-[8rem_6rem_6rem_minmax(0,1fr)_2.5rem]">
          <span>Name</span>
          <span>Type</span>
          <span>TTL</span>
          <span>Content</span>
        </div>
        <div className="mt-1 space-y-3">
          {rows.map((r, i) => (
            <div key={r.key} data-testid="template-record" className="grid items-start gap-2 rounded-md p-2 ring-1 ring-slate-200 sm:grid-cols-[8rem_6rem_6rem_minmax(0,1fr)_2.5rem] dark:ring-slate-800">
              <CellInput label={`Name, record ${i + 1}`} value={r.name} onChange={(name) => setRow(i, { name })} error={errorOf(i, "name")} placeholder="@" />
              <div>
                <select aria-label={`Type, record ${i + 1}`} value={r.type} onChange={(e) => setRow(i, { type: e.target.value })} className={inputClass}>
                  {RECORD_TYPES.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
                {errorOf(i, "type") && <p className="mt-1 text-xs text-red-600" data-field-error>{errorOf(i, "type")}</p>}
              </div>
              <CellInput label={`TTL, record ${i + 1}`} value={r.ttl} onChange={(ttl) => setRow(i, { ttl })} error={errorOf(i, "ttl")} placeholder="zone's" />
              <CellInput label={`Content, record ${i + 1}`} value={r.content} onChange={(content) => setRow(i, { content })} error={errorOf(i, "content")} placeholder={recordHelp(r.type).placeholder.replace(/192\.0\.2\.10/, "{ip}")} />
              <Button variant="ghost" size="sm" aria-label={`Remove record ${i + 1}`} onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))} icon={<Icon name="trash" className="h-4 w-4" />} />
            </div>
          ))}
        </div>
        <Button variant="secondary" size="sm" className="mt-3" icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => setRows((rs) => [...rs, row({ name: "@", type: "A", content: "" })])}>
          Add record
        </Button>
      </div>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          {template ? "Save template" : "Create template"}
        </Button>
      </div>
    </form>
  );
}

function CellInput({ label, value, onChange, error, placeholder }: { label: string; value: string; onChange: (v: string) => void; error?: string; placeholder?: string }) {
  return (
    <div>
      <input aria-label={label} aria-invalid={error ? true : undefined} value={value} placeholder={placeholder} spellCheck={false} autoCapitalize="none" onChange={(e) => onChange(e.target.value)} className={cn(inputClass, "font-mono text-xs", error && "ring-red-500 focus:ring-red-500")} />
      {error && (
        <p className="mt-1 text-xs text-red-600 dark:text-red-400" data-field-error>
          {error}
        </p>
      )}
    </div>
  );
}
