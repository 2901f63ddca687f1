import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useCustomer } from "@/api/customers";
import { useCreateInvoice } from "@/api/invoices";
import { ApiError, errorMessage } from "@/api/errors";
import type { Customer, InvoiceCreate } from "@/api/types";
import { Card, CardBody, CardHeader, PageHeader } from "@/components/Card";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { FieldShell, TextField, inputClass } from "@/components/Field";
import { toast } from "@/components/Toast";
import { AMOUNT_PATTERN } from "@/lib/money";
import { CustomerPicker } from "../billing/pickers";
import { today } from "../billing/labels";
import { quantity, rate } from "../billing/validators";
import { InvoiceEditor, type LineErrors } from "./InvoiceEditor";
import { newLine, type LineDraft } from "./totals";

type TopField = "customerId" | "invoiceNumber" | "issueDate" | "dueDate" | "taxRate" | "notes" | "currency";
type TopErrors = Partial<Record<TopField, string>>;

/** Split an API error into top-level field errors, per-line errors ("items.2.unitPrice") and what names no field. */
export function splitInvoiceError(e: unknown, lineCount: number): { fields: TopErrors; lines: LineErrors; general: string | null } {
  const fields: TopErrors = {};
  const lines: LineErrors = Array.from({ length: lineCount }, () => ({}));
  if (!(e instanceof ApiError)) return { fields, lines, general: errorMessage(e) };
  const rest: string[] = [];
  for (const d of e.details) {
    const path = (d.field ?? "").split(/[.[\]]+/).filter((p) => p && p !== "body");
    if (path[0] === "items" && path.length >= 3 && /^\d+$/.test(path[1])) {
      const i = Number(path[1]);
      const f = path[2] as keyof LineErrors[number];
      if (i < lineCount && ["description", "quantity", "unitPrice", "amount", "taxable"].includes(f)) {
        lines[i][f] ??= d.message;
        continue;
      }
    }
    if (path.length === 1 && ["customerId", "invoiceNumber", "issueDate", "dueDate", "taxRate", "notes", "currency"].includes(path[0])) {
      fields[path[0] as TopField] ??= d.message;
      continue;
    }
    rest.push(d.message);
  }
  const placed = Object.keys(fields).length + lines.filter((l) => Object.keys(l).length).length;
  const general = placed && !rest.length ? null : [e.message, ...rest.filter((m) => m !== e.message)].join(" ");
  return { fields, lines, general };
}

function validateLines(lines: LineDraft[]): LineErrors {
  return lines.map((l) => {
    const out: LineErrors[number] = {};
    if (!l.description.trim()) out.description = "Description is required.";
    const q = quantity(l.quantity);
    if (q) out.quantity = q;
    if (!AMOUNT_PATTERN.test(l.unitPrice.trim())) out.unitPrice = "Enter a price, e.g. 29.99.";
    return out;
  });
}

