import { add, AMOUNT_PATTERN, lineAmount, moneyText, parseDecimal, percentOf, sum, ZERO, type Decimal } from "@/lib/money";

export interface LineDraft {
  key: string;
  description: string;
  quantity: string;
  unitPrice: string;
  taxable: boolean;
}

export interface Totals {
  /** Each line's amount (quantity x unit price, rounded to the currency), null while a number is missing or invalid. */
  lines: Array<string | null>;
  subtotal: string;
  taxableSubtotal: string;
  /** The tax when it can be known here (one override rate, or a tax-exempt customer); null: the tax rules decide on save. */
  tax: string | null;
  total: string | null;
  /** Every line has a valid quantity and unit price. */
  complete: boolean;
}

const valid = (text: string): Decimal | null => (AMOUNT_PATTERN.test(text.trim()) ? parseDecimal(text) : null);

/**
 * The invoice's totals as the server will compute them for tax-exclusive prices: exact decimals,
 * each line rounded half-up to the currency's minor unit, then summed. Only a preview: after saving,
 * the server's figures are shown.
 */
export function computeTotals(lines: LineDraft[], currency: string, opts: { taxRate?: string; taxExempt?: boolean } = {}): Totals {
  const amounts = lines.map((l) => {
    const q = valid(l.quantity);
    const p = valid(l.unitPrice);
    return q && p ? lineAmount(q, p, currency) : null;
  });
  const subtotal = sum(amounts.filter((a): a is Decimal => a !== null));
  const taxable = sum(amounts.filter((a, i): a is Decimal => a !== null && lines[i].taxable));
  let tax: Decimal | null = null;
  if (opts.taxExempt) tax = ZERO;
  else if (opts.taxRate !== undefined && opts.taxRate.trim() !== "") {
    const r = valid(opts.taxRate);
    tax = r ? percentOf(taxable, r, currency) : null;
  }
  return {
    lines: amounts.map((a) => (a ? moneyText(a, currency) : null)),
    subtotal: moneyText(subtotal, currency),
    taxableSubtotal: moneyText(taxable, currency),
    tax: tax ? moneyText(tax, currency) : null,
    total: tax ? moneyText(add(subtotal, tax), currency) : null,
    complete: amounts.every((a) => a !== null),
  };
}

let seq = 0;
export const newLine = (): LineDraft => ({ key: `line-${++seq}`, description: "", quantity: "1", unitPrice: "", taxable: true });
