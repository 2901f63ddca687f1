import { useState } from "react";
import { Link, useParams } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useCancelInvoice, useInvoice, useIssueInvoice } from "@/api/invoices";
import { useCreditNotes, usePayments } from "@/api/payments";
import { useCustomer } from "@/api/customers";
import { errorMessage } from "@/api/errors";
import type { Payment } from "@/api/types";
import { Card, CardHeader, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { DownloadPdfButton } from "./DownloadPdfButton";
import { Alert, EmptyState, ErrorState, PageLoader } from "@/components/Feedback";
import { Icon } from "@/components/icons";
import { ConfirmDialog } from "@/components/Modal";
import { Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { formatDateTime } from "@/lib/dates";
import { formatMoney, parseDecimal } from "@/lib/money";
import { InvoiceStatusBadge } from "../billing/labels";
import { customerLabel } from "../billing/pickers";
import { ApplyCreditDialog, RecordPaymentDialog, RefundDialog, isOpen, refundable } from "../billing/dialogs";
import { PaymentTable, nonZero } from "../billing/tables";
import { InvoiceDocument } from "./InvoiceDocument";
import { PaymentAttempts } from "../stripe/PaymentAttempts";

export default function InvoiceDetailPage() {
  const { invoiceId } = useParams();
  const { can } = useAuth();
  const invoice = useInvoice(invoiceId);
  const customer = useCustomer(invoice.data?.customerId);
  const payments = usePayments({ invoiceId, limit: 100 }, can("payments.read") && !!invoiceId);
  const creditNotes = useCreditNotes({ invoiceId, limit: 100 }, can("payments.read") && !!invoiceId);
  const issue = useIssueInvoice();
  const cancel = useCancelInvoice();
  const [dialog, setDialog] = useState<"issue" | "cancel" | "pay" | "credit" | null>(null);
  const [refunding, setRefunding] = useState<Payment | null>(null);

  if (invoice.isPending) return <PageLoader label="Loading invoice…" />;
  if (invoice.isError) {
    return (
      <>
        <PageHeader title="Invoice" />
        <ErrorState error={invoice.error} onRetry={() => invoice.refetch()} />
        <p className="mt-4 text-sm">
          <Link to="/invoices" className="font-medium text-indigo-600 hover:underline">
            Back to invoices
          </Link>
        </p>
      </>
    );
  }
  const inv = invoice.data;
  const open = isOpen(inv.status);
  const draft = inv.status === "draft";
  const credit = customer.data ? parseDecimal(customer.data.creditBalance) : null;
  const hasCredit = !!credit && credit.units > 0n;
  const title = inv.invoiceNumber ? `Invoice ${inv.invoiceNumber}` : "Draft invoice";

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link to="/invoices" className="hover:text-indigo-600 hover:underline">
          Invoices
        </Link>{" "}
        / {inv.invoiceNumber ?? "Draft"}
      </nav>
      <PageHeader
        title={title}
        description={
          <span className="inline-flex flex-wrap items-center gap-2" data-testid="invoice-status">
            <InvoiceStatusBadge status={inv.status} />
            <span>
              {formatMoney(inv.total, inv.currency)} · {formatMoney(inv.balance, inv.currency)} due
            </span>
          </span>
        }
        actions={
          <>
            <DownloadPdfButton id={inv.id} number={inv.invoiceNumber} />
            {draft && can("invoices.write") && (
              <Button icon={<Icon name="send" className="h-4 w-4" />} onClick={() => { issue.reset(); setDialog("issue"); }}>
                Issue
              </Button>
            )}
            {open && can("payments.write") && (
              <Button icon={<Icon name="card" className="h-4 w-4" />} onClick={() => setDialog("pay")}>
                Record payment
              </Button>
            )}
            {open && can("payments.write") && hasCredit && (
              <Button variant="secondary" icon={<Icon name="wallet" className="h-4 w-4" />} onClick={() => setDialog("credit")}>
                Apply credit
              </Button>
            )}
            {(draft || open) && can("invoices.write") && (
              <Button variant="secondary" icon={<Icon name="ban" className="h-4 w-4" />} onClick={() => { cancel.reset(); setDialog("cancel"); }}>
                Cancel invoice
              </Button>
            )}
          </>
        }
      />

      <div className="space-y-6">
        <InvoiceDocument
          invoice={inv}
          billTo={
            customer.data ? (
              <Link to={`/customers/${customer.data.id}`} className="hover:text-indigo-600 hover:underline">
                {customerLabel(customer.data)}
                <span className="block text-xs font-normal text-slate-500">{customer.data.email}</span>
              </Link>
            ) : customer.isError ? (
              "Unknown customer"
            ) : (
              "…"
            )
          }
        />

        {can("payments.read") && (
          <Card>
            <CardHeader
              title="Payments"
              description={hasCredit && open ? `The customer holds ${formatMoney(customer.data!.creditBalance, customer.data!.currency)} of account credit.` : undefined}
            />
            {payments.isPending ? (
              <PageLoader label="Loading payments…" />
            ) : payments.isError ? (
              <div className="p-4">
                <ErrorState error={payments.error} onRetry={() => payments.refetch()} />
              </div>
            ) : payments.data.items.length === 0 ? (
              <EmptyState title="No payments yet">{open ? "Record a payment when the money arrives." : null}</EmptyState>
            ) : (
              <PaymentTable
                items={payments.data.items}
                showInvoice={false}
                showCustomer={false}
                actions={
                  can("payments.refund")
                    ? (p) =>
                        p.status !== "refunded" && nonZero(refundable(p) ?? "0") ? (
                          <Button size="sm" variant="secondary" icon={<Icon name="undo" className="h-3.5 w-3.5" />} onClick={() => setRefunding(p)} aria-label={`Refund payment of ${formatMoney(p.amount, p.currency)}`}>
                            Refund
                          </Button>
                        ) : null
                    : undefined
                }
              />
            )}
          </Card>
        )}

        {can("payments.read") && <PaymentAttempts invoiceId={invoiceId} />}

        {can("payments.read") && (creditNotes.data?.items.length ?? 0) > 0 && (
          <Card>
            <CardHeader title="Credit notes" />
            <Table label="Credit notes">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <Th>Number</Th>
                  <Th>Reason</Th>
                  <Th className="hidden sm:table-cell">Date</Th>
                  <Th className="text-right">Amount</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {creditNotes.data!.items.map((n) => (
                  <tr key={n.id}>
                    <Td className="font-medium">{n.number}</Td>
                    <Td>{n.reason}</Td>
                    <Td className="hidden text-slate-500 sm:table-cell">{formatDateTime(n.createdAt)}</Td>
                    <Td className="text-right tabular-nums">{formatMoney(n.amount, n.currency)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
        )}
      </div>

      <ConfirmDialog
        open={dialog === "issue"}
        title="Issue this invoice?"
        confirmLabel="Issue invoice"
        busy={issue.isPending}
        error={issue.isError ? <Alert>{errorMessage(issue.error)}</Alert> : null}
        onCancel={() => setDialog(null)}
        onConfirm={() =>
          issue.mutate(inv.id, {
            onSuccess: (out) => {
              setDialog(null);
              toast(`Invoice ${out.invoiceNumber ?? ""} issued`);
            },
          })
        }
      >
        <p>It gets the next invoice number, today's issue date and can then be paid. Its lines cannot change afterwards.</p>
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === "cancel"}
        title="Cancel this invoice?"
        danger
        confirmLabel="Cancel invoice"
        busy={cancel.isPending}
        error={cancel.isError ? <Alert>{errorMessage(cancel.error)}</Alert> : null}
        onCancel={() => setDialog(null)}
        onConfirm={() =>
          cancel.mutate(inv.id, {
            onSuccess: () => {
              setDialog(null);
              toast(`${title} cancelled`);
            },
          })
        }
      >
        <p>The customer no longer owes it. Its number stays used, so the sequence keeps no gaps.</p>
      </ConfirmDialog>

      <RecordPaymentDialog
        open={dialog === "pay"}
        invoice={inv}
        onClose={() => setDialog(null)}
        onDone={(p) => {
          setDialog(null);
          toast(`Payment of ${formatMoney(p.amount, p.currency)} recorded`);
        }}
      />
      <ApplyCreditDialog
        open={dialog === "credit"}
        invoice={inv}
        onClose={() => setDialog(null)}
        onDone={() => {
          setDialog(null);
          toast("Account credit applied");
        }}
      />
      <RefundDialog
        open={!!refunding}
        payment={refunding}
        onClose={() => setRefunding(null)}
        onDone={(number) => {
          setRefunding(null);
          toast(`Refunded; credit note ${number} issued`);
        }}
      />
    </>
  );
}
