import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useInvoices } from "@/api/invoices";
import { INVOICE_STATUSES, type InvoiceSort, type InvoiceStatus } from "@/api/types";
import { Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { EmptyState, ErrorState, PageLoader, Spinner } from "@/components/Feedback";
import { inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { Pager, useCursorPager } from "@/components/Pagination";
import { useUrlParams } from "@/lib/urlParams";
import { INVOICE_STATUS_LABELS } from "../billing/labels";
import { InvoiceTable } from "../billing/tables";

const PAGE_SIZE = 25;

export const newInvoiceLink =
  "inline-flex items-center justify-center gap-2 rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500";

export default function InvoicesPage() {
  const { can } = useAuth();
  const canWrite = can("invoices.write");
  const { params, setParam, clear } = useUrlParams();
  const number = params.get("number") ?? "";
  const status = (params.get("status") ?? "") as InvoiceStatus | "";
  const sort = (params.get("sort") ?? "") as InvoiceSort | "";
  const [search, setSearch] = useState(number);
  const pager = useCursorPager();

  useEffect(() => setSearch(number), [number]);
  useEffect(() => {
    if (search === number) return;
    const t = setTimeout(() => setParam("number", search.trim() || null), 300);
    return () => clearTimeout(t);
  }, [search]);
  const { reset } = pager;
  useEffect(() => reset(), [number, status, sort, reset]);

  const list = useInvoices({
    limit: PAGE_SIZE,
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
    ...(number ? { number } : {}),
    ...(status ? { status } : {}),
    ...(sort ? { sort } : {}),
  });
  const items = list.data?.items ?? [];
  const filtered = !!(number || status);

  return (
    <>
      <PageHeader
        title="Invoices"
        description="Drafts, open and settled invoices, newest first."
        actions={
          canWrite && (
            <Link to="/invoices/new" className={newInvoiceLink}>
              <Icon name="plus" className="h-4 w-4" /> New invoice
            </Link>
          )
        }
      />
      <Card>
        <div className="flex flex-col gap-3 border-b border-slate-200 p-4 sm:flex-row dark:border-slate-800">
          <div className="relative flex-1">
            <Icon name="search" className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" />
            <input
              type="search"
              aria-label="Search by invoice number"
              placeholder="Invoice number starts with…"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              className={`${inputClass} pl-9`}
            />
          </div>
          <select aria-label="Filter by status" value={status} onChange={(e) => setParam("status", e.target.value || null)} className={`${inputClass} sm:w-48`}>
            <option value="">All statuses</option>
            {INVOICE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {INVOICE_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        {list.isPending ? (
          <PageLoader label="Loading invoices…" />
        ) : list.isError ? (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            title={filtered ? "No invoice matches these filters" : "No invoices yet"}
            action={
              filtered ? (
                <Button variant="secondary" onClick={() => clear()}>
                  Clear filters
                </Button>
              ) : (
                canWrite && (
                  <Link to="/invoices/new" className={newInvoiceLink}>
                    Create the first invoice
                  </Link>
                )
              )
            }
          >
            {filtered ? "Invoice numbers match from the start, e.g. INV-2026." : "Invoices you create or that subscriptions generate are listed here."}
          </EmptyState>
        ) : (
          <div className="relative">
            {list.isFetching && (
              <div className="absolute right-3 top-3 text-slate-400" aria-label="Refreshing">
                <Spinner className="h-4 w-4" />
              </div>
            )}
            <InvoiceTable items={items} sort={{ value: sort, onSort: (next) => setParam("sort", next) }} />
            <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={list.isFetching} />
          </div>
        )}
      </Card>
    </>
  );
}
