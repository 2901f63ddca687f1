import { useState } from "react";
import { useNavigate } from "react-router";
import { useDomainQuote, useRegisterDomain, useTransferDomain } from "@/api/domains";
import { errorMessage } from "@/api/errors";
import type { Customer, DomainRegister, DomainTransfer } from "@/api/types";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { Checkbox, FieldShell, TextField, inputClass } from "@/components/Field";
import { Modal } from "@/components/Modal";
import { toast } from "@/components/Toast";
import { useDebounced } from "@/components/Combobox";
import { useForm } from "@/lib/form";
import { formatMoney } from "@/lib/money";
import { CustomerPicker } from "../billing/pickers";

export const parseNameservers = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

export const nameserversError = (v: unknown) => {
  const n = parseNameservers(String(v ?? "")).length;
  return n === 1 ? "Give at least two nameservers, or none for the registrar's defaults." : n > 13 ? "At most 13 nameservers." : null;
};

const years = (v: unknown) => (/^(10|[1-9])$/.test(String(v).trim()) ? null : "1 to 10 years.");

/** The price the server quotes for this name, action and years; its error in its words. */
export function QuoteLine({ name, action, years: y }: { name: string; action: "register" | "renew" | "transfer"; years: string }) {
  const q = useDebounced(name.trim().toLowerCase(), 300);
  const n = Number(y);
  const quote = useDomainQuote(q.includes(".") && n >= 1 && n <= 10 ? { name: q, action, years: n } : null);
  if (!q.includes(".")) return null;
  if (quote.isFetching && !quote.data) return <p className="text-sm text-slate-500">Getting a price…</p>;
  if (quote.isError) return <Alert tone="warning">{errorMessage(quote.error)}</Alert>;
  if (!quote.data) return null;
  return (
    <p className="text-sm" data-testid="domain-quote">
      {quote.data.name}, {quote.data.years} year{quote.data.years > 1 ? "s" : ""}: <strong className="tabular-nums">{formatMoney(quote.data.price, quote.data.currency)}</strong>
      {quote.data.icannFeeApplies && <span className="text-slate-500"> (includes the ICANN fee)</span>}
    </p>
  );
}

export function DomainOrderDialog({ mode, onClose }: { mode: "register" | "transfer" | null; onClose: () => void }) {
  return (
    <Modal open={!!mode} onClose={onClose} title={mode === "transfer" ? "Transfer a domain in" : "Register a domain"} size="lg">
      {mode && <DomainOrderForm mode={mode} onCancel={onClose} />}
    </Modal>
  );
}

function DomainOrderForm({ mode, onCancel }: { mode: "register" | "transfer"; onCancel: () => void }) {
  const navigate = useNavigate();
  const register = useRegisterDomain();
  const transfer = useTransferDomain();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const form = useForm(
    { customerId: "", name: "", years: "1", nameservers: "", autoRenew: true, authCode: "", currentExpiry: "" },
    {
      customerId: (v) => (v ? null : "Choose the customer who owns the domain."),
      name: (v) => (String(v).trim().includes(".") ? null : "Enter a domain name, e.g. example.com."),
      years,
      nameservers: nameserversError,
    },
    { codeFields: { tld_unknown: "name", tld_price_missing: "years", domain_taken: "name", domain_not_registrable: "name", domain_term_too_long: "years" } },
  );
  const v = form.values;
  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label={mode === "transfer" ? "Transfer domain" : "Register domain"}
      className="space-y-4"
      onSubmit={form.handleSubmit(async (val) => {
        const common = {
          customerId: val.customerId,
          name: val.name.trim().toLowerCase(),
          years: Number(val.years),
          autoRenew: val.autoRenew,
          nameservers: parseNameservers(val.nameservers),
        };
        const transferBody: DomainTransfer = { ...common, ...(val.authCode.trim() ? { authCode: val.authCode.trim() } : {}), ...(val.currentExpiry ? { currentExpiry: val.currentExpiry } : {}) };
        const registerBody: DomainRegister = common;
        const { domain, event } = mode === "transfer" ? await transfer.mutateAsync(transferBody) : await register.mutateAsync(registerBody);
        toast(`${domain.name}: ${mode === "transfer" ? "transfer recorded" : "registered"}${event.note ? ` (${event.note})` : ""}`);
        navigate(`/domains/${domain.id}`);
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <CustomerPicker
        value={customer}
        autoFocus
        error={form.error("customerId")}
        onChange={(c) => {
          setCustomer(c);
          form.setValue("customerId", c?.id ?? "");
        }}
      />
      <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_8rem]">
        <TextField label="Domain name" placeholder="example.com" autoCapitalize="none" spellCheck={false} {...form.field("name")} />
        <TextField label="Years" inputMode="numeric" {...form.field("years")} />
      </div>
      <QuoteLine name={v.name} action={mode} years={v.years} />
      {mode === "transfer" && (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Auth code (EPP)" autoComplete="off" hint="Passed to the registrar, never stored." {...form.field("authCode")} />
          <TextField label="Current expiry" type="date" hint="At the losing registrar; the transfer adds the years to it." {...form.field("currentExpiry")} />
        </div>
      )}
      <FieldShell label="Nameservers" error={form.error("nameservers")} hint="One per line; none for the registrar's defaults.">
        {({ id, describedBy, invalid }) => (
          <textarea id={id} rows={3} spellCheck={false} aria-describedby={describedBy} aria-invalid={invalid || undefined} className={inputClass} placeholder={"ns1.example.net\nns2.example.net"} {...form.field("nameservers")} />
        )}
      </FieldShell>
      <Checkbox label="Renew automatically" name="autoRenew" checked={v.autoRenew} onChange={(e) => form.setValue("autoRenew", e.target.checked)} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          {mode === "transfer" ? "Transfer domain" : "Register domain"}
        </Button>
      </div>
    </form>
  );
}
