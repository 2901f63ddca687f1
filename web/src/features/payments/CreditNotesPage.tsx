import { useCreditNotes } from "@/api/payments";
import { Card, PageHeader } from "@/components/Card";
import { EmptyState, ErrorState, PageLoader, Spinner } from "@/components/Feedback";
import { Pager, useCursorPager } from "@/components/Pagination";
import { Table, Td, Th } from "@/components/Table";
import { formatDateTime } from "@/lib/dates";
import { formatMoney } from "@/lib/money";
import { CustomerName, InvoiceRef } from "../billing/refs";

export default function CreditNotesPage() {
  const pager = useCursorPager();
  const list = useCreditNotes({ limit: 25, ...(pager.cursor ? { cursor: pager.cursor } : {}) });
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader title="Credit notes" description="Issued for every refund; numbered in their own gapless sequence." />
      <Card>
        {list.isPending ? (
          <PageLoader label="Loading credit notes…" />
        ) : list.isError ? (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState title="No credit notes yet">Refunding a payment issues a credit note against its invoice.</EmptyState>
        ) : (
          <div className="relative">
            {list.isFetching && <Spinner className="absolute right-3 top-3 h-4 w-4 text-slate-400" />}
            <Table label="Credit notes">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <Th>Number</Th>
                  <Th>Invoice</Th>
                  <Th className="hidden md:table-cell">Customer</Th>
                  <Th className="hidden lg:table-cell">Reason</Th>
                  <Th className="hidden sm:table-cell">Date</Th>
                  <Th className="text-right">Amount</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((n) => (
                  <tr key={n.id} data-testid="credit-note-row">
                    <Td className="font-medium">{n.number}</Td>
                    <Td>
                      <InvoiceRef id={n.invoiceId} />
                    </Td>
                    <Td className="hidden md:table-cell">
                      <CustomerName id={n.customerId} />
                    </Td>
                    <Td className="hidden max-w-xs truncate lg:table-cell" title={n.reason}>
                      {n.reason}
                    </Td>
                    <Td className="hidden whitespace-nowrap text-slate-500 sm:table-cell">{formatDateTime(n.createdAt)}</Td>
                    <Td className="text-right tabular-nums">{formatMoney(n.amount, n.currency)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={list.isFetching} />
          </div>
        )}
      </Card>
    </>
  );
}
