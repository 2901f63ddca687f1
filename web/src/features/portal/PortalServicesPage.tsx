import { useSubscriptions } from "@/api/subscriptions";
import { Card, PageHeader } from "@/components/Card";
import { EmptyState, ErrorState, PageLoader, Spinner } from "@/components/Feedback";
import { Pager, useCursorPager } from "@/components/Pagination";
import { Table, Td, Th } from "@/components/Table";
import { formatDay } from "@/lib/dates";
import { formatMoney } from "@/lib/money";
import { CYCLE_LABELS, SubscriptionStatusBadge } from "../billing/labels";

/** The client's services (their subscriptions; the API shows them no one else's), read-only. */
export default function PortalServicesPage() {
  const pager = useCursorPager();
  const list = useSubscriptions({ limit: 25, ...(pager.cursor ? { cursor: pager.cursor } : {}) });

  return (
    <>
      <PageHeader title="Services" description="What you subscribe to, and when it is next billed." />
      <Card>
        {list.isPending ? (
          <PageLoader label="Loading your services…" />
        ) : list.isError ? (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          </div>
        ) : list.data.items.length === 0 ? (
          <EmptyState title="No services yet">Hosting plans and other services you order appear here.</EmptyState>
        ) : (
          <div className="relative">
            {list.isFetching && <Spinner className="absolute right-3 top-3 h-4 w-4 text-slate-400" />}
            <Table label="Your services">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <Th>Service</Th>
                  <Th className="hidden sm:table-cell">Cycle</Th>
                  <Th>Price</Th>
                  <Th>Status</Th>
                  <Th className="hidden sm:table-cell">Next billing</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {list.data.items.map((s) => (
                  <tr key={s.id} data-testid="service-row">
                    <Td className="font-medium">{s.description || "Subscription"}</Td>
                    <Td className="hidden sm:table-cell">{CYCLE_LABELS[s.billingCycle] ?? s.billingCycle}</Td>
                    <Td className="tabular-nums">{formatMoney(s.price, s.currency)}</Td>
                    <Td>
                      <SubscriptionStatusBadge status={s.status} />
                      {s.cancelAtPeriodEnd && s.status === "active" && <div className="text-xs text-slate-500">ends at period end</div>}
                    </Td>
                    <Td className="hidden whitespace-nowrap sm:table-cell">{s.status === "active" || s.status === "suspended" ? formatDay(s.nextBillingDate) : "—"}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={list.data.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={list.isFetching} />
          </div>
        )}
      </Card>
    </>
  );
}
