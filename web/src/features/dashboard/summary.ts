import { INVOICE_STATUSES, type InvoiceStatus, type MonthRevenue } from "@/api/types";
import { formatMoney } from "@/lib/money";

/** "2026-03" → "Mar 2026" (a calendar month, no time zone). */
export function monthLabel(month: string): string {
  const [y, m] = month.split("-").map(Number);
  if (!y || !m) return month;
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString(undefined, { month: "short", year: "numeric", timeZone: "UTC" });
}

/** Months (sorted) and, per currency, the amount of each month (0 when none). */
export function revenueSeries(rows: MonthRevenue[]) {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  const series = currencies.map((currency) => ({
    currency,
    amounts: months.map((m) => rows.find((r) => r.month === m && r.currency === currency)?.amount ?? "0"),
  }));
  return { months, series };
}

/** Amounts by currency on one line ("—" when there are none). */
export const money = (rows: Array<{ currency: string; amount: string }>) => (rows.length ? rows.map((r) => formatMoney(r.amount, r.currency)).join(" · ") : "—");

/** Invoices by status as the chart wants them: every known status, 0 when the server sent none. */
export const statusCounts = (rows: Array<{ status: string; count: number }>): Record<InvoiceStatus, number> =>
  Object.fromEntries(INVOICE_STATUSES.map((s) => [s, rows.find((r) => r.status === s)?.count ?? 0])) as Record<InvoiceStatus, number>;
