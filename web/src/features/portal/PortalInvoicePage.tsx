import { Link, useParams } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useInvoice } from "@/api/invoices";
import { useCustomer } from "@/api/customers";
import { usePayments } from "@/api/payments";
import { Card, CardHeader, PageHeader } from "@/components/Card";
import { EmptyState, ErrorState, PageLoader } from "@/components/Feedback";
import { formatMoney } from "@/lib/money";
import { InvoiceStatusBadge } from "../billing/labels";
import { customerLabel } from "../billing/pickers";
import { PaymentTable } from "../billing/tables";
import { DownloadPdfButton } from "../invoices/DownloadPdfButton";
import { InvoiceDocument } from "../invoices/InvoiceDocument";
import { isOpen } from "../billing/dialogs";
import { PayNow } from "../stripe/PayNow";

/** One of the client's invoices, read-only, with the payments received for it. */
export default function PortalInvoicePage() {
  const { invoiceId } = useParams();
  const { me } = useAuth();
  const invoice = useInvoice(invoiceId);
  const customer = useCustomer(me?.customerId);
  const payments = usePayments({ invoiceId, limit: 100 }, !!invoiceId);

  const back = (
    <Link to="/portal" className="hover:text-indigo-600 hover:underline">
      Invoices
    </Link>
  );
  if (invoice.isPending) return <PageLoader label="Loading invoice…" />;
  if (invoice.isError)
    return (
      <>
        <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">{back}</nav>
        <ErrorState error={invoice.error} onRetry={() => invoice.refetch()} />
      </>
    );
  const inv = invoice.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        {back} / {inv.invoiceNumber}
      </nav>
      <PageHeader
        title={`Invoice ${inv.invoiceNumber ?? ""}`}
        description={
          <span className="inline-flex items-center gap-2">
            <InvoiceStatusBadge status={inv.status} /> {formatMoney(inv.balance, inv.currency)} due
          </span>
        }
        actions={<DownloadPdfButton id={inv.id} number={inv.invoiceNumber} />}
      />
      <div className="space-y-6">
        {isOpen(inv.status) && (
          <PayNow invoiceId={inv.id} customerId={me?.customerId} balance={inv.balance} currency={inv.currency} />
        )}
        <InvoiceDocument
          invoice={inv}
          billTo={
            customer.data ? (
              <>
                {customerLabel(customer.data)}
                <span className="block text-xs font-normal text-slate-500">{customer.data.email}</span>
              </>
            ) : undefined
          }
        />
        <Card>
          <CardHeader title="Payments" />
          {payments.isPending ? (
            <PageLoader label="Loading payments…" />
          ) : payments.isError ? (
            <div className="p-4">
              <ErrorState error={payments.error} />
            </div>
          ) : payments.data.items.length === 0 ? (
            <EmptyState title="No payment received yet" />
          ) : (
            <PaymentTable items={payments.data.items} showInvoice={false} showCustomer={false} />
          )}
        </Card>
      </div>
    </>
  );
}
