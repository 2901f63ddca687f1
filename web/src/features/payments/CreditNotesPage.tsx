import { useCreditNotes } from "@/api/payments";
import type { CreditNoteQuery } from "@/api/types";
import { Card, PageHeader } from "@/components/Card";
import { ListBody, useListPage } from "@/components/ListPage";
import { SortTh, Table, Td, Th } from "@/components/Table";
import { formatDateTime } from "@/lib/dates";
import { formatMoney } from "@/lib/money";
import { CustomerName, InvoiceRef } from "../billing/refs";

export default function CreditNotesPage() {
  const list = useListPage<CreditNoteQuery>({ pageSize: 25, defaultSort: "-createdAt" });
  const notes = useCreditNotes(list.query);
  return (
    <>
      <PageHeader title="Credit notes" description="Issued for every refund; numbered in their own gapless sequence." />
      <Card>
        <ListBody list={list} result={notes} loading="Loading credit notes…" empty={{ title: "No credit notes yet", hint: "Refunding a payment issues a credit note against its invoice." }}>
          {(items) => (
            <Table label="Credit notes">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <SortTh {...list.sortBy("number")}>Number</SortTh>
                  <Th>Invoice</Th>
                  <Th className="hidden md:table-cell">Customer</Th>
                  <Th className="hidden lg:table-cell">Reason</Th>
                  <SortTh {...list.sortBy("createdAt")} className="hidden sm:table-cell">
                    Date
                  </SortTh>
                  <SortTh {...list.sortBy("amount")} className="text-right">
                    Amount
                  </SortTh>
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
          )}
        </ListBody>
      </Card>
    </>
  );
}
