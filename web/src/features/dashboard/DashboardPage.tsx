import { Suspense, lazy } from "react";
import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { useAuth } from "@/app/auth/AuthProvider";
import { PAGES } from "@/app/pages";
import { api, unwrap } from "@/api/client";
import { useDashboardSuggestions, useDashboardSummary, useMrrTrend } from "@/api/dashboard";
import type { Suggestion } from "@/api/types";
import { Badge, Card, CardBody, CardHeader, PageHeader } from "@/components/Card";
import { Alert, EmptyState, ErrorState, PageLoader, Spinner } from "@/components/Feedback";
import { Icon, type IconName } from "@/components/icons";
import { Stat } from "@/components/Stat";
import { formatRelative } from "@/lib/dates";
import { money, statusCounts } from "./summary";

// chart.js is big: it loads with these charts only, never in the initial bundle.
const StatusChart = lazy(() => import("./StatusChart"));
const RevenueChart = lazy(() => import("./RevenueChart"));
const MrrChart = lazy(() => import("./MrrChart"));

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

const SUGGESTION_ICONS: Record<Suggestion["kind"], IconName> = {
  renewals: "repeat",
  domains_expiring: "globe",
  chase_overdue: "alert",
  chase_unpaid: "invoice",
  unsold_products: "box",
  card_failed: "card",
  server_near_capacity: "server",
};

function MrrTrendCard() {
  const trend = useMrrTrend(12);
  return (
    <Card className="mb-6">
      <CardHeader title="MRR over the last 12 months" />
      <CardBody>
        {trend.isPending ? (
          <PageLoader label="Adding up subscriptions…" />
        ) : trend.isError ? (
          <ErrorState error={trend.error} onRetry={() => trend.refetch()} />
        ) : trend.data.months.every((m) => Number(m.amount) === 0) ? (
          <EmptyState title="No recurring revenue yet" />
        ) : (
          <Suspense fallback={<PageLoader label="Loading chart…" />}>
            <MrrChart trend={trend.data} />
          </Suspense>
        )}
      </CardBody>
    </Card>
  );
}

function Suggestions() {
  const suggestions = useDashboardSuggestions();
  return (
    <Card>
      <CardHeader title="Suggestions" />
      {suggestions.isPending ? (
        <PageLoader />
      ) : suggestions.isError ? (
        <div className="p-4">
          <ErrorState error={suggestions.error} onRetry={() => suggestions.refetch()} />
        </div>
      ) : suggestions.data.items.length === 0 ? (
        <EmptyState title="Nothing to follow up">No renewals, expiring domains or invoices need you right now.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Suggestions">
          {suggestions.data.items.map((s) => (
            <li key={`${s.kind}:${s.link}`}>
              <Link to={s.link} className="flex items-center gap-3 px-5 py-3 text-sm hover:bg-slate-50 dark:hover:bg-slate-800/40">
                <Icon name={SUGGESTION_ICONS[s.kind] ?? "arrow-right"} className="h-4 w-4 shrink-0 text-indigo-600 dark:text-indigo-400" />
                <div className="min-w-0 flex-1">
                  <p className="font-medium">{s.title}</p>
                  <p className="text-xs text-slate-500">{s.detail}</p>
                </div>
                <Badge>{s.count}</Badge>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export default function DashboardPage() {
  const { me, can, canAccess } = useAuth();
  const dashboard = can("dashboard.read");
  const summary = useDashboardSummary(dashboard);
  const data = summary.data;
  const loading = <Spinner className="h-5 w-5 text-slate-400" />;
  const shortcuts = PAGES.filter((p) => p.id !== "dashboard" && p.inNav !== false && canAccess(p.access));
  const firstName = me?.name?.split(" ")[0] || me?.email;
  const counts = statusCounts(data?.invoicesByStatus ?? []);

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

      {dashboard && (
        <>
          {summary.isError ? <ErrorState className="mb-6" error={summary.error} onRetry={() => summary.refetch()} /> : null}
          <div className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Card>
              <CardBody>
                <dl>
                  <Stat label="MRR" value={data ? money(data.mrr) : loading} hint="Monthly recurring revenue by currency" testId="mrr" />
                </dl>
              </CardBody>
            </Card>
            <Card>
              <CardBody>
                <dl>
                  <Stat label="Active subscriptions" value={data ? data.activeSubscriptions : loading} testId="active-subscriptions" />
                </dl>
              </CardBody>
            </Card>
            <Card>
              <CardBody>
                <dl>
                  <Stat
                    label="Overdue"
                    value={data ? <span className={data.overdue.length ? "text-red-600 dark:text-red-400" : ""}>{money(data.overdue)}</span> : loading}
                    hint={
                      <Link to="/invoices?status=overdue" className="text-indigo-600 hover:underline">
                        Overdue invoices
                      </Link>
                    }
                    testId="overdue-total"
                  />
                </dl>
              </CardBody>
            </Card>
            <Card>
              <CardBody>
                <dl>
                  <Stat label="Renewals in 30 days" value={data ? data.renewalsNext30Days : loading} hint="Subscriptions renewing" testId="renewals" />
                </dl>
              </CardBody>
            </Card>
          </div>
          <MrrTrendCard />
          <div className="mb-6 grid grid-cols-1 gap-6 lg:grid-cols-5">
            <Card className="lg:col-span-3">
              <CardHeader title="Revenue by month" />
              <CardBody>
                {!data ? (
                  <PageLoader label="Adding up revenue…" />
                ) : data.revenueByMonth.length === 0 ? (
                  <EmptyState title="No revenue yet" />
                ) : (
                  <Suspense fallback={<PageLoader label="Loading chart…" />}>
                    <RevenueChart rows={data.revenueByMonth} />
                  </Suspense>
                )}
              </CardBody>
            </Card>
            <Card className="lg:col-span-2">
              <CardHeader title="Invoices by status" />
              <CardBody>
                {!data ? (
                  <PageLoader label="Counting invoices…" />
                ) : Object.values(counts).every((n) => n === 0) ? (
                  <EmptyState title="No invoices yet" />
                ) : (
                  <Suspense fallback={<PageLoader label="Loading chart…" />}>
                    <StatusChart counts={counts} />
                  </Suspense>
                )}
              </CardBody>
            </Card>
          </div>
        </>
      )}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        {dashboard && (
          <Card className="lg:col-span-2">
            <CardHeader
              title="Newest customers"
              actions={
                can("customers.read") && (
                  <Link to="/customers" className="text-sm font-medium text-indigo-600 hover:underline">
                    All customers
                  </Link>
                )
              }
            />
            {!data ? (
              summary.isError ? null : <PageLoader />
            ) : data.newestCustomers.length === 0 ? (
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
                {data.newestCustomers.map((c) => (
                  <li key={c.id}>
                    <Link to={`/customers/${c.id}`} className="flex items-center gap-3 px-5 py-3 text-sm hover:bg-slate-50 dark:hover:bg-slate-800/40">
                      <div className="min-w-0 flex-1">
                        <p className="truncate font-medium">{c.name}</p>
                        <p className="truncate text-xs text-slate-500">{c.email}</p>
                      </div>
                      <span className="text-xs text-slate-500">{formatRelative(c.createdAt)}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        )}
        {dashboard && <Suggestions />}
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
              <kbd className="rounded border border-slate-300 px-1.5 py-0.5 text-xs dark:border-slate-600">K</kbd> to find a customer, an invoice or a domain, or to jump anywhere.
            </p>
          </CardBody>
        </Card>
      </div>

      {shortcuts.length > 0 && (
        <section className="mt-8">
          <h2 className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500">Go to</h2>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
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
