import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useCreditLedger, useCustomer } from "@/api/customers";
import { useInvoices } from "@/api/invoices";
import { usePayments } from "@/api/payments";
import { useSubscriptions } from "@/api/subscriptions";
import type { Customer } from "@/api/types";
import { Badge, Card, CardBody, CardHeader, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { EmptyState, ErrorState, PageLoader, Spinner } from "@/components/Feedback";
import { Icon } from "@/components/icons";
import { Modal } from "@/components/Modal";
import { Pager, useCursorPager } from "@/components/Pagination";
import { DetailList, Stat } from "@/components/Stat";
import { Table, Td, Th } from "@/components/Table";
import { TabPanel, Tabs } from "@/components/Tabs";
import { toast } from "@/components/Toast";
import { countryName } from "@/lib/countries";
import { formatDate, formatDateTime, formatDay } from "@/lib/dates";
import { formatMoney, parseDecimal } from "@/lib/money";
import { useUrlParams } from "@/lib/urlParams";
import { cn } from "@/lib/cn";
import { CYCLE_LABELS, CustomerStatusBadge } from "../billing/labels";
import { customerLabel } from "../billing/pickers";
import { InvoiceTable, PaymentTable } from "../billing/tables";
import { AdjustCreditDialog } from "./AdjustCreditDialog";
import { CustomerForm } from "./CustomerForm";
import { PortalUsersTab } from "./PortalUsersTab";

type TabId = "overview" | "invoices" | "payments" | "subscriptions" | "credit" | "portal";

export default function CustomerDetailPage() {
  const { customerId } = useParams();
  const { can } = useAuth();
  const customer = useCustomer(customerId);
  const { params, setParam } = useUrlParams();
  const tab = (params.get("tab") ?? "overview") as TabId;
  const [editing, setEditing] = useState(false);

  if (customer.isPending) return <PageLoader label="Loading customer…" />;
  if (customer.isError) {
    return (
      <>
        <PageHeader title="Customer" />
        <ErrorState error={customer.error} onRetry={() => customer.refetch()} />
        <p className="mt-4 text-sm">
          <Link to="/customers" className="font-medium text-indigo-600 hover:underline">
            Back to customers
          </Link>
        </p>
      </>
    );
  }
  const c = customer.data;
  const tabs = [
    { id: "overview", label: "Overview" },
    { id: "invoices", label: "Invoices", hidden: !can("invoices.read") },
    { id: "payments", label: "Payments", hidden: !can("payments.read") },
    { id: "subscriptions", label: "Subscriptions", hidden: !can("subscriptions.read") },
    { id: "credit", label: "Credit" },
    { id: "portal", label: "Portal users", hidden: !can("users.read") && !can("users.write") },
  ];
  const current = tabs.find((t) => t.id === tab && !t.hidden) ? tab : "overview";

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link to="/customers" className="hover:text-indigo-600 hover:underline">
          Customers
        </Link>{" "}
        / <span>{c.name}</span>
      </nav>
      <PageHeader
        title={customerLabel(c)}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <CustomerStatusBadge status={c.status} />
            <span>{c.email}</span>
            {c.taxExempt && <Badge tone="amber">Tax exempt</Badge>}
          </span>
        }
        actions={
          <>
            {can("invoices.write") && (
              <Link
                to={`/invoices/new?customer=${c.id}`}
                className="inline-flex items-center gap-2 rounded-md bg-white px-3.5 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-700 dark:hover:bg-slate-700"
              >
                <Icon name="invoice" className="h-4 w-4" /> New invoice
              </Link>
            )}
            {can("customers.write") && (
              <Button icon={<Icon name="pencil" className="h-4 w-4" />} onClick={() => setEditing(true)}>
                Edit
              </Button>
            )}
          </>
        }
      />
      <Tabs label="Customer sections" tabs={tabs} value={current} onChange={(id) => setParam("tab", id === "overview" ? null : id)} />
      {current === "overview" && (
        <TabPanel label="Overview">
          <Overview customer={c} onAdjust={() => setParam("tab", "credit")} />
        </TabPanel>
      )}
      {current === "invoices" && (
        <TabPanel label="Invoices">
          <CustomerInvoices customer={c} />
        </TabPanel>
      )}
      {current === "payments" && (
        <TabPanel label="Payments">
          <CustomerPayments customer={c} />
        </TabPanel>
      )}
      {current === "subscriptions" && (
        <TabPanel label="Subscriptions">
          <CustomerSubscriptions customer={c} />
        </TabPanel>
      )}
      {current === "credit" && (
        <TabPanel label="Credit">
          <CreditLedger customer={c} />
        </TabPanel>
      )}
      {current === "portal" && (
        <TabPanel label="Portal users">
          <PortalUsersTab customer={c} />
        </TabPanel>
      )}

      <Modal open={editing} onClose={() => setEditing(false)} title="Edit customer" size="lg">
        {editing && (
          <CustomerForm
            customer={c}
            onCancel={() => setEditing(false)}
            onSaved={(saved) => {
              setEditing(false);
              toast(`Customer ${saved.name} saved`);
            }}
          />
        )}
      </Modal>
    </>
  );
}

