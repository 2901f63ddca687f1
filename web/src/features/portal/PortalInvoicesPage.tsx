import { useEffect } from "react";
import { useAuth } from "@/app/auth/AuthProvider";
import { useInvoices } from "@/api/invoices";
import { type InvoiceStatus } from "@/api/types";
import { Card, CardBody } from "@/components/Card";
import { EmptyState, ErrorState, PageLoader, Spinner } from "@/components/Feedback";
import { inputClass } from "@/components/Field";
import { Pager, useCursorPager } from "@/components/Pagination";
import { Stat } from "@/components/Stat";
import { formatMoney, totalsByCurrency } from "@/lib/money";
import { useUrlParams } from "@/lib/urlParams";
import { INVOICE_STATUS_LABELS, OPEN_STATUSES } from "../billing/labels";
import { InvoiceTable } from "../billing/tables";

const PORTAL_STATUSES: InvoiceStatus[] = ["unpaid", "partially-paid", "overdue", "paid", "cancelled", "refunded"];

/** A client's own invoices (the API shows them nothing else), with what is still due. */
export default function PortalInvoicesPage() {
  const { me } = useAuth();
  const { params, setParam } = useUrlParams();
  const status = (params.get("status") ?? "") as InvoiceStatus | "";
  const pager = useCursorPager();
  const { reset } = pager;
  useEffect(() => reset(), [status, reset]);
  const list = useInvoices({ limit: 25, ...(pager.cursor ? { cursor: pager.cursor } : {}), ...(status ? { status } : {}) });
  // What is due: the open invoices' balances, per currency (first 200 are plenty for one customer).
  const open = useInvoices({ limit: 200 });
  const due = totalsByCurrency((open.data?.items ?? []).filter((i) => OPEN_STATUSES.includes(i.status)).map((i) => ({ amount: i.balance, currency: i.currency })));
  const firstName = me?.name?.split(" ")[0] || me?.email;

  return (
    <>
      <div className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight" data-testid="welcome">
          Hello, {firstName}
        </h1>
        <p className="mt-1 text-sm text-slate-500">Your invoices from {me?.tenantName}.</p>
      </div>
      <Card className="mb-6">
        <CardBody>
          <dl className="grid gap-4 sm:grid-cols-3">
            <Stat
              label="Balance due"
              value={open.isPending ? "…" : Object.keys(due).length ? Object.entries(due).map(([c, a]) => formatMoney(a, c)).join(" · ") : "Nothing due"}
              testId="portal-due"
            />
            <Stat label="Open invoices" value={open.isPending ? "…" : (open.data?.items ?? []).filter((i) => OPEN_STATUSES.includes(i.status)).length} />
          </dl>
        </CardBody>
      </Card>
      <Card>
        <div className="border-b border-slate-200 p-4 dark:border-slate-800">
          <select aria-label="Filter by status" value={status} onChange={(e) => setParam("status", e.target.value || null)} className={`${inputClass} sm:w-48`}>
            <option value="">All invoices</option>
            {PORTAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {INVOICE_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        {list.isPending ? (
          <PageLoader label="Loading your invoices…" />
        ) : list.isError ? (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          </div>
        ) : list.data.items.length === 0 ? (
          <EmptyState title={status ? "No invoice with this status" : "No invoices yet"}>Invoices sent to you appear here.</EmptyState>
        ) : (
          <div className="relative">
            {list.isFetching && <Spinner className="absolute right-3 top-3 h-4 w-4 text-slate-400" />}
            <InvoiceTable items={list.data.items} base="/portal/invoices" showCustomer={false} label="Your invoices" />
            <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={list.data.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={list.isFetching} />
          </div>
        )}
      </Card>
    </>
  );
}
