import { useState } from "react";
import { useApplyCredit } from "@/api/invoices";
import { useRecordPayment, useRefundPayment } from "@/api/payments";
import { PAYMENT_METHODS, type Invoice, type InvoiceSummary, type Payment, type PaymentMethod } from "@/api/types";
import { useCustomer } from "@/api/customers";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { Checkbox, SelectField, TextField } from "@/components/Field";
import { Modal } from "@/components/Modal";
import { localInputToIso } from "@/lib/dates";
import { useForm } from "@/lib/form";
import { compare, formatMoney, moneyText, parseDecimal, sub, ZERO } from "@/lib/money";
import { required } from "@/lib/form";
import { OPEN_STATUSES, PAYMENT_METHOD_LABELS, options } from "./labels";
import { OpenInvoicePicker } from "./pickers";
import { amount } from "./validators";

type InvoiceLike = Pick<Invoice, "id" | "invoiceNumber" | "currency" | "balance" | "status" | "customerId">;

const Footer = ({ onCancel, submitting, label }: { onCancel: () => void; submitting: boolean; label: string }) => (
  <div className="flex justify-end gap-2 pt-2">
    <Button variant="secondary" onClick={onCancel} disabled={submitting}>
      Cancel
    </Button>
    <Button type="submit" loading={submitting}>
      {label}
    </Button>
  </div>
);

// ---------------------------------------------------------------- record a payment

/** Record an offline payment. With `invoice` it is for that invoice; without, the user picks an open one. */
export function RecordPaymentDialog({ open, invoice, onClose, onDone }: { open: boolean; invoice?: InvoiceLike; onClose: () => void; onDone: (p: Payment) => void }) {
  return (
    <Modal open={open} onClose={onClose} title="Record payment" description={invoice ? `Invoice ${invoice.invoiceNumber ?? ""} · ${formatMoney(invoice.balance, invoice.currency)} due` : "An offline payment: bank transfer, cash, cheque…"}>
      {open && <RecordPaymentForm invoice={invoice} onCancel={onClose} onDone={onDone} />}
    </Modal>
  );
}