function Overview({ customer: c, onAdjust }: { customer: Customer; onAdjust: () => void }) {
  const address = [c.addressLine1, c.addressLine2, [c.postcode, c.city].filter(Boolean).join(" "), c.region, countryName(c.country)].filter(Boolean);
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <CardHeader title="Details" />
        <CardBody>
          <DetailList
            items={[
              ["Type", c.kind === "company" ? "Company" : "Person"],
              ["Contact", c.name],
              ["E-mail", c.email],
              ["Phone", c.phone],
              ["Billing address", address.length ? <span className="whitespace-pre-line">{address.join("\n")}</span> : null],
              ["VAT ID", c.vatId ? <span className="font-mono">{c.vatId}</span> : null],
              ["Currency", c.currency],
              ["Customer since", formatDate(c.createdAt)],
            ]}
          />
          {c.notes && (
            <div className="mt-4 rounded-md bg-slate-50 p-3 text-sm whitespace-pre-line text-slate-700 dark:bg-slate-800/50 dark:text-slate-300">{c.notes}</div>
          )}
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Account credit" />
        <CardBody className="space-y-3">
          <dl>
            <Stat label="Balance" value={formatMoney(c.creditBalance, c.currency)} testId="credit-balance" />
          </dl>
          <p className="text-sm text-slate-500">Credit pays invoices first when applied; overpayments and refunds to credit add to it.</p>
          <Button variant="secondary" size="sm" onClick={onAdjust}>
            Open the ledger
          </Button>
        </CardBody>
      </Card>
    </div>
  );
}

