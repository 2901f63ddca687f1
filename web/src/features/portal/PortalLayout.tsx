import { Suspense } from "react";
import { Navigate, NavLink, Outlet } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { Brand, UserMenu } from "@/app/Layout";
import { PageLoader } from "@/components/Feedback";
import { Icon, type IconName } from "@/components/icons";
import { useTheme } from "@/lib/theme";
import { cn } from "@/lib/cn";

const LINKS: Array<{ to: string; label: string; icon: IconName; end: boolean }> = [
  { to: "/portal", label: "Invoices", icon: "invoice", end: true },
  { to: "/portal/services", label: "Services", icon: "repeat", end: false },
  { to: "/portal/domains", label: "Domains", icon: "globe", end: false },
  { to: "/portal/dns", label: "DNS", icon: "network", end: false },
  { to: "/portal/profile", label: "Profile", icon: "user", end: false },
];

/** The client portal: a customer's own invoices, services, domains and profile, nothing of the staff panel. */
export default function PortalLayout() {
  const { me } = useAuth();
  const [theme, , toggleTheme] = useTheme();
  if (!me) return <PageLoader />;
  if (me.role !== "client") return <Navigate to="/" replace />;
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
        <div className="mx-auto flex h-14 max-w-5xl items-center gap-2 pr-3 sm:pr-6">
          {/* The links sit in the header from 1024 px; below, in their own scrolling row (a tablet has no room for both). */}
          <div className="shrink-0">
            <Brand />
          </div>
          <span className="hidden min-w-0 truncate text-sm text-slate-500 lg:inline">{me.tenantName} · Client portal</span>
          <nav aria-label="Portal" className="ml-auto hidden shrink-0 items-center gap-1 lg:flex">
            {LINKS.map((l) => (
              <PortalLink key={l.to} {...l} />
            ))}
          </nav>
          <div className="ml-auto flex shrink-0 items-center gap-1 lg:ml-2">
            <button
              type="button"
              onClick={toggleTheme}
              className="rounded p-2 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
              aria-label={theme === "dark" ? "Switch to light theme" : "Switch to dark theme"}
            >
              <Icon name={theme === "dark" ? "sun" : "moon"} />
            </button>
            <UserMenu profilePath="/portal/profile" />
          </div>
        </div>
        <nav aria-label="Portal sections" className="flex gap-1 overflow-x-auto border-t border-slate-200 px-3 py-2 lg:hidden dark:border-slate-800">
          {LINKS.map((l) => (
            <PortalLink key={l.to} {...l} />
          ))}
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-3 py-6 sm:px-6">
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}

function PortalLink({ to, label, icon, end }: { to: string; label: string; icon: IconName; end: boolean }) {
  return (
    <NavLink
      to={to}
      end={end}
      className={({ isActive }) =>
        cn(
          "flex items-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium",
          isActive ? "bg-indigo-50 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300" : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800",
        )
      }
    >
      <Icon name={icon} className="h-4 w-4" />
      {label}
    </NavLink>
  );
}
