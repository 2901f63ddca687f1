import { formatMoney } from "@/lib/money";
import { cn } from "@/lib/cn";
import { inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { Button } from "@/components/Button";
import { computeTotals, newLine, type LineDraft } from "./totals";

export type LineErrors = Array<Partial<Record<"description" | "quantity" | "unitPrice" | "amount" | "taxable", string>>>;

interface Props {
  lines: LineDraft[];
  onChange: (lines: LineDraft[]) => void;
  currency: string;
  taxRate?: string;
  taxExempt?: boolean;
  errors?: LineErrors;
  /** A line's field lost focus (its line key and the field): the page shows that field's error from then on. */
  onFieldBlur?: (key: string, field: "description" | "quantity" | "unitPrice") => void;
}

/** Line items with live totals, computed exactly as you type (the saved invoice's figures come from the server). */
export function InvoiceEditor({ lines, onChange, currency, taxRate, taxExempt, errors = [], onFieldBlur }: Props) {
  const totals = computeTotals(lines, currency, { taxRate, taxExempt });
  const set = (i: number, patch: Partial<LineDraft>) => onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const money = (v: string | null) => (v === null ? "—" : formatMoney(v, currency));

  return (
    <div>
      <div className="hidden grid-cols-[minmax(0,1fr)_6rem_8rem_4.5rem_8rem_2.5rem] gap-3 px-1 pb-2 text-xs font-semibold uppercase tracking-wide text-slate-500 md:grid">
        <span>Description</span>
        <span>Qty</span>
        <span>Unit price</span>
        <span>Taxable</span>
        <span className="text-right">Amount</span>
        <span />
      </div>
      <ol className="space-y-3" aria-label="Line items">
        {lines.map((l, i) => {
          const e = errors[i] ?? {};
          const n = i + 1;
          const input = (field: "description" | "quantity" | "unitPrice") =>
            cn(inputClass, e[field] && "ring-red-500 focus:ring-red-500 dark:ring-red-500", field !== "description" && "text-right tabular-nums");
          return (
            <li
              key={l.key}
              data-testid="line-item"
              className="grid grid-cols-2 gap-3 rounded-md p-3 ring-1 ring-slate-200 md:grid-cols-[minmax(0,1fr)_6rem_8rem_4.5rem_8rem_2.5rem] md:items-start md:p-1 md:ring-0 dark:ring-slate-800"
            >
              <div className="col-span-2 md:col-span-1">
                <input
                  aria-label={`Description, line ${n}`}
                  name={`items.${i}.description`}
                  placeholder="What is billed"
                  value={l.description}
                  onChange={(ev) => set(i, { description: ev.target.value })}
                  onBlur={() => onFieldBlur?.(l.key, "description")}
                  aria-invalid={e.description ? true : undefined}
                  className={input("description")}
                />
                {e.description && <p className="mt-1 text-xs text-red-600 dark:text-red-400" data-field-error>{e.description}</p>}
              </div>
              <div>
                <span aria-hidden="true" className="mb-1 block text-xs text-slate-500 md:hidden">Qty</span>
                <input
                  aria-label={`Quantity, line ${n}`}
                  name={`items.${i}.quantity`}
                  inputMode="decimal"
                  value={l.quantity}
                  onChange={(ev) => set(i, { quantity: ev.target.value })}
                  onBlur={() => onFieldBlur?.(l.key, "quantity")}
                  aria-invalid={e.quantity ? true : undefined}
                  className={input("quantity")}
                />
                {e.quantity && <p className="mt-1 text-xs text-red-600 dark:text-red-400" data-field-error>{e.quantity}</p>}
              </div>
              <div>
                <span aria-hidden="true" className="mb-1 block text-xs text-slate-500 md:hidden">Unit price</span>
                <input
                  aria-label={`Unit price, line ${n}`}
                  name={`items.${i}.unitPrice`}
                  inputMode="decimal"
                  placeholder="0.00"
                  value={l.unitPrice}
                  onChange={(ev) => set(i, { unitPrice: ev.target.value })}
                  onBlur={() => onFieldBlur?.(l.key, "unitPrice")}
                  aria-invalid={e.unitPrice ? true : undefined}
                  className={input("unitPrice")}
                />
                {e.unitPrice && <p className="mt-1 text-xs text-red-600 dark:text-red-400" data-field-error>{e.unitPrice}</p>}
              </div>
              <label className="flex items-center gap-2 text-sm md:justify-center md:pt-2">
                <input
                  type="checkbox"
                  aria-label={`Taxable, line ${n}`}
                  checked={l.taxable}
                  onChange={(ev) => set(i, { taxable: ev.target.checked })}
                  className="h-4 w-4 rounded border-slate-300 text-indigo-600"
                />
                <span className="md:sr-only">Taxable</span>
              </label>
              <div className="flex items-center justify-end text-right md:block md:pt-2">
                <span className="mr-2 text-xs text-slate-500 md:hidden">Amount</span>
                <span className="font-medium tabular-nums" data-testid={`line-amount-${n}`}>
                  {money(totals.lines[i])}
                </span>
                {e.amount && <p className="mt-1 text-xs text-red-600 dark:text-red-400" data-field-error>{e.amount}</p>}
              </div>
              <div className="col-span-2 flex justify-end md:col-span-1 md:block">
                <button
                  type="button"
                  onClick={() => onChange(lines.filter((_, j) => j !== i))}
                  disabled={lines.length === 1}
                  className="rounded p-2 text-slate-400 hover:bg-red-50 hover:text-red-600 disabled:opacity-30 disabled:hover:bg-transparent dark:hover:bg-red-950"
                  aria-label={`Remove line ${n}`}
                  title="Remove line"
                >
                  <Icon name="trash" className="h-4 w-4" />
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <div className="mt-3">
        <Button variant="secondary" size="sm" icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => onChange([...lines, newLine()])}>
          Add line
        </Button>
      </div>

      <dl className="ml-auto mt-6 max-w-sm space-y-2 text-sm" aria-label="Totals" data-testid="live-totals">
        <div className="flex justify-between gap-4">
          <dt className="text-slate-500">Subtotal</dt>
          <dd className="tabular-nums" data-testid="subtotal">
            {money(totals.subtotal)}
          </dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-slate-500">
            Tax
            {taxExempt ? " (customer is tax exempt)" : taxRate?.trim() ? ` at ${taxRate.trim()} % on ${money(totals.taxableSubtotal)}` : ""}
          </dt>
          <dd className="tabular-nums" data-testid="tax">
            {totals.tax !== null ? money(totals.tax) : <span className="text-slate-500">by the tax rules on save</span>}
          </dd>
        </div>
        <div className="flex justify-between gap-4 border-t border-slate-200 pt-2 text-base font-semibold dark:border-slate-700">
          <dt>Total</dt>
          <dd className="tabular-nums" data-testid="total">
            {totals.total !== null ? money(totals.total) : `${money(totals.subtotal)} + tax`}
          </dd>
        </div>
        {!totals.complete && lines.some((l) => l.unitPrice.trim()) && <p className="text-xs text-amber-700 dark:text-amber-400">Lines without a valid quantity and price are not counted yet.</p>}
      </dl>
    </div>
  );
}
