import { Suspense, lazy } from "react";
import { Link, useNavigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { useAuth } from "@/app/auth/AuthProvider";
import { PAGES } from "@/app/pages";
import { api, unwrap } from "@/api/client";
import { useCustomers } from "@/api/customers";
import { Badge, Card, CardBody, CardHeader, PageHeader } from "@/components/Card";
import { Alert, EmptyState, ErrorState, PageLoader, Spinner } from "@/components/Feedback";
import { Icon } from "@/components/icons";
import { Stat } from "@/components/Stat";
import { formatDay, formatRelative } from "@/lib/dates";
import { formatMoney } from "@/lib/money";
import { CustomerStatusBadge, InvoiceStatusBadge, today } from "../billing/labels";
import { customerLabel } from "../billing/pickers";
import { CustomerName } from "../billing/refs";
import { useInvoiceStats } from "./stats";

// chart.js is big: it loads with this chart only, never in the initial bundle.
const StatusChart = lazy(() => import("./StatusChart"));

function greeting(d = new Date()): string {
  const h = d.getHours();
  return h < 12 ? "Good morning" : h < 18 ? "Good afternoon" : "Good evening";
}

function HealthBadge() {
  const health = useQuery({
    queryKey: ["health"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/health", { signal })),
    refetchInterval: 60_000,
  });
  if (health.isPending) return <Badge>checking…</Badge>;
  if (health.isError || health.data?.status !== "ok") return <Badge tone="red">degraded</Badge>;
  return <Badge tone="green">operational</Badge>;
}

const money = (totals: Record<string, string>) => {
  const entries = Object.entries(totals);
  if (!entries.length) return "—";
  return entries.map(([c, a]) => formatMoney(a, c)).join(" · ");
};

export default function DashboardPage() {
  const { me, can, canAccess } = useAuth();
  const navigate = useNavigate();
  const invoices = can("invoices.read");
  const customers = can("customers.read");
  const todayIso = today();
  const stats = useInvoiceStats(invoices, todayIso);
  const newest = useCustomers({ limit: 5 }, customers);
  const shortcuts = PAGES.filter((p) => p.id !== "dashboard" && p.inNav !== false && canAccess(p.access));
  const firstName = me?.name?.split(" ")[0] || me?.email;

  return (
    <>
      <PageHeader title="Dashboard" description={me?.tenantName} />
      <div className="mb-6 space-y-3">
        <h2 className="text-xl font-semibold" data-testid="welcome">
          {greeting()}, {firstName}
        </h2>
        {me && !me.totpEnabled && (
          <Alert tone="warning" title="Protect your account">
            Two-factor authentication is off.{" "}
            <Link to="/profile#two-factor" className="font-medium underline underline-offset-2">
              Set it up
            </Link>{" "}
            in a minute with any authenticator app.
          </Alert>
        )}
      </div>

      {invoices && (
        <>
          {stats.error ? <ErrorState className="mb-6" error={stats.error} /> : null}
          <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Card>
              <CardBody>
                <dl>
                  <Stat label="Open invoices" value={stats.loading ? <Spinner className="h-5 w-5 text-slate-400" /> : stats.open.count} testId="open-count" />
                </dl>
              </CardBody>
            </Card>
            <Card className="lg:col-span-2">
              <CardBody>
                <dl>
                  <Stat label="Outstanding" value={stats.loading ? "…" : money(stats.open.totals)} hint="Open balances by currency" testId="open-total" />
                </dl>
              </CardBody>
            </Card>
            <Card>
              <CardBody>
                <dl>
                  <Stat
                    label="Overdue"
                    value={stats.loading ? "…" : <span className={stats.overdue.count ? "text-red-600 dark:text-red-400" : ""}>{stats.overdue.count}</span>}
                    hint={stats.loading ? undefined : money(stats.overdue.totals)}
                    testId="overdue-count"
                  />
                </dl>
              </CardBody>
            </Card>
          </div>
          <div className="mb-6 grid gap-6 lg:grid-cols-5">
            <Card className="lg:col-span-3">
              <CardHeader title="Invoices by status" description={stats.capped ? "Counts stop at 1000 per status." : undefined} />
              <CardBody>
                {stats.loading ? (
                  <PageLoader label="Counting invoices…" />
                ) : Object.values(stats.counts).every((n) => n === 0) ? (
                  <EmptyState title="No invoices yet" />
                ) : (
                  <Suspense fallback={<PageLoader label="Loading chart…" />}>
                    <StatusChart counts={stats.counts} />
                  </Suspense>
                )}
              </CardBody>
            </Card>
            <Card className="lg:col-span-2">
              <CardHeader
                title="Overdue invoices"
                actions={
                  <Link to="/invoices?status=overdue" className="text-sm font-medium text-indigo-600 hover:underline">
                    View all
                  </Link>
                }
              />
              {stats.loading ? (
                <PageLoader />
              ) : stats.overdue.items.length === 0 ? (
                <EmptyState title="Nothing overdue">Every open invoice is within its payment terms.</EmptyState>
              ) : (
                <ul className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Overdue invoices">
                  {stats.overdue.items.slice(0, 6).map((i) => (
                    <li key={i.id}>
                      <button type="button" onClick={() => navigate(`/invoices/${i.id}`)} className="flex w-full items-center gap-3 px-5 py-3 text-left text-sm hover:bg-slate-50 dark:hover:bg-slate-800/40">
                        <div className="min-w-0 flex-1">
                          <p className="font-medium">{i.invoiceNumber}</p>
                          <p className="truncate text-xs text-slate-500">
                            <CustomerName id={i.customerId} link={false} /> · due {formatDay(i.dueDate)}
                          </p>
                        </div>
                        <div className="text-right">
                          <p className="tabular-nums">{formatMoney(i.balance, i.currency)}</p>
                          <InvoiceStatusBadge status={i.status} />
                        </div>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>
        </>
      )}

      <div className="grid gap-6 lg:grid-cols-3">
        {customers && (
          <Card className="lg:col-span-2">
            <CardHeader
              title="Newest customers"
              actions={
                <Link to="/customers" className="text-sm font-medium text-indigo-600 hover:underline">
                  All customers
                </Link>
              }
            />
            {newest.isPending ? (
              <PageLoader />
            ) : newest.isError ? (
              <div className="p-4">
                <ErrorState error={newest.error} onRetry={() => newest.refetch()} />
              </div>
            ) : newest.data.items.length === 0 ? (
              <EmptyState
                title="No customers yet"
                action={
                  can("customers.write") && (
                    <Link to="/customers?new=1" className="font-medium text-indigo-600 hover:underline">
                      Add your first customer
                    </Link>
                  )
                }
              />
            ) : (
              <ul className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Newest customers">
                {newest.data.items.map((c) => (
                  <li key={c.id}>
                    <Link to={`/customers/${c.id}`} className="flex items-center gap-3 px-5 py-3 text-sm hover:bg-slate-50 dark:hover:bg-slate-800/40">
                      <div className="min-w-0 flex-1">
                        <p className="truncate font-medium">{customerLabel(c)}</p>
                        <p className="truncate text-xs text-slate-500">{c.email}</p>
                      </div>
                      <span className="hidden text-xs text-slate-500 sm:inline">{formatRelative(c.createdAt)}</span>
                      <CustomerStatusBadge status={c.status} />
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        )}
        <Card>
          <CardHeader title="System" actions={<HealthBadge />} />
          <CardBody className="space-y-2 text-sm">
            <div className="flex justify-between">
              <span className="text-slate-500">Tenant</span>
              <span className="font-medium">{me?.tenantName}</span>
            </div>
            <div className="flex justify-between">
              <span className="text-slate-500">Your role</span>
              <span className="font-medium capitalize">{me?.role}</span>
            </div>
            <div className="flex justify-between">
              <span className="text-slate-500">Two-factor</span>
              <span className="font-medium">{me?.totpEnabled ? "On" : "Off"}</span>
            </div>
            <p className="pt-2 text-slate-500">
              Press <kbd className="rounded border border-slate-300 px-1.5 py-0.5 text-xs dark:border-slate-600">Ctrl</kbd> +{" "}
              <kbd className="rounded border border-slate-300 px-1.5 py-0.5 text-xs dark:border-slate-600">K</kbd> to find a customer or an invoice, or to jump anywhere.
            </p>
          </CardBody>
        </Card>
      </div>

      {shortcuts.length > 0 && (
        <section className="mt-8">
          <h2 className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500">Go to</h2>
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            {shortcuts.map((p) => (
              <Link
                key={p.id}
                to={p.path}
                onMouseEnter={() => void p.load()}
                className="flex items-center gap-3 rounded-lg bg-white p-4 text-sm font-medium shadow-sm ring-1 ring-slate-200 hover:ring-indigo-300 dark:bg-slate-900 dark:ring-slate-800 dark:hover:ring-indigo-700"
              >
                <Icon name={p.icon} className="h-5 w-5 text-indigo-600 dark:text-indigo-400" />
                {p.title}
                <Icon name="arrow-right" className="ml-auto h-4 w-4 text-slate-400" />
              </Link>
            ))}
          </div>
        </section>
      )}
    </>
  );
}
