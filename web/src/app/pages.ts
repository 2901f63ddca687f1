import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import type { IconName } from "@/components/icons";
import type { Access } from "@/lib/permissions";

/**
 * Every page of the panel, in one place: the router, the sidebar and the command
 * palette are all built from this list, filtered by what /api/auth/me allows.
 * A new page (Customers, Invoices, Servers, ...) is one entry here.
 */
export type NavGroupId = "overview" | "billing" | "hosting" | "admin" | "platform" | "account";

export interface PageDef {
  id: string;
  path: string;
  title: string;
  group: NavGroupId;
  icon: IconName;
  access?: Access;
  /** Extra words the command palette matches. */
  keywords?: string[];
  /** false: reachable (user menu, palette) but not listed in the sidebar. */
  inNav?: boolean;
  load: () => Promise<{ default: ComponentType }>;
  component: LazyExoticComponent<ComponentType>;
}

export const NAV_GROUPS: Array<{ id: NavGroupId; label: string | null }> = [
  { id: "overview", label: null },
  // Billing: Customers, Invoices, Products, Subscriptions, Domains, Payments.
  { id: "billing", label: "Billing" },
  // Hosting: Servers, DNS, Jobs.
  { id: "hosting", label: "Hosting" },
  { id: "admin", label: "Administration" },
  { id: "platform", label: "Platform" },
];

function page(def: Omit<PageDef, "component">): PageDef {
  return { ...def, component: lazy(def.load) };
}

export const PAGES: PageDef[] = [
  page({
    id: "dashboard",
    path: "/",
    title: "Dashboard",
    group: "overview",
    icon: "home",
    keywords: ["home", "overview", "start"],
    load: () => import("@/features/dashboard/DashboardPage"),
  }),
  // Billing and hosting pages are added here, each with its permission, when they exist;
  // a sidebar group with no page the user may see is not shown.
  page({
    id: "users",
    path: "/users",
    title: "Users",
    group: "admin",
    icon: "users",
    access: { permission: "users.read" },
    keywords: ["staff", "team", "accounts", "people", "roles"],
    load: () => import("@/features/users/UsersPage"),
  }),
  page({
    id: "audit",
    path: "/audit-log",
    title: "Audit log",
    group: "admin",
    icon: "audit",
    access: { permission: "audit.read" },
    keywords: ["history", "activity", "events", "changes", "who"],
    load: () => import("@/features/audit/AuditLogPage"),
  }),
  page({
    id: "tenants",
    path: "/tenants",
    title: "Tenants",
    group: "platform",
    icon: "building",
    access: { platformOperator: true },
    keywords: ["companies", "hosting companies", "organisations", "platform"],
    load: () => import("@/features/tenants/TenantsPage"),
  }),
  page({
    id: "profile",
    path: "/profile",
    title: "Profile & security",
    group: "account",
    icon: "user",
    inNav: false,
    keywords: ["account", "password", "2fa", "two-factor", "totp", "security", "me"],
    load: () => import("@/features/profile/ProfilePage"),
  }),
];
