import type { ReactNode } from "react";
import type { Invoice } from "@/api/types";
import { Card, CardBody } from "@/components/Card";
import { Alert } from "@/components/Feedback";
import { Table, Td, Th } from "@/components/Table";
import { formatDay } from "@/lib/dates";
import { formatMoney, formatRate } from "@/lib/money";
import { cn } from "@/lib/cn";
import { nonZero } from "../billing/tables";

/** The invoice as the customer reads it: parties, dates, lines, taxes and totals (the server's figures). */
export function InvoiceDocument({ invoice: inv, billTo }: { invoice: Invoice; billTo?: ReactNode }) {
  const money = (v: string) => formatMoney(v, inv.currency);
  const Row = ({ label, value, strong, testId }: { label: ReactNode; value: string; strong?: boolean; testId?: string }) => (
    <div className={cn("flex justify-between gap-6", strong && "border-t border-slate-200 pt-2 text-base font-semibold dark:border-slate-700")}>
      <dt className={strong ? "" : "text-slate-500 dark:text-slate-400"}>{label}</dt>
      <dd className="tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
  return (
    <Card>
      <CardBody className="space-y-6">
        <div className="grid gap-4 text-sm sm:grid-cols-3">
          <div>
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Bill to</p>
            <div className="mt-1 font-medium">{billTo ?? "—"}</div>
          </div>
          <div>
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Issued</p>
            <p className="mt-1 font-medium">{inv.issueDate ? formatDay(inv.issueDate) : "Not issued yet"}</p>
          </div>
          <div>
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Due</p>
            <p className="mt-1 font-medium">{formatDay(inv.dueDate)}</p>
          </div>
        </div>

        <div className="-mx-5">
          <Table label="Invoice items">
            <thead className="bg-slate-50 dark:bg-slate-900/60">
              <tr>
                <Th>Description</Th>
                <Th className="text-right">Qty</Th>
                <Th className="hidden text-right sm:table-cell">Unit price</Th>
                <Th className="text-right">Amount</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {inv.items.map((it) => (
                <tr key={it.id}>
                  <Td>
                    {it.description}
                    {!it.taxable && <span className="ml-2 text-xs text-slate-500">(no tax)</span>}
                  </Td>
                  <Td className="text-right tabular-nums">{it.quantity.replace(/\.0+$|(\.\d*?)0+$/, "$1")}</Td>
                  <Td className="hidden text-right tabular-nums sm:table-cell">{money(it.unitPrice)}</Td>
                  <Td className="text-right tabular-nums">{money(it.amount)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>

        <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
          <div className="max-w-md space-y-3 text-sm">
            {inv.taxNote && <Alert tone="info">{inv.taxNote}</Alert>}
            {inv.pricesIncludeTax && <p className="text-slate-500">Prices include tax.</p>}
            {inv.notes && <p className="whitespace-pre-line text-slate-600 dark:text-slate-300">{inv.notes}</p>}
          </div>
          <dl className="w-full space-y-2 text-sm sm:max-w-xs" aria-label="Invoice totals">
            <Row label="Subtotal" value={money(inv.subtotal)} testId="invoice-subtotal" />
            {inv.taxes.map((t) => (
              <Row
                key={`${t.level}-${t.name}`}
                label={
                  <span>
                    {t.name} {formatRate(t.rate)}
                    {t.compound && " (compound)"}
                    <span className="block text-xs">on {money(t.base)}</span>
                  </span>
                }
                value={money(t.amount)}
              />
            ))}
            {inv.taxes.length > 1 && <Row label="Tax total" value={money(inv.taxTotal)} />}
            {inv.taxes.length === 0 && <Row label="Tax" value={money(inv.taxTotal)} />}
            <Row label="Total" value={money(inv.total)} strong testId="invoice-total" />
            {nonZero(inv.amountPaid) && <Row label="Paid" value={`− ${money(inv.amountPaid)}`} />}
            {nonZero(inv.amountCredited) && <Row label="Credited" value={`− ${money(inv.amountCredited)}`} />}
            <Row label="Balance due" value={money(inv.balance)} strong testId="invoice-balance" />
          </dl>
        </div>
      </CardBody>
    </Card>
  );
}
