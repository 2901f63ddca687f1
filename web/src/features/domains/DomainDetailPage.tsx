import { useState } from "react";
import { Link, useParams } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useDomain, useDomainEvents, useRenewDomain, useSetDomainStatus, useUpdateDomain } from "@/api/domains";
import type { Domain, DomainStatus, DomainStatusChange } from "@/api/types";
import { Badge, Card, CardBody, CardHeader, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { Alert, EmptyState, ErrorState, PageLoader } from "@/components/Feedback";
import { Checkbox, FieldShell, SelectField, TextField, inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { Modal } from "@/components/Modal";
import { Pager, useCursorPager } from "@/components/Pagination";
import { DetailList } from "@/components/Stat";
import { Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { formatDateTime, formatDay } from "@/lib/dates";
import { useForm } from "@/lib/form";
import { formatMoney } from "@/lib/money";
import { DOMAIN_STATUS_LABELS, DomainStatusBadge } from "../billing/labels";
import { CustomerName } from "../billing/refs";
import { QuoteLine, nameserversError, parseNameservers } from "./DomainOrderDialog";
import { DomainLifecycleNote, NameserversPendingBadge, PENDING_LABELS } from "./lifecycle";

// Mirrors the server's lifecycle: what staff may mark by hand from each status (the server has the last word).
const MARKABLE: Record<DomainStatus, DomainStatusChange["status"][]> = {
  pending: ["cancelled"],
  active: ["expired", "grace", "transferred-away", "cancelled"],
  expired: ["grace", "redemption", "cancelled"],
  grace: ["redemption", "cancelled"],
  redemption: ["cancelled"],
  "transferred-away": [],
  cancelled: [],
};
const RENEWABLE: DomainStatus[] = ["active", "expired", "grace", "redemption"];

export default function DomainDetailPage() {
  const { domainId } = useParams();
  const { can } = useAuth();
  const domain = useDomain(domainId);
  const [dialog, setDialog] = useState<"renew" | "status" | "settings" | null>(null);

  if (domain.isPending) return <PageLoader label="Loading domain…" />;
  if (domain.isError) {
    return (
      <>
        <PageHeader title="Domain" />
        <ErrorState error={domain.error} onRetry={() => domain.refetch()} />
        <p className="mt-4 text-sm">
          <Link to="/domains" className="font-medium text-indigo-600 hover:underline">
            Back to domains
          </Link>
        </p>
      </>
    );
  }
  const d = domain.data;
  const write = can("domains.write");
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link to="/domains" className="hover:text-indigo-600 hover:underline">
          Domains
        </Link>{" "}
        / {d.unicodeName}
      </nav>
      <PageHeader
        title={d.unicodeName}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <DomainStatusBadge status={d.status} />
            {d.expiresAt && <span>Expires {formatDay(d.expiresAt)}</span>}
            <DomainLifecycleNote domain={d} />
            {d.autoRenew ? <Badge tone="green">Auto-renew</Badge> : <Badge>Manual renewal</Badge>}
          </span>
        }
        actions={
          write && (
            <>
              {RENEWABLE.includes(d.status) && (
                <Button icon={<Icon name="repeat" className="h-4 w-4" />} onClick={() => setDialog("renew")}>
                  Renew
                </Button>
              )}
              <Button variant="secondary" icon={<Icon name="pencil" className="h-4 w-4" />} onClick={() => setDialog("settings")}>
                Settings
              </Button>
              {MARKABLE[d.status].length > 0 && (
                <Button variant="secondary" onClick={() => setDialog("status")}>
                  Change status
                </Button>
              )}
            </>
          )
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Registration" />
          <CardBody>
            <DetailList
              items={[
                ["Customer", <CustomerName key="c" id={d.customerId} />],
                ["Name (ASCII)", <span key="n" className="font-mono">{d.name}</span>],
                ["Registered", formatDay(d.registeredAt)],
                ["Expires", formatDay(d.expiresAt)],
                ["Grace ends", formatDay(d.graceEndsOn)],
                ["Redemption ends", formatDay(d.redemptionEndsOn)],
                ["Waiting for the registrar", d.pendingOperation || d.nameserversPending ? [d.pendingOperation && PENDING_LABELS[d.pendingOperation], d.nameserversPending && "Nameserver change"].filter(Boolean).join(", ") : null],
                ["Last registrar error", d.lastError ? <span key="err" className="text-red-600 dark:text-red-400">{d.lastError} ({formatDateTime(d.lastErrorAt)})</span> : null],
                ["Registrar", d.registrar],
                ["Registrar reference", d.registrarReference],
                [
                  "Nameservers",
                  <span key="ns" className="inline-flex flex-wrap items-start gap-2" data-testid="domain-nameservers">
                    {d.nameservers.length ? <span className="font-mono whitespace-pre-line">{d.nameservers.join("\n")}</span> : "Registrar defaults"}
                    <NameserversPendingBadge domain={d} />
                  </span>,
                ],
                ["Updated", formatDateTime(d.updatedAt)],
              ]}
            />
          </CardBody>
        </Card>
        <DomainEvents domain={d} />
      </div>
      <Modal open={dialog === "renew"} onClose={() => setDialog(null)} title={`Renew ${d.unicodeName}`}>
        {dialog === "renew" && <RenewForm domain={d} onDone={() => setDialog(null)} />}
      </Modal>
      <Modal open={dialog === "status"} onClose={() => setDialog(null)} title="Change status">
        {dialog === "status" && <StatusForm domain={d} onDone={() => setDialog(null)} />}
      </Modal>
      <Modal open={dialog === "settings"} onClose={() => setDialog(null)} title="Domain settings">
        {dialog === "settings" && <SettingsForm domain={d} onDone={() => setDialog(null)} />}
      </Modal>
    </>
  );
}

function DomainEvents({ domain }: { domain: Domain }) {
  const pager = useCursorPager();
  const events = useDomainEvents(domain.id, { limit: 25, ...(pager.cursor ? { cursor: pager.cursor } : {}) });
  return (
    <Card>
      <CardHeader title="History" description="Every registrar operation and status change, with its price." />
      {events.isPending ? (
        <PageLoader label="Loading history…" />
      ) : events.isError ? (
        <div className="p-4">
          <ErrorState error={events.error} onRetry={() => events.refetch()} />
        </div>
      ) : events.data.items.length === 0 ? (
        <EmptyState title="Nothing recorded yet" />
      ) : (
        <>
          <Table label="Domain history">
            <thead className="bg-slate-50 dark:bg-slate-900/60">
              <tr>
                <Th>When</Th>
                <Th>Action</Th>
                <Th className="hidden md:table-cell">Status</Th>
                <Th className="hidden sm:table-cell">Expires</Th>
                <Th className="text-right">Price</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {events.data.items.map((e) => (
                <tr key={e.id}>
                  <Td className="whitespace-nowrap text-slate-600 dark:text-slate-300">{formatDateTime(e.occurredAt)}</Td>
                  <Td>
                    <span className="font-medium capitalize">{e.action.replace(/[_-]/g, " ")}</span>
                    {e.years ? <span className="text-slate-500"> · {e.years} y</span> : null}
                    {e.note && <div className="text-xs text-slate-500">{e.note}</div>}
                  </Td>
                  <Td className="hidden md:table-cell">
                    {e.fromStatus ? DOMAIN_STATUS_LABELS[e.fromStatus] : "—"} → {e.toStatus ? DOMAIN_STATUS_LABELS[e.toStatus] : "—"}
                  </Td>
                  <Td className="hidden sm:table-cell">{formatDay(e.expiresAt)}</Td>
                  <Td className="text-right tabular-nums">{e.price && e.currency ? formatMoney(e.price, e.currency) : "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={events.data.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={events.isFetching} />
        </>
      )}
    </Card>
  );
}

function RenewForm({ domain, onDone }: { domain: Domain; onDone: () => void }) {
  const renew = useRenewDomain();
  const form = useForm({ years: "1" }, { years: (v) => (/^(10|[1-9])$/.test(String(v).trim()) ? null : "1 to 10 years.") }, { codeFields: { tld_price_missing: "years", domain_term_too_long: "years" } });
  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="Renew domain"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (v) => {
        await renew.mutateAsync({ id: domain.id, years: Number(v.years) });
        toast(`${domain.unicodeName} renewed`);
        onDone();
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <TextField label="Years" inputMode="numeric" autoFocus {...form.field("years")} />
      <QuoteLine name={domain.name} action="renew" years={form.values.years} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          Renew
        </Button>
      </div>
    </form>
  );
}

function StatusForm({ domain, onDone }: { domain: Domain; onDone: () => void }) {
  const setStatus = useSetDomainStatus();
  const choices = MARKABLE[domain.status];
  const form = useForm({ status: choices[0] as string, note: "" }, {}, { codeFields: { domain_transition_refused: "status" } });
  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="Change domain status"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (v) => {
        await setStatus.mutateAsync({ id: domain.id, body: { status: v.status as DomainStatusChange["status"], note: v.note.trim() } });
        toast(`${domain.unicodeName} is now ${DOMAIN_STATUS_LABELS[v.status as DomainStatus].toLowerCase()}`);
        onDone();
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <SelectField label="New status" options={choices.map((s) => ({ value: s, label: DOMAIN_STATUS_LABELS[s] }))} {...form.field("status")} />
      <TextField label="Note" placeholder="Why (kept in the history)" maxLength={500} {...form.field("note")} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          Change status
        </Button>
      </div>
    </form>
  );
}

function SettingsForm({ domain, onDone }: { domain: Domain; onDone: () => void }) {
  const update = useUpdateDomain();
  const form = useForm({ autoRenew: domain.autoRenew, nameservers: domain.nameservers.join("\n") }, { nameservers: nameserversError }, { codeFields: { domain_locked: "nameservers" } });
  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="Domain settings"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (v) => {
        const ns = parseNameservers(v.nameservers);
        const body: { autoRenew?: boolean; nameservers?: string[] } = {};
        if (v.autoRenew !== domain.autoRenew) body.autoRenew = v.autoRenew;
        if (ns.join(" ") !== domain.nameservers.join(" ")) body.nameservers = ns;
        const saved = Object.keys(body).length ? await update.mutateAsync({ id: domain.id, body }) : domain;
        toast(saved.nameserversPending && body.nameservers ? `${domain.unicodeName} saved; the registrar gets the nameservers shortly` : `${domain.unicodeName} saved`);
        onDone();
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <Checkbox label="Renew automatically" hint="The billing run renews it before it expires." name="autoRenew" checked={form.values.autoRenew} onChange={(e) => form.setValue("autoRenew", e.target.checked)} />
      <FieldShell label="Nameservers" error={form.error("nameservers")} hint="One per line; none for the registrar's defaults. A registered domain's go to the registrar in the background.">
        {({ id, describedBy, invalid }) => (
          <textarea id={id} rows={4} spellCheck={false} aria-describedby={describedBy} aria-invalid={invalid || undefined} className={inputClass} {...form.field("nameservers")} />
        )}
      </FieldShell>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          Save
        </Button>
      </div>
    </form>
  );
}
