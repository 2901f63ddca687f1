import { Suspense, lazy, useCallback, useEffect, useRef, useState } from "react";
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { useAuth } from "./auth/AuthProvider";
import { NAV_GROUPS, PAGES } from "./pages";
import { Icon } from "@/components/icons";
import { PageLoader } from "@/components/Feedback";
import { useTheme } from "@/lib/theme";
import { cn } from "@/lib/cn";

const CommandPalette = lazy(() => import("./palette/CommandPalette"));
const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

function Sidebar({ onNavigate }: { onNavigate?: () => void }) {
  const { canAccess } = useAuth();
  const groups = NAV_GROUPS.map((g) => ({
    ...g,
    pages: PAGES.filter((p) => p.group === g.id && p.inNav !== false && canAccess(p.access)),
  })).filter((g) => g.pages.length > 0);

  return (
    <nav aria-label="Main" className="flex flex-1 flex-col gap-5 overflow-y-auto px-3 py-4">
      {groups.map((g) => (
        <div key={g.id}>
          {g.label && <p className="mb-1 px-3 text-[11px] font-semibold uppercase tracking-wider text-slate-400">{g.label}</p>}
          <ul className="space-y-0.5">
            {g.pages.map((p) => (
              <li key={p.id}>
                <NavLink
                  to={p.path}
                  end={p.path === "/"}
                  onClick={onNavigate}
                  onMouseEnter={() => void p.load()}
                  onFocus={() => void p.load()}
                  className={({ isActive }) =>
                    cn(
                      "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
                      isActive
                        ? "bg-indigo-50 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300"
                        : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100",
                    )
                  }
                >
                  <Icon name={p.icon} className="h-5 w-5 shrink-0" />
                  {p.title}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

/**
 * The top bar's search button. Its accessible name is its visible text (WCAG 2.5.3, label in name),
 * so "click Search or jump to" works for speech input; the shortcut is announced as a shortcut.
 */
export function PaletteButton({ onOpen, onHover }: { onOpen: () => void; onHover?: () => void }) {
  return (
    <button
      type="button"
      onClick={onOpen}
      onMouseEnter={onHover}
      className="flex min-w-0 flex-1 items-center gap-2 rounded-md px-3 py-1.5 text-sm text-slate-500 ring-1 ring-slate-200 hover:ring-slate-300 sm:max-w-sm dark:ring-slate-700"
      aria-keyshortcuts={isMac ? "Meta+K" : "Control+K"}
    >
      <Icon name="search" className="h-4 w-4 shrink-0" />
      <span className="truncate">Search or jump to…</span>
      <kbd className="ml-auto hidden rounded border border-slate-200 px-1.5 text-[10px] sm:inline dark:border-slate-700">{isMac ? "⌘K" : "Ctrl K"}</kbd>
    </button>
  );
}

export function Brand() {
  return (
    <div className="flex h-14 items-center gap-2 px-5">
      <img src="/favicon.svg" alt="" className="h-7 w-7" />
      <span className="text-lg font-semibold tracking-tight">MPanel</span>
    </div>
  );
}

export function UserMenu({ profilePath = "/profile" }: { profilePath?: string }) {
  const { me, signOut } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const initials = (me?.name || me?.email || "?")
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((s) => s[0]!.toUpperCase())
    .join("");

  const item = "flex w-full items-center gap-2 px-4 py-2 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800";
  return (
    <div className="relative" ref={ref}>
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label="User menu"
        className="flex items-center gap-2 rounded-full p-0.5 pr-2 hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        <span className="flex h-8 w-8 items-center justify-center rounded-full bg-indigo-600 text-xs font-semibold text-white">{initials}</span>
        <span className="hidden max-w-40 truncate text-sm font-medium md:inline">{me?.name || me?.email}</span>
        <Icon name="chevron-down" className="hidden h-4 w-4 text-slate-400 md:inline" />
      </button>
      {open && (
        <div role="menu" className="absolute right-0 z-40 mt-2 w-64 overflow-hidden rounded-lg bg-white py-1 shadow-lg ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700">
          <div className="border-b border-slate-200 px-4 py-3 dark:border-slate-700">
            <p className="truncate text-sm font-medium">{me?.name}</p>
            <p className="truncate text-xs text-slate-500">{me?.email}</p>
            <p className="mt-1 truncate text-xs text-slate-500">
              {me?.tenantName} · <span className="capitalize">{me?.role}</span>
            </p>
          </div>
          <button role="menuitem" type="button" className={item} onClick={() => { setOpen(false); navigate(profilePath); }}>
            <Icon name="user" className="h-4 w-4" /> Profile &amp; security
          </button>
          <button
            role="menuitem"
            type="button"
            className={item}
            onClick={async () => {
              setOpen(false);
              await signOut();
              navigate("/login");
            }}
          >
            <Icon name="logout" className="h-4 w-4" /> Log out
          </button>
        </div>
      )}
    </div>
  );
}

/** Where a client (portal) user goes instead of a staff page: invoice and DNS zone links keep their object. */
export function portalPathFor(pathname: string): string {
  const m = /^\/invoices\/([^/]+)$/.exec(pathname);
  if (m && m[1] !== "new") return `/portal/invoices/${m[1]}`;
  const dns = /^\/dns(?:\/([^/]+))?\/?$/.exec(pathname);
  if (dns) return dns[1] && dns[1] !== "templates" ? `/portal/dns/${dns[1]}` : "/portal/dns";
  return "/portal";
}

export function Layout() {
  const { me } = useAuth();
  const location = useLocation();
  // Client logins get the portal, never staff pages.
  if (me?.role === "client") return <Navigate to={portalPathFor(location.pathname)} replace />;
  return <StaffLayout />;
}

function StaffLayout() {
  const [theme, , toggleTheme] = useTheme();
  const [drawer, setDrawer] = useState(false);
  const [palette, setPalette] = useState(false);
  const [paletteLoaded, setPaletteLoaded] = useState(false);
  const location = useLocation();

  const openPalette = useCallback(() => {
    setPaletteLoaded(true);
    setPalette(true);
  }, []);

  // Ctrl+K / Cmd+K anywhere toggles the palette.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setPaletteLoaded(true);
        setPalette((o) => !o);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => setDrawer(false), [location.pathname]);

  return (
    <div className="min-h-screen">
      {/* Desktop sidebar */}
      <aside className="fixed inset-y-0 left-0 z-30 hidden w-60 flex-col border-r border-slate-200 bg-white lg:flex dark:border-slate-800 dark:bg-slate-900">
        <Brand />
        <Sidebar />
      </aside>

      {/* Mobile drawer */}
      {drawer && (
        <div className="fixed inset-0 z-40 lg:hidden" role="dialog" aria-modal="true" aria-label="Navigation">
          <div className="absolute inset-0 bg-slate-900/50" onClick={() => setDrawer(false)} aria-hidden="true" />
          <aside className="absolute inset-y-0 left-0 flex w-72 max-w-[85vw] flex-col bg-white shadow-xl dark:bg-slate-900">
            <div className="flex items-center justify-between pr-3">
              <Brand />
              <button type="button" onClick={() => setDrawer(false)} className="rounded p-2 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800" aria-label="Close navigation">
                <Icon name="x" />
              </button>
            </div>
            <Sidebar onNavigate={() => setDrawer(false)} />
          </aside>
        </div>
      )}

      <div className="lg:pl-60">
        <header className="sticky top-0 z-20 flex h-14 items-center gap-2 border-b border-slate-200 bg-white/90 px-3 backdrop-blur sm:px-6 dark:border-slate-800 dark:bg-slate-900/90">
          <button
            type="button"
            className="rounded p-2 text-slate-600 hover:bg-slate-100 lg:hidden dark:text-slate-300 dark:hover:bg-slate-800"
            onClick={() => setDrawer(true)}
            aria-label="Open navigation"
          >
            <Icon name="menu" />
          </button>
          <PaletteButton onOpen={openPalette} onHover={() => setPaletteLoaded(true)} />
          <div className="ml-auto flex items-center gap-1">
            <button
              type="button"
              onClick={toggleTheme}
              className="rounded p-2 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
              aria-label={theme === "dark" ? "Switch to light theme" : "Switch to dark theme"}
              title={theme === "dark" ? "Switch to light theme" : "Switch to dark theme"}
            >
              <Icon name={theme === "dark" ? "sun" : "moon"} />
            </button>
            <UserMenu />
          </div>
        </header>
        <main className="mx-auto max-w-7xl px-3 py-6 sm:px-6 lg:px-8">
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
      {paletteLoaded && (
        <Suspense fallback={null}>
          <CommandPalette open={palette} onClose={() => setPalette(false)} />
        </Suspense>
      )}
    </div>
  );
}
