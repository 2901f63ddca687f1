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
  const pages: PaletteCommand[] = PAGES.filter((p) => canAccess(me, p.access)).map((p) => ({
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
