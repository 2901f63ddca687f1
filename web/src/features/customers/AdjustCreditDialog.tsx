import { useAdjustCredit } from "@/api/customers";
import type { Customer } from "@/api/types";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { TextField } from "@/components/Field";
import { Modal } from "@/components/Modal";
import { required, useForm } from "@/lib/form";
import { add, formatMoney, moneyText, neg, parseDecimal } from "@/lib/money";
import { cn } from "@/lib/cn";
import { amount } from "../billing/validators";

/** Add or remove account credit; the ledger records the note. The balance never goes below zero (the server says so). */
export function AdjustCreditDialog({ customer, open, onClose, onDone }: { customer: Customer; open: boolean; onClose: () => void; onDone: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title="Adjust account credit" description={`Current balance: ${formatMoney(customer.creditBalance, customer.currency)}`}>
      {open && <AdjustCreditForm customer={customer} onCancel={onClose} onDone={onDone} />}
    </Modal>
  );
}

function AdjustCreditForm({ customer, onCancel, onDone }: { customer: Customer; onCancel: () => void; onDone: () => void }) {
  const adjust = useAdjustCredit(customer.id);
  const form = useForm(
    { direction: "add" as "add" | "remove", amount: "", note: "" },
    { amount: amount("Amount"), note: required("Note") },
    { codeFields: { credit_insufficient: "amount" } },
  );
  const v = form.values;
  const entered = parseDecimal(v.amount);
  const current = parseDecimal(customer.creditBalance);
  const preview = entered && current && !form.error("amount") ? add(current, v.direction === "remove" ? neg(entered) : entered) : null;

  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="Adjust credit"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (values) => {
        const a = values.amount.trim();
        await adjust.mutateAsync({ amount: values.direction === "remove" ? `-${a}` : a, note: values.note.trim() });
        onDone();
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <div className="inline-flex rounded-md p-0.5 ring-1 ring-slate-300 dark:ring-slate-700" role="radiogroup" aria-label="Direction">
        {(["add", "remove"] as const).map((d) => (
          <label
            key={d}
            className={cn(
              "cursor-pointer rounded px-3 py-1.5 text-sm font-medium",
              v.direction === d ? "bg-indigo-600 text-white" : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800",
            )}
          >
            <input type="radio" name="direction" className="sr-only" checked={v.direction === d} onChange={() => form.setValue("direction", d)} />
            {d === "add" ? "Add credit" : "Remove credit"}
          </label>
        ))}
      </div>
      <TextField label={`Amount (${customer.currency})`} inputMode="decimal" autoFocus {...form.field("amount")} />
      <TextField label="Note" placeholder="Why (kept in the ledger)" maxLength={500} {...form.field("note")} />
      {preview && (
        <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="credit-preview">
          New balance: <strong className={cn("tabular-nums", preview.units < 0n && "text-red-600")}>{formatMoney(moneyText(preview, customer.currency), customer.currency)}</strong>
          {preview.units < 0n && " — more than the customer holds."}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          {v.direction === "add" ? "Add credit" : "Remove credit"}
        </Button>
      </div>
    </form>
  );
}