function RecordPaymentForm({ invoice: fixed, onCancel, onDone }: { invoice?: InvoiceLike; onCancel: () => void; onDone: (p: Payment) => void }) {
  const record = useRecordPayment();
  const [picked, setPicked] = useState<InvoiceSummary | null>(null);
  const invoice: InvoiceLike | null = fixed ?? picked;
  const form = useForm(
    { invoiceId: fixed?.id ?? "", amount: fixed?.balance ?? "", method: "bank_transfer" as PaymentMethod, reference: "", receivedAt: "" },
    { invoiceId: (v) => (v ? null : "Choose the invoice this pays."), amount: amount("Amount") },
    // With a fixed invoice there is no invoice field: "invoice_not_open" then shows above the form.
    { codeFields: fixed ? {} : { invoice_not_open: "invoiceId" } },
  );
  const entered = parseDecimal(form.values.amount);
  const balance = invoice ? parseDecimal(invoice.balance) : null;
  const over = entered && balance && !form.error("amount") && compare(entered, balance) > 0 ? sub(entered, balance) : null;

  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="Record payment"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (v) => {
        const receivedAt = localInputToIso(v.receivedAt);
        const p = await record.mutateAsync({
          invoiceId: v.invoiceId,
          amount: v.amount.trim(),
          method: v.method,
          reference: v.reference.trim(),
          ...(receivedAt ? { receivedAt } : {}),
        });
        onDone(p);
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      {!fixed && (
        <OpenInvoicePicker
          value={picked}
          autoFocus
          error={form.error("invoiceId")}
          onChange={(i) => {
            setPicked(i);
            form.setValue("invoiceId", i?.id ?? "");
            if (i) form.setValue("amount", i.balance);
          }}
        />
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={`Amount${invoice ? ` (${invoice.currency})` : ""}`} inputMode="decimal" autoFocus={!!fixed} {...form.field("amount")} />
        <SelectField label="Method" options={options(PAYMENT_METHOD_LABELS, PAYMENT_METHODS)} {...form.field("method")} />
        <TextField label="Reference" placeholder="Bank reference, cheque no." maxLength={200} {...form.field("reference")} />
        <TextField label="Received at" type="datetime-local" hint="Empty: now." {...form.field("receivedAt")} />
      </div>
      {over && invoice && (
        <Alert tone="info">
          {formatMoney(moneyText(over, invoice.currency), invoice.currency)} more than the balance: the excess goes to the customer's account credit.
        </Alert>
      )}
      <Footer onCancel={onCancel} submitting={form.submitting} label="Record payment" />
    </form>
  );
}

// ---------------------------------------------------------------- apply account credit

export function ApplyCreditDialog({ open, invoice, onClose, onDone }: { open: boolean; invoice: InvoiceLike; onClose: () => void; onDone: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title="Apply account credit" description={`Invoice ${invoice.invoiceNumber ?? ""} · ${formatMoney(invoice.balance, invoice.currency)} due`}>
      {open && <ApplyCreditForm invoice={invoice} onCancel={onClose} onDone={onDone} />}
    </Modal>
  );
}

function ApplyCreditForm({ invoice, onCancel, onDone }: { invoice: InvoiceLike; onCancel: () => void; onDone: () => void }) {
  const apply = useApplyCredit();
  const customer = useCustomer(invoice.customerId);
  const form = useForm({ amount: "" }, { amount: amount("Amount", { optional: true }) }, { codeFields: { credit_insufficient: "amount", credit_amount_invalid: "amount", no_credit_available: "amount" } });
  const credit = customer.data ? parseDecimal(customer.data.creditBalance) : null;
  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="Apply credit"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (v) => {
        await apply.mutateAsync({ id: invoice.id, amount: v.amount.trim() || undefined });
        onDone();
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Available credit:{" "}
        <strong className="tabular-nums">{customer.data ? formatMoney(customer.data.creditBalance, customer.data.currency) : "…"}</strong>
      </p>
      {credit && compare(credit, ZERO) <= 0 && <Alert tone="warning">This customer has no account credit to apply.</Alert>}
      <TextField
        label={`Amount (${invoice.currency})`}
        inputMode="decimal"
        autoFocus
        placeholder="As much as covers the balance"
        hint="Leave empty to use as much credit as the balance needs."
        {...form.field("amount")}
      />
      <Footer onCancel={onCancel} submitting={form.submitting} label="Apply credit" />
    </form>
  );
}

// ---------------------------------------------------------------- refund a payment

/** What is still refundable from a payment as far as the client knows: applied - refunded (the server decides). */
export function refundable(p: Payment): string | null {
  const applied = parseDecimal(p.applied);
  const refunded = parseDecimal(p.refunded);
  if (!applied || !refunded) return null;
  return moneyText(sub(applied, refunded), p.currency);
}

export function RefundDialog({ open, payment, onClose, onDone }: { open: boolean; payment: Payment | null; onClose: () => void; onDone: (creditNote: string) => void }) {
  return (
    <Modal
      open={open}
      onClose={onClose}
      title="Refund payment"
      description={payment ? `${formatMoney(payment.amount, payment.currency)} by ${PAYMENT_METHOD_LABELS[payment.method] ?? payment.method}${payment.reference ? ` (${payment.reference})` : ""}` : undefined}
    >
      {open && payment && <RefundForm payment={payment} onCancel={onClose} onDone={onDone} />}
    </Modal>
  );
}

function RefundForm({ payment, onCancel, onDone }: { payment: Payment; onCancel: () => void; onDone: (creditNote: string) => void }) {
  const refund = useRefundPayment();
  const max = refundable(payment);
  const form = useForm(
    { amount: max ?? "", reason: "", toAccountCredit: false },
    { amount: amount("Amount", { optional: true }), reason: required("Reason") },
    { codeFields: { refund_too_large: "amount", nothing_to_refund: "amount" } },
  );
  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="Refund payment"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (v) => {
        const out = await refund.mutateAsync({
          id: payment.id,
          body: { reason: v.reason.trim(), toAccountCredit: v.toAccountCredit, ...(v.amount.trim() ? { amount: v.amount.trim() } : {}) },
        });
        onDone(out.creditNote.number);
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <TextField
        label={`Amount (${payment.currency})`}
        inputMode="decimal"
        autoFocus
        hint={max ? `Up to ${formatMoney(max, payment.currency)} of this payment was applied and not refunded yet. Empty: all of it.` : undefined}
        {...form.field("amount")}
      />
      <TextField label="Reason" placeholder="Printed on the credit note" maxLength={500} {...form.field("reason")} />
      <Checkbox
        label="Refund to account credit"
        hint="Keep the money as credit for future invoices instead of paying it back."
        name="toAccountCredit"
        checked={form.values.toAccountCredit}
        onChange={(e) => form.setValue("toAccountCredit", e.target.checked)}
      />
      <Footer onCancel={onCancel} submitting={form.submitting} label="Refund" />
    </form>
  );
}

export const isOpen = (status: Invoice["status"]) => OPEN_STATUSES.includes(status);
