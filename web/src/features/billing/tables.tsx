import type { ReactNode } from "react";
import { Link, useNavigate } from "react-router";
import type { InvoiceSummary, Payment } from "@/api/types";
import type { SortState } from "@/components/ListPage";
import { AddedTd, SortTh, Table, Td, Th } from "@/components/Table";
import { formatDateTime, formatDay } from "@/lib/dates";
import { compare, formatMoney, isZero, parseDecimal } from "@/lib/money";
import { InvoiceStatusBadge, PAYMENT_METHOD_LABELS, PaymentStatusBadge } from "./labels";
import { CustomerName, InvoiceRef } from "./refs";

export const nonZero = (amount: string) => {
  const d = parseDecimal(amount);
  return !!d && !isZero(d);
};
const differs = (a: string, b: string) => {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  return !!x && !!y && compare(x, y) !== 0;
};

const thead = "bg-slate-50 dark:bg-slate-900/60";
const row = "cursor-pointer hover:bg-slate-50 dark:hover:bg-slate-800/40";

/** A header that sorts the list on the server when the page passes `sort`, a plain one otherwise. */
function Head({ field, sort, className, children }: { field: string; sort?: SortState; className?: string; children: ReactNode }) {
  if (!sort) return <Th className={className}>{children}</Th>;
  return (
    <SortTh field={field} sort={sort.value} onSort={sort.onSort} className={className}>
      {children}
    </SortTh>
  );
}

export function InvoiceTable({
  items,
  base = "/invoices",
  showCustomer = true,
  label = "Invoices",
  sort,
}: {
  items: InvoiceSummary[];
  base?: string;
  showCustomer?: boolean;
  label?: string;
  sort?: SortState;
}) {
  const navigate = useNavigate();
  return (
    <Table label={label}>
      <thead className={thead}>
        <tr>
          <Head field="number" sort={sort}>
            Number
          </Head>
          {showCustomer && <Th className="hidden md:table-cell">Customer</Th>}
          <Th>Status</Th>
          <Head field="dueDate" sort={sort} className="hidden sm:table-cell">
            Due
          </Head>
          <Head field="total" sort={sort} className="text-right">
            Total
          </Head>
          <Th className="hidden text-right sm:table-cell">Balance</Th>
          {sort && (
            <Head field="createdAt" sort={sort} className="hidden xl:table-cell">
              Created
            </Head>
          )}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {items.map((i) => (
          <tr key={i.id} data-testid="invoice-row" className={row} onClick={() => navigate(`${base}/${i.id}`)}>
            <Td>
              <Link to={`${base}/${i.id}`} className="font-medium hover:text-indigo-600 hover:underline" onClick={(e) => e.stopPropagation()}>
                {i.invoiceNumber ?? <span className="italic text-slate-500">Draft</span>}
              </Link>
              <div className="text-xs text-slate-500">{i.issueDate ? `Issued ${formatDay(i.issueDate)}` : "Not issued"}</div>
            </Td>
            {showCustomer && (
              <Td className="hidden md:table-cell">
                <CustomerName id={i.customerId} />
              </Td>
            )}
            <Td>
              <InvoiceStatusBadge status={i.status} />
            </Td>
            <Td className="hidden whitespace-nowrap sm:table-cell">{formatDay(i.dueDate)}</Td>
            <Td className="text-right tabular-nums">{formatMoney(i.total, i.currency)}</Td>
            <Td className="hidden text-right tabular-nums sm:table-cell">{formatMoney(i.balance, i.currency)}</Td>
            {sort && <AddedTd at={i.createdAt} className="hidden xl:table-cell" />}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function PaymentTable({
  items,
  showInvoice = true,
  showCustomer = true,
  invoiceBase = "/invoices",
  actions,
  sort,
}: {
  items: Payment[];
  showInvoice?: boolean;
  showCustomer?: boolean;
  invoiceBase?: string;
  actions?: (p: Payment) => ReactNode;
  sort?: SortState;
}) {
  return (
    <Table label="Payments">
      <thead className={thead}>
        <tr>
          <Head field="receivedAt" sort={sort}>
            Received
          </Head>
          {showInvoice && <Th>Invoice</Th>}
          {showCustomer && <Th className="hidden md:table-cell">Customer</Th>}
          <Th className="hidden sm:table-cell">Method</Th>
          <Th>Status</Th>
          <Head field="amount" sort={sort} className="text-right">
            Amount
          </Head>
          {sort && (
            <Head field="createdAt" sort={sort} className="hidden xl:table-cell">
              Recorded
            </Head>
          )}
          {actions && <Th className="text-right">Actions</Th>}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {items.map((p) => (
          <tr key={p.id} data-testid="payment-row">
            <Td className="whitespace-nowrap text-slate-600 dark:text-slate-300">{formatDateTime(p.receivedAt)}</Td>
            {showInvoice && (
              <Td>
                <InvoiceRef id={p.invoiceId} base={invoiceBase} />
              </Td>
            )}
            {showCustomer && (
              <Td className="hidden md:table-cell">
                <CustomerName id={p.customerId} />
              </Td>
            )}
            <Td className="hidden sm:table-cell">
              {PAYMENT_METHOD_LABELS[p.method] ?? p.method}
              {p.reference && <div className="text-xs text-slate-500">{p.reference}</div>}
            </Td>
            <Td>
              <PaymentStatusBadge status={p.status} />
            </Td>
            <Td className="text-right tabular-nums">
              {formatMoney(p.amount, p.currency)}
              {nonZero(p.refunded) && <div className="text-xs text-slate-500">{formatMoney(p.refunded, p.currency)} refunded</div>}
              {differs(p.applied, p.amount) && <div className="text-xs text-slate-500">{formatMoney(p.applied, p.currency)} applied</div>}
            </Td>
            {sort && <AddedTd at={p.createdAt} className="hidden xl:table-cell" />}
            {actions && <Td className="whitespace-nowrap text-right">{actions(p)}</Td>}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
