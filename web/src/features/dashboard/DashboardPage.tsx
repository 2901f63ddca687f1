import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { useAuth } from "@/app/auth/AuthProvider";
import { PAGES } from "@/app/pages";
import { api, unwrap } from "@/api/client";
import { Badge, Card, CardBody, CardHeader, PageHeader } from "@/components/Card";
import { Alert } from "@/components/Feedback";
import { Icon } from "@/components/icons";

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

export default function DashboardPage() {
  const { me, canAccess } = useAuth();
  const shortcuts = PAGES.filter((p) => p.id !== "dashboard" && canAccess(p.access));
  const firstName = me?.name?.split(" ")[0] || me?.email;

  return (
    <>
      <PageHeader title="Dashboard" description={me?.tenantName} />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardBody className="space-y-4 py-6">
            <div>
              <h2 className="text-xl font-semibold" data-testid="welcome">
                {greeting()}, {firstName}
              </h2>
              <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">
                Welcome to MPanel. You are signed in to <strong className="text-slate-700 dark:text-slate-200">{me?.tenantName}</strong> as{" "}
                <span className="capitalize">{me?.role}</span>
                {me?.isPlatformOperator ? " (platform operator)" : ""}. Revenue, invoices and server health will appear here as
                billing and hosting come online.
              </p>
            </div>
            <p className="text-sm text-slate-500 dark:text-slate-400">
              Tip: press{" "}
              <kbd className="rounded border border-slate-300 px-1.5 py-0.5 text-xs dark:border-slate-600">Ctrl</kbd> +{" "}
              <kbd className="rounded border border-slate-300 px-1.5 py-0.5 text-xs dark:border-slate-600">K</kbd> to jump to any page or action.
            </p>
            {me && !me.totpEnabled && (
              <Alert tone="warning" title="Protect your account">
                Two-factor authentication is off.{" "}
                <Link to="/profile#two-factor" className="font-medium underline underline-offset-2">
                  Set it up
                </Link>{" "}
                in a minute with any authenticator app.
              </Alert>
            )}
          </CardBody>
        </Card>
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
