import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import type { IconName } from "@/components/icons";
import type { Access } from "@/lib/permissions";

/**
 * Every page of the panel, in one place: the router, the sidebar and the command
 * palette are all built from this list, filtered by what /api/auth/me allows.
 * A new page (Customers, Invoices, Servers, ...) is one entry here.
 */
export type NavGroupId = "overview" | "billing" | "hosting" | "reports" | "admin" | "platform" | "account";

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
  /** false: not a palette jump either (detail pages with an :id, forms reached from their list). */
  inPalette?: boolean;
  load: () => Promise<{ default: ComponentType }>;
  component: LazyExoticComponent<ComponentType>;
}

export const NAV_GROUPS: Array<{ id: NavGroupId; label: string | null }> = [
  { id: "overview", label: null },
  // Billing: Customers, Invoices, Products, Subscriptions, Domains, Payments.
  { id: "billing", label: "Billing" },
  // Hosting: Servers, DNS, Jobs.
  { id: "hosting", label: "Hosting" },
  { id: "reports", label: "Reports" },
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
  // Billing and hosting pages, each with its permission; a sidebar group with no page the
  // user may see is not shown.
  page({
    id: "customers",
    path: "/customers",
    title: "Customers",
    group: "billing",
    icon: "users",
    access: { permission: "customers.read" },
    keywords: ["clients", "accounts", "companies", "people", "billing"],
    load: () => import("@/features/customers/CustomersPage"),
  }),
  page({
    id: "customer",
    path: "/customers/:customerId",
    title: "Customer",
    group: "billing",
    icon: "users",
    access: { permission: "customers.read" },
    inNav: false,
    inPalette: false,
    load: () => import("@/features/customers/CustomerDetailPage"),
  }),
  page({
    id: "invoices",
    path: "/invoices",
    title: "Invoices",
    group: "billing",
    icon: "invoice",
    access: { permission: "invoices.read" },
    keywords: ["bills", "billing", "unpaid", "overdue", "drafts"],
    load: () => import("@/features/invoices/InvoicesPage"),
  }),
  page({
    id: "invoice-new",
    path: "/invoices/new",
    title: "New invoice",
    group: "billing",
    icon: "invoice",
    access: { permission: "invoices.write" },
    inNav: false,
    inPalette: false,
    load: () => import("@/features/invoices/NewInvoicePage"),
  }),
  page({
    id: "invoice",
    path: "/invoices/:invoiceId",
    title: "Invoice",
    group: "billing",
    icon: "invoice",
    access: { permission: "invoices.read" },
    inNav: false,
    inPalette: false,
    load: () => import("@/features/invoices/InvoiceDetailPage"),
  }),
  page({
    id: "payments",
    path: "/payments",
    title: "Payments",
    group: "billing",
    icon: "card",
    access: { permission: "payments.read" },
    keywords: ["received", "money", "transactions", "refunds", "bank transfer"],
    load: () => import("@/features/payments/PaymentsPage"),
  }),
  page({
    id: "credit-notes",
    path: "/credit-notes",
    title: "Credit notes",
    group: "billing",
    icon: "receipt",
    access: { permission: "payments.read" },
    keywords: ["refunds", "credits", "cn"],
    load: () => import("@/features/payments/CreditNotesPage"),
  }),
  page({
    id: "tax-rules",
    path: "/tax-rules",
    title: "Tax rules",
    group: "billing",
    icon: "percent",
    access: { permission: "tax.read" },
    keywords: ["vat", "gst", "sales tax", "rates"],
    load: () => import("@/features/tax/TaxRulesPage"),
  }),
  page({
    id: "subscriptions",
    path: "/subscriptions",
    title: "Subscriptions",
    group: "billing",
    icon: "repeat",
    access: { permission: "subscriptions.read" },
    keywords: ["recurring", "services", "plans", "renewals", "proration"],
    load: () => import("@/features/subscriptions/SubscriptionsPage"),
  }),
  page({
    id: "products",
    path: "/products",
    title: "Products",
    group: "billing",
    icon: "box",
    access: { permission: "catalog.read" },
    keywords: ["catalog", "plans", "hosting plans", "prices", "packages"],
    load: () => import("@/features/catalog/ProductsPage"),
  }),
  page({
    id: "tlds",
    path: "/tlds",
    title: "TLD pricing",
    group: "billing",
    icon: "tag",
    access: { permission: "catalog.read" },
    keywords: ["tld", "extensions", "domain prices", "registrar", "com"],
    load: () => import("@/features/catalog/TldsPage"),
  }),
  page({
    id: "domains",
    path: "/domains",
    title: "Domains",
    group: "billing",
    icon: "globe",
    access: { permission: "domains.read" },
    keywords: ["registrations", "renewals", "transfers", "dns", "names"],
    load: () => import("@/features/domains/DomainsPage"),
  }),
  page({
    id: "domain",
    path: "/domains/:domainId",
    title: "Domain",
    group: "billing",
    icon: "globe",
    access: { permission: "domains.read" },
    inNav: false,
    inPalette: false,
    load: () => import("@/features/domains/DomainDetailPage"),
  }),
  // Hosting: nodes, DNS and the jobs that apply changes to them.
  page({
    id: "servers",
    path: "/servers",
    title: "Servers",
    group: "hosting",
    icon: "server",
    access: { permission: "servers.read" },
    keywords: ["nodes", "hosts", "agents", "machines", "heartbeat", "metrics", "enrol"],
    load: () => import("@/features/servers/ServersPage"),
  }),
  page({
    id: "server",
    path: "/servers/:serverId",
    title: "Server",
    group: "hosting",
    icon: "server",
    access: { permission: "servers.read" },
    inNav: false,
    inPalette: false,
    load: () => import("@/features/servers/ServerDetailPage"),
  }),
  page({
    id: "dns",
    path: "/dns",
    title: "DNS",
    group: "hosting",
    icon: "network",
    access: { permission: "dns.read" },
    keywords: ["zones", "records", "name servers", "powerdns", "bind"],
    load: () => import("@/features/dns/ZonesPage"),
  }),
  page({
    id: "dns-templates",
    path: "/dns/templates",
    title: "DNS templates",
    group: "hosting",
    icon: "template",
    access: { permission: "dns.read" },
    inNav: false,
    keywords: ["zone templates", "default records", "placeholders"],
    load: () => import("@/features/dns/TemplatesPage"),
  }),
  page({
    id: "dns-zone",
    path: "/dns/:zoneId",
    title: "DNS zone",
    group: "hosting",
    icon: "network",
    access: { permission: "dns.read" },
    inNav: false,
    inPalette: false,
    load: () => import("@/features/dns/ZonePage"),
  }),
  page({
    id: "jobs",
    path: "/jobs",
    title: "Jobs",
    group: "hosting",
    icon: "activity",
    access: { permission: "jobs.read" },
    keywords: ["queue", "tasks", "background", "failed", "retry", "worker"],
    load: () => import("@/features/jobs/JobsPage"),
  }),
  page({
    id: "icann-fees",
    path: "/reports/icann-fees",
    title: "ICANN fees",
    group: "reports",
    icon: "chart",
    access: { permission: "reports.read" },
    keywords: ["report", "icann", "registry fees", "gtld"],
    load: () => import("@/features/reports/IcannFeesPage"),
  }),
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
    id: "email-templates",
    path: "/email/templates",
    title: "Email templates",
    group: "admin",
    icon: "mail",
    access: { permission: "email.read" },
    keywords: ["email", "mail", "notifications", "templates", "welcome", "reminder", "invoice email"],
    load: () => import("@/features/email/EmailTemplatesPage"),
  }),
  page({
    id: "email-log",
    path: "/email/log",
    title: "Email log",
    group: "admin",
    icon: "send",
    access: { permission: "email.read" },
    keywords: ["email", "mail", "sent", "failed", "outbox", "notifications", "retry"],
    load: () => import("@/features/email/EmailLogPage"),
  }),
  page({
    id: "settings",
    path: "/settings",
    title: "Settings",
    group: "admin",
    icon: "settings",
    access: { permission: "tenant.read" },
    keywords: ["company", "tenant", "billing settings", "invoice numbers", "reminders", "late fees", "suspension", "tax", "currency"],
    load: () => import("@/features/tenants/SettingsPage"),
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