function CustomerInvoices({ customer }: { customer: Customer }) {
  const pager = useCursorPager();
  const list = useInvoices({ customerId: customer.id, limit: 25, ...(pager.cursor ? { cursor: pager.cursor } : {}) });
  const { can } = useAuth();
  return (
    <Card>
      {list.isPending ? (
        <PageLoader label="Loading invoices…" />
      ) : list.isError ? (
        <div className="p-4">
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        </div>
      ) : list.data.items.length === 0 ? (
        <EmptyState
          title="No invoices for this customer"
          action={
            can("invoices.write") && (
              <Link to={`/invoices/new?customer=${customer.id}`} className="font-medium text-indigo-600 hover:underline">
                Create their first invoice
              </Link>
            )
          }
        />
      ) : (
        <>
          <InvoiceTable items={list.data.items} showCustomer={false} />
          <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={list.data.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={list.isFetching} />
        </>
      )}
    </Card>
  );
}

function CustomerPayments({ customer }: { customer: Customer }) {
  const pager = useCursorPager();
  const list = usePayments({ customerId: customer.id, limit: 25, ...(pager.cursor ? { cursor: pager.cursor } : {}) });
  return (
    <Card>
      {list.isPending ? (
        <PageLoader label="Loading payments…" />
      ) : list.isError ? (
        <div className="p-4">
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        </div>
      ) : list.data.items.length === 0 ? (
        <EmptyState title="No payments from this customer yet">Payments recorded against their invoices appear here.</EmptyState>
      ) : (
        <>
          <PaymentTable items={list.data.items} showCustomer={false} />
          <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={list.data.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={list.isFetching} />
        </>
      )}
    </Card>
  );
}

function CustomerSubscriptions({ customer }: { customer: Customer }) {
  const list = useSubscriptions({ customerId: customer.id, limit: 100 });
  return (
    <Card>
      <CardHeader
        title="Subscriptions"
        actions={
          <Link to={`/subscriptions?customerId=${customer.id}`} className="text-sm font-medium text-indigo-600 hover:underline">
            Manage
          </Link>
        }
      />
      {list.isPending ? (
        <PageLoader label="Loading subscriptions…" />
      ) : list.isError ? (
        <div className="p-4">
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        </div>
      ) : list.data.items.length === 0 ? (
        <EmptyState title="No subscriptions">Recurring services of this customer appear here.</EmptyState>
      ) : (
        <Table label="Customer subscriptions">
          <thead className="bg-slate-50 dark:bg-slate-900/60">
            <tr>
              <Th>Service</Th>
              <Th>Price</Th>
              <Th>Status</Th>
              <Th className="hidden sm:table-cell">Next billing</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {list.data.items.map((s) => (
              <tr key={s.id}>
                <Td className="font-medium">{s.description}</Td>
                <Td className="tabular-nums">
                  {formatMoney(s.price, s.currency)} <span className="text-xs text-slate-500">{CYCLE_LABELS[s.billingCycle]?.toLowerCase()}</span>
                </Td>
                <Td>
                  <Badge tone={s.status === "active" ? "green" : s.status === "suspended" ? "amber" : "gray"}>{s.status.charAt(0).toUpperCase() + s.status.slice(1)}</Badge>
                </Td>
                <Td className="hidden sm:table-cell">{formatDay(s.nextBillingDate)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

const REASONS: Record<string, string> = {
  manual: "Adjustment",
  overpayment: "Overpayment",
  refund: "Refund to credit",
  invoice: "Applied to an invoice",
  downgrade: "Plan downgrade",
};

function CreditLedger({ customer }: { customer: Customer }) {
  const { can } = useAuth();
  const pager = useCursorPager();
  const [open, setOpen] = useState(false);
  const list = useCreditLedger(customer.id, { limit: 25, ...(pager.cursor ? { cursor: pager.cursor } : {}) });
  const { reset } = pager;
  useEffect(() => reset(), [customer.creditBalance, reset]);
  return (
    <Card>
      <CardHeader
        title={
          <span>
            Balance <span className="tabular-nums">{formatMoney(customer.creditBalance, customer.currency)}</span>
          </span>
        }
        description="Every change to the account credit, newest first."
        actions={
          can("customers.credit") && (
            <Button size="sm" icon={<Icon name="wallet" className="h-4 w-4" />} onClick={() => setOpen(true)}>
              Adjust credit
            </Button>
          )
        }
      />
      {list.isPending ? (
        <PageLoader label="Loading the ledger…" />
      ) : list.isError ? (
        <div className="p-4">
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        </div>
      ) : list.data.items.length === 0 ? (
        <EmptyState title="No credit movements yet">Overpayments, refunds to credit and manual adjustments are listed here.</EmptyState>
      ) : (
        <div className="relative">
          {list.isFetching && <Spinner className="absolute right-3 top-3 h-4 w-4 text-slate-400" />}
          <Table label="Credit ledger">
            <thead className="bg-slate-50 dark:bg-slate-900/60">
              <tr>
                <Th>When</Th>
                <Th>Reason</Th>
                <Th className="hidden md:table-cell">Note</Th>
                <Th className="text-right">Amount</Th>
                <Th className="hidden text-right sm:table-cell">Balance after</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {list.data.items.map((t) => {
                const negative = (parseDecimal(t.amount)?.units ?? 0n) < 0n;
                return (
                  <tr key={t.id} data-testid="credit-row">
                    <Td className="whitespace-nowrap text-slate-600 dark:text-slate-300">{formatDateTime(t.createdAt)}</Td>
                    <Td>{REASONS[t.reason] ?? t.reason}</Td>
                    <Td className="hidden max-w-xs truncate text-slate-500 md:table-cell" title={t.note}>
                      {t.note || "—"}
                    </Td>
                    <Td className={cn("text-right tabular-nums", negative ? "text-red-600 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400")}>
                      {negative ? "" : "+"}
                      {formatMoney(t.amount, t.currency)}
                    </Td>
                    <Td className="hidden text-right tabular-nums sm:table-cell">{formatMoney(t.balanceAfter, t.currency)}</Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={list.data.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={list.isFetching} />
        </div>
      )}
      <AdjustCreditDialog
        customer={customer}
        open={open}
        onClose={() => setOpen(false)}
        onDone={() => {
          setOpen(false);
          toast("Account credit adjusted");
        }}
      />
    </Card>
  );
}