export default function NewInvoicePage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const preset = useCustomer(params.get("customer"));
  const create = useCreateInvoice();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [issueDate, setIssueDate] = useState(today());
  const [dueDate, setDueDate] = useState("");
  const [invoiceNumber, setInvoiceNumber] = useState("");
  const [taxRate, setTaxRate] = useState("");
  const [notes, setNotes] = useState("");
  const [lines, setLines] = useState<LineDraft[]>(() => [newLine()]);
  const [submitted, setSubmitted] = useState(false);
  // Fields left once ("line-3.quantity", "taxRate"): their errors show as you go, the rest after Create.
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const touch = (key: string) => setTouched((t) => (t.has(key) ? t : new Set(t).add(key)));
  const [server, setServer] = useState<{ fields: TopErrors; lines: LineErrors; general: string | null }>({ fields: {}, lines: [], general: null });
  const [busy, setBusy] = useState<"draft" | "issue" | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (preset.data && !customer) setCustomer(preset.data);
  }, [preset.data]);

  const currency = customer?.currency ?? "USD";
  const clientLines = validateLines(lines).map((errs, i) =>
    submitted ? errs : Object.fromEntries(Object.entries(errs).filter(([f]) => touched.has(`${lines[i].key}.${f}`))),
  );
  const lineErrors: LineErrors = lines.map((_, i) => ({ ...(clientLines[i] ?? {}), ...(server.lines[i] ?? {}) }));
  const fieldError = (f: TopField): string | undefined =>
    server.fields[f] ??
    (submitted && f === "customerId" && !customer ? "Choose a customer." : undefined) ??
    ((submitted || touched.has("taxRate")) && f === "taxRate" && taxRate.trim() ? (rate(taxRate) ?? undefined) : undefined);

  // Editing clears the server's word on what changed.
  const clearServer = (f?: TopField) => setServer((s) => (f ? { ...s, fields: { ...s.fields, [f]: undefined } } : s));
  const changeLines = (next: LineDraft[]) => {
    setLines(next);
    setServer((s) => ({ ...s, lines: [] }));
  };

  const submit = (draft: boolean) => async (ev?: FormEvent) => {
    ev?.preventDefault();
    setSubmitted(true);
    const invalid = !customer || validateLines(lines).some((l) => Object.keys(l).length) || (taxRate.trim() && rate(taxRate));
    if (invalid) {
      setTimeout(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus(), 0);
      return;
    }
    const body: InvoiceCreate = {
      customerId: customer.id,
      draft,
      notes: notes.trim(),
      items: lines.map((l) => ({ description: l.description.trim(), quantity: l.quantity.trim(), unitPrice: l.unitPrice.trim(), taxable: l.taxable })),
    };
    if (issueDate) body.issueDate = issueDate;
    if (dueDate) body.dueDate = dueDate;
    if (invoiceNumber.trim()) body.invoiceNumber = invoiceNumber.trim();
    if (taxRate.trim()) body.taxRate = taxRate.trim();
    setBusy(draft ? "draft" : "issue");
    setServer({ fields: {}, lines: [], general: null });
    try {
      const inv = await create.mutateAsync(body);
      toast(draft ? "Draft invoice saved" : `Invoice ${inv.invoiceNumber ?? ""} created`);
      navigate(`/invoices/${inv.id}`);
    } catch (e) {
      setServer(splitInvoiceError(e, lines.length));
      setTimeout(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus(), 0);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link to="/invoices" className="hover:text-indigo-600 hover:underline">
          Invoices
        </Link>{" "}
        / New
      </nav>
      <PageHeader title="New invoice" description="Totals update as you type; the server computes the taxes and the final figures when you save." />
      <form ref={formRef} noValidate aria-label="New invoice" onSubmit={submit(false)} className="space-y-6">
        {server.general && <Alert>{server.general}</Alert>}
        <Card>
          <CardHeader title="Customer and dates" />
          <CardBody className="grid gap-4 md:grid-cols-2">
            <div className="md:col-span-2">
              <CustomerPicker
                value={customer}
                onChange={(c) => {
                  setCustomer(c);
                  clearServer("customerId");
                }}
                error={fieldError("customerId")}
                autoFocus={!params.get("customer")}
              />
              {customer && (
                <p className="mt-1 text-xs text-slate-500">
                  Billed in {customer.currency}
                  {customer.taxExempt ? " · tax exempt" : ""} · {customer.email}
                </p>
              )}
            </div>
            <TextField label="Issue date" type="date" name="issueDate" value={issueDate} error={fieldError("issueDate")} onChange={(e) => { setIssueDate(e.target.value); clearServer("issueDate"); }} />
            <TextField
              label="Due date"
              type="date"
              name="dueDate"
              value={dueDate}
              hint="Empty: the issue date plus the payment terms."
              error={fieldError("dueDate")}
              onChange={(e) => { setDueDate(e.target.value); clearServer("dueDate"); }}
            />
            <TextField
              label="Invoice number"
              name="invoiceNumber"
              placeholder="Automatic"
              hint="Leave empty for the next number in the sequence."
              value={invoiceNumber}
              error={fieldError("invoiceNumber")}
              onChange={(e) => { setInvoiceNumber(e.target.value); clearServer("invoiceNumber"); }}
            />
            <TextField
              label="Tax rate override (%)"
              name="taxRate"
              inputMode="decimal"
              placeholder="From the tax rules"
              hint="One rate for this invoice instead of the customer's tax rules."
              value={taxRate}
              error={fieldError("taxRate")}
              onChange={(e) => { setTaxRate(e.target.value); clearServer("taxRate"); }}
              onBlur={() => touch("taxRate")}
            />
          </CardBody>
        </Card>

        <Card>
          <CardHeader title="Line items" description={`Amounts in ${currency}, rounded half-up per line like the server does.`} />
          <CardBody>
            <InvoiceEditor lines={lines} onChange={changeLines} currency={currency} taxRate={taxRate} taxExempt={customer?.taxExempt} errors={lineErrors} onFieldBlur={(key, field) => touch(`${key}.${field}`)} />
          </CardBody>
        </Card>

        <Card>
          <CardBody>
            <FieldShell label="Notes" hint="Printed on the invoice." error={fieldError("notes")}>
              {({ id, describedBy }) => (
                <textarea id={id} rows={3} aria-describedby={describedBy} className={inputClass} value={notes} onChange={(e) => setNotes(e.target.value)} />
              )}
            </FieldShell>
          </CardBody>
        </Card>

        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={() => navigate(-1)} disabled={!!busy}>
            Cancel
          </Button>
          <Button variant="secondary" onClick={() => void submit(true)()} loading={busy === "draft"} disabled={!!busy}>
            Save as draft
          </Button>
          <Button type="submit" loading={busy === "issue"} disabled={!!busy}>
            Create invoice
          </Button>
        </div>
      </form>
    </>
  );
}
