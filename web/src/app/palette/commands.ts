import type { IconName } from "@/components/icons";
import { canAccess, type Access, type PermissionSubject } from "@/lib/permissions";
import { PAGES } from "../pages";

export interface PaletteContext {
  navigate: (to: string) => void;
  toggleTheme: () => void;
  logout: () => void;
  theme: "light" | "dark";
  totpEnabled?: boolean;
}

export interface PaletteCommand {
  id: string;
  label: string;
  group: "Pages" | "Actions" | "Account";
  icon?: IconName;
  keywords?: string[];
  hint?: string;
  run: () => void;
}

interface ActionDef {
  id: string;
  label: (ctx: PaletteContext) => string;
  group: PaletteCommand["group"];
  icon: IconName;
  access?: Access;
  keywords?: string[];
  run: (ctx: PaletteContext) => void;
}

/** Quick actions. Each needs the same permission as the page it acts on. */
const ACTIONS: ActionDef[] = [
  {
    id: "new-user",
    label: () => "New user",
    group: "Actions",
    icon: "plus",
    access: { permission: "users.write" },
    keywords: ["create", "add", "invite", "staff"],
    run: (c) => c.navigate("/users?new=1"),
  },
  {
    id: "new-customer",
    label: () => "New customer",
    group: "Actions",
    icon: "plus",
    access: { permission: "customers.write" },
    keywords: ["create", "add", "client", "company", "account"],
    run: (c) => c.navigate("/customers?new=1"),
  },
  {
    id: "new-invoice",
    label: () => "New invoice",
    group: "Actions",
    icon: "invoice",
    access: { permission: "invoices.write" },
    keywords: ["create", "bill", "charge"],
    run: (c) => c.navigate("/invoices/new"),
  },
  {
    id: "record-payment",
    label: () => "Record payment",
    group: "Actions",
    icon: "card",
    access: { permission: "payments.write" },
    keywords: ["pay", "received", "bank transfer", "cash", "cheque", "money"],
    run: (c) => c.navigate("/payments?record=1"),
  },
  {
    id: "add-server",
    label: () => "Add server",
    group: "Actions",
    icon: "server",
    access: { permission: "servers.write" },
    keywords: ["new", "create", "node", "enrol", "agent", "host"],
    run: (c) => c.navigate("/servers?new=1"),
  },
  {
    id: "new-dns-zone",
    label: () => "New DNS zone",
    group: "Actions",
    icon: "network",
    access: { permission: "dns.write" },
    keywords: ["create", "add", "zone", "domain", "records"],
    run: (c) => c.navigate("/dns?new=1"),
  },
  {
    id: "new-tenant",
    label: () => "New tenant",
    group: "Actions",
    icon: "plus",
    access: { platformOperator: true },
    keywords: ["create", "add", "company"],
    run: (c) => c.navigate("/tenants?new=1"),
  },
  {
    id: "change-password",
    label: () => "Change password",
    group: "Account",
    icon: "key",
    keywords: ["password", "security"],
    run: (c) => c.navigate("/profile#password"),
  },
  {
    id: "two-factor",
    label: (c) => (c.totpEnabled ? "Disable two-factor authentication" : "Set up two-factor authentication"),
    group: "Account",
    icon: "shield",
    keywords: ["2fa", "totp", "authenticator", "security", "mfa"],
    run: (c) => c.navigate("/profile#two-factor"),
  },
  {
    id: "toggle-theme",
    label: (c) => (c.theme === "dark" ? "Switch to light theme" : "Switch to dark theme"),
    group: "Account",
    icon: "moon",
    keywords: ["theme", "dark", "light", "mode", "appearance", "toggle"],
    run: (c) => c.toggleTheme(),
  },
  {
    id: "logout",
    label: () => "Log out",
    group: "Account",
    icon: "logout",
    keywords: ["sign out", "exit", "logout"],
    run: (c) => c.logout(),
  },
];

/** Everything the palette offers this user: pages and actions they may use, nothing else. */
export function buildCommands(me: PermissionSubject | null | undefined, ctx: PaletteContext): PaletteCommand[] {
  if (!me) return [];
  const pages: PaletteCommand[] = PAGES.filter((p) => p.inPalette !== false && canAccess(me, p.access)).map((p) => ({
    id: `page:${p.id}`,
    label: p.title,
    group: "Pages",
    icon: p.icon,
    keywords: p.keywords,
    hint: p.path,
    run: () => ctx.navigate(p.path),
  }));
  const actions: PaletteCommand[] = ACTIONS.filter((a) => canAccess(me, a.access)).map((a) => ({
    id: `action:${a.id}`,
    label: a.label(ctx),
    group: a.group,
    icon: a.icon,
    keywords: a.keywords,
    run: () => a.run(ctx),
  }));
  return [...pages, ...actions];
}

const words = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * How well a page or action matches what was typed, 0..1. Stricter than cmdk's fuzzy default, which
 * finds "Taro" in "Users staff team accounts people roles": every typed word must start a word of the
 * label (strong) or of the keywords (medium); otherwise only a fuzzy match on the label itself counts,
 * and it stays below STRONG so server results (customers, invoices) win the selection over it.
 */
export const STRONG_MATCH = 0.5;
export function paletteScore(label: string, search: string, keywords: string[] = [], fuzzy?: (v: string, s: string) => number): number {
  const q = search.trim().toLowerCase();
  if (!q) return 1;
  const tokens = words(q);
  if (!tokens.length) return 0;
  const labelWords = words(label);
  if (tokens.every((t) => labelWords.some((w) => w.startsWith(t)))) return label.toLowerCase().startsWith(q) ? 1 : 0.9;
  const all = [...labelWords, ...keywords.flatMap(words)];
  if (tokens.every((t) => all.some((w) => w.startsWith(t)))) return 0.7;
  const f = fuzzy ? fuzzy(label, search) : 0;
  return f >= 0.1 ? Math.min(f, STRONG_MATCH - 0.1) : 0;
}

/**
 * Groups in the palette, best match first and otherwise in their given order. cmdk sorts the items
 * inside each group but never the groups themselves (cmdk 1.1 looks a group up by its id where the
 * DOM carries its value), so the palette orders them before rendering.
 */
export function orderByBestMatch<T>(groups: T[], score: (group: T) => number): T[] {
  return groups
    .map((group, index) => ({ group, index, score: score(group) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((x) => x.group);
}
