import { useQueries } from "@tanstack/react-query";
import { api, unwrap } from "@/api/client";
import { invoicesKey } from "@/api/billingKeys";
import { INVOICE_STATUSES, type InvoiceStatus, type InvoiceSummary } from "@/api/types";
import { totalsByCurrency } from "@/lib/money";

const PAGE = 200;
const MAX_PAGES = 5;

/** Every invoice with this status (following the cursor, at most MAX_PAGES pages). */
async function allWithStatus(status: InvoiceStatus, signal: AbortSignal): Promise<{ items: InvoiceSummary[]; capped: boolean }> {
  const items: InvoiceSummary[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await unwrap(api.GET("/api/invoices", { params: { query: { status, limit: PAGE, ...(cursor ? { cursor } : {}) } }, signal }));
    items.push(...page.items);
    if (!page.nextCursor) return { items, capped: false };
    cursor = page.nextCursor;
  }
  return { items, capped: true };
}

export interface InvoiceStats {
  loading: boolean;
  error: unknown;
  counts: Record<InvoiceStatus, number>;
  capped: boolean;
  open: { count: number; totals: Record<string, string> };
  overdue: { count: number; totals: Record<string, string>; items: InvoiceSummary[] };
}

const OPEN: InvoiceStatus[] = ["unpaid", "partially-paid", "overdue"];

/** Counts per status, what is open and what is overdue, from GET /api/invoices?status=… (one stream per status). */
export function useInvoiceStats(enabled: boolean, todayIso: string): InvoiceStats {
  const results = useQueries({
    queries: INVOICE_STATUSES.map((status) => ({
      queryKey: [...invoicesKey, "all-by-status", status],
      queryFn: ({ signal }: { signal: AbortSignal }) => allWithStatus(status, signal),
      enabled,
      staleTime: 30_000,
    })),
  });
  const by = Object.fromEntries(INVOICE_STATUSES.map((s, i) => [s, results[i].data?.items ?? []])) as Record<InvoiceStatus, InvoiceSummary[]>;
  const open = OPEN.flatMap((s) => by[s]);
  // Overdue: flagged by the billing run, or open and past the due date already.
  const overdue = open.filter((i) => i.status === "overdue" || i.dueDate < todayIso).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const sumBalances = (list: InvoiceSummary[]) => totalsByCurrency(list.map((i) => ({ amount: i.balance, currency: i.currency })));
  return {
    loading: results.some((r) => r.isPending && enabled),
    error: results.find((r) => r.isError)?.error ?? null,
    counts: Object.fromEntries(INVOICE_STATUSES.map((s) => [s, by[s].length])) as Record<InvoiceStatus, number>,
    capped: results.some((r) => r.data?.capped),
    open: { count: open.length, totals: sumBalances(open) },
    overdue: { count: overdue.length, totals: sumBalances(overdue), items: overdue },
  };
}
