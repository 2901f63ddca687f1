import type { paths } from "./schema";

/** Response/request types, taken from the generated paths (independent of schema names). */
type JsonOf<R> = R extends { content: { "application/json": infer J } } ? J : never;
type Ok<Op> = Op extends { responses: infer R }
  ? JsonOf<R[Extract<keyof R, 200 | 201>]>
  : never;
type Body<Op> = Op extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type TokenOut = Ok<paths["/api/auth/login"]["post"]>;
export type LoginIn = Body<paths["/api/auth/login"]["post"]>;
export type Me = Ok<paths["/api/auth/me"]["get"]>;
export type Role = Me["role"];
export type TotpEnrollOut = Ok<paths["/api/auth/totp/enroll"]["post"]>;

export type UserPage = Ok<paths["/api/users"]["get"]>;
export type User = UserPage["items"][number];
export type UserCreate = Body<paths["/api/users"]["post"]>;
export type UserUpdate = Body<paths["/api/users/{user_id}"]["patch"]>;
export type UserQuery = Query<paths["/api/users"]["get"]>;

export type AuditPage = Ok<paths["/api/audit-logs"]["get"]>;
export type AuditEntry = AuditPage["items"][number];
export type AuditQuery = Query<paths["/api/audit-logs"]["get"]>;

export type TenantPage = Ok<paths["/api/tenants"]["get"]>;
export type Tenant = TenantPage["items"][number];
export type TenantCreate = Body<paths["/api/tenants"]["post"]>;
export type TenantQuery = Query<paths["/api/tenants"]["get"]>;
export type OwnTenant = Ok<paths["/api/tenant"]["get"]>;
export type OwnTenantUpdate = Body<paths["/api/tenant"]["patch"]>;
export type TenantUpdate = Body<paths["/api/tenants/{tenant_id}"]["patch"]>;
export type TenantStatus = Tenant["status"];

export const ROLES = ["owner", "admin", "support", "client"] as const satisfies readonly Role[];

// ---- billing ----
export type CustomerPage = Ok<paths["/api/customers"]["get"]>;
export type Customer = CustomerPage["items"][number];
export type CustomerCreate = Body<paths["/api/customers"]["post"]>;
export type CustomerUpdate = Body<paths["/api/customers/{customer_id}"]["patch"]>;
export type CustomerQuery = Query<paths["/api/customers"]["get"]>;
export type CustomerStatus = Customer["status"];
export type CustomerKind = Customer["kind"];
export type CreditPage = Ok<paths["/api/customers/{customer_id}/credit"]["get"]>;
export type CreditTransaction = CreditPage["items"][number];
export type CreditAdjustment = Body<paths["/api/customers/{customer_id}/credit"]["post"]>;
export type PortalUserCreate = Body<paths["/api/customers/{customer_id}/users"]["post"]>;

export type InvoicePage = Ok<paths["/api/invoices"]["get"]>;
export type InvoiceSummary = InvoicePage["items"][number];
export type Invoice = Ok<paths["/api/invoices/{invoice_id}"]["get"]>;
export type InvoiceCreate = Body<paths["/api/invoices"]["post"]>;
export type InvoiceQuery = Query<paths["/api/invoices"]["get"]>;
export type InvoiceStatus = Invoice["status"];

export type PaymentPage = Ok<paths["/api/payments"]["get"]>;
export type Payment = PaymentPage["items"][number];
export type PaymentCreate = Body<paths["/api/payments"]["post"]>;
export type PaymentQuery = Query<paths["/api/payments"]["get"]>;
export type PaymentMethod = Payment["method"];
export type RefundCreate = Body<paths["/api/payments/{payment_id}/refund"]["post"]>;
export type Refund = Ok<paths["/api/payments/{payment_id}/refund"]["post"]>;
export type CreditNotePage = Ok<paths["/api/credit-notes"]["get"]>;
export type CreditNote = CreditNotePage["items"][number];
export type CreditNoteQuery = Query<paths["/api/credit-notes"]["get"]>;

export type TaxRulePage = Ok<paths["/api/tax-rules"]["get"]>;
export type TaxRule = TaxRulePage["items"][number];
export type TaxRuleCreate = Body<paths["/api/tax-rules"]["post"]>;
export type TaxRuleUpdate = Body<paths["/api/tax-rules/{rule_id}"]["patch"]>;
export type TaxRuleQuery = Query<paths["/api/tax-rules"]["get"]>;

// ---- catalog and domains ----
export type ProductPage = Ok<paths["/api/products"]["get"]>;
export type Product = ProductPage["items"][number];
export type ProductCreate = Body<paths["/api/products"]["post"]>;
export type ProductUpdate = Body<paths["/api/products/{product_id}"]["patch"]>;
export type ProductQuery = Query<paths["/api/products"]["get"]>;
export type ProductType = Product["type"];
export type ProductStatus = Product["status"];
export type BillingCycle = Product["billingCycle"];

export type TldPage = Ok<paths["/api/tlds"]["get"]>;
export type Tld = TldPage["items"][number];
export type TldCreate = Body<paths["/api/tlds"]["post"]>;
export type TldUpdate = Body<paths["/api/tlds/{tld_id}"]["patch"]>;
export type TldQuery = Query<paths["/api/tlds"]["get"]>;
export type TldAction = Tld["prices"][number]["action"];

export type DomainPage = Ok<paths["/api/domains"]["get"]>;
export type Domain = DomainPage["items"][number];
export type DomainQuery = Query<paths["/api/domains"]["get"]>;
export type DomainStatus = Domain["status"];
export type DomainRegister = Body<paths["/api/domains"]["post"]>;
export type DomainTransfer = Body<paths["/api/domains/transfer"]["post"]>;
export type DomainUpdate = Body<paths["/api/domains/{domain_id}"]["patch"]>;
export type DomainStatusChange = Body<paths["/api/domains/{domain_id}/status"]["post"]>;
export type DomainEvent = Ok<paths["/api/domains/{domain_id}/events"]["get"]>["items"][number];
export type DomainQuote = Ok<paths["/api/domains/quote"]["get"]>;
export type IcannFeeReport = Ok<paths["/api/reports/icann-fees"]["get"]>;

export const CUSTOMER_STATUSES = ["active", "inactive", "closed"] as const satisfies readonly CustomerStatus[];
export const INVOICE_STATUSES = ["draft", "unpaid", "partially-paid", "overdue", "paid", "cancelled", "refunded"] as const satisfies readonly InvoiceStatus[];
/** Methods staff record by hand (account credit is applied from the invoice instead). */
export const PAYMENT_METHODS = ["bank_transfer", "cash", "cheque", "card", "other"] as const satisfies readonly PaymentMethod[];
export const PRODUCT_TYPES = ["hosting", "domain", "ssl", "email", "custom"] as const satisfies readonly ProductType[];
export const PRODUCT_STATUSES = ["active", "hidden", "retired"] as const satisfies readonly ProductStatus[];
export const BILLING_CYCLES = ["one-time", "monthly", "quarterly", "semi-annual", "annual", "biennial", "triennial"] as const satisfies readonly BillingCycle[];
export const TLD_ACTIONS = ["register", "renew", "transfer"] as const satisfies readonly TldAction[];
export const DOMAIN_STATUSES = ["pending", "active", "expired", "grace", "redemption", "transferred-away", "cancelled"] as const satisfies readonly DomainStatus[];

// ---- subscriptions ----
export type SubscriptionPage = Ok<paths["/api/subscriptions"]["get"]>;
export type Subscription = SubscriptionPage["items"][number];
export type SubscriptionQuery = Query<paths["/api/subscriptions"]["get"]>;
export type SubscriptionCreate = Body<paths["/api/subscriptions"]["post"]>;
export type SubscriptionStatus = Subscription["status"];
export type PlanChange = Body<paths["/api/subscriptions/{subscription_id}/change-plan"]["post"]>;
export type Proration = Ok<paths["/api/subscriptions/{subscription_id}/proration-preview"]["get"]>;
export const SUBSCRIPTION_STATUSES = ["active", "suspended", "cancelled", "terminated"] as const satisfies readonly SubscriptionStatus[];

// ---- dashboard and search ----
export type DashboardSummary = Ok<paths["/api/dashboard/summary"]["get"]>;
export type MonthRevenue = DashboardSummary["revenueByMonth"][number];
export type Suggestion = Ok<paths["/api/dashboard/suggestions"]["get"]>["items"][number];
export type MrrTrend = Ok<paths["/api/dashboard/mrr-trend"]["get"]>;
export type SearchHit = Ok<paths["/api/search"]["get"]>["items"][number];

export type StripeSettings = Ok<paths["/api/tenant/stripe"]["get"]>;
export type StripeSettingsUpdate = Body<paths["/api/tenant/stripe"]["put"]>;
export type SavedCard = Ok<paths["/api/customers/{customer_id}/payment-methods"]["get"]>[number];
export type SetupIntentOut = Ok<paths["/api/customers/{customer_id}/payment-methods/setup-intent"]["post"]>;
export type InvoicePay = Body<paths["/api/invoices/{invoice_id}/pay"]["post"]>;
export type InvoicePayOut = Ok<paths["/api/invoices/{invoice_id}/pay"]["post"]>;
export type PaymentAttempt = Ok<paths["/api/invoices/{invoice_id}/payment-attempts"]["get"]>[number];
// ---- hosting: servers, DNS, jobs ----
export type ServerPage = Ok<paths["/api/servers"]["get"]>;
export type Server = ServerPage["items"][number];
export type ServerCreate = Body<paths["/api/servers"]["post"]>;
export type ServerUpdate = Body<paths["/api/servers/{server_id}"]["patch"]>;
export type ServerCreated = Ok<paths["/api/servers"]["post"]>;
export type ServerQuery = Query<paths["/api/servers"]["get"]>;
export type EnrolmentToken = Ok<paths["/api/servers/{server_id}/enrolment-token"]["post"]>;
export type ServerStatus = Server["status"];
export type ServerRole = Server["roles"][number];
export type MetricSeries = Ok<paths["/api/servers/{server_id}/metrics"]["get"]>;
export type MetricPoint = MetricSeries["points"][number];
export const SERVER_ROLES = ["web", "dns", "mail", "database", "ftp", "backup"] as const satisfies readonly ServerRole[];
export const SERVER_STATUSES = ["pending", "online", "offline", "maintenance"] as const satisfies readonly ServerStatus[];

export type ZonePage = Ok<paths["/api/dns/zones"]["get"]>;
export type Zone = ZonePage["items"][number];
export type ZoneCreate = Body<paths["/api/dns/zones"]["post"]>;
export type ZoneQuery = Query<paths["/api/dns/zones"]["get"]>;
export type ZoneStatus = Zone["status"];
export type ZoneOperation = Ok<paths["/api/dns/zones/{zone_id}/operations"]["get"]>[number];
export type ZoneImport = Body<paths["/api/dns/zones/{zone_id}/import"]["post"]>;
export type ZoneImported = Ok<paths["/api/dns/zones/{zone_id}/import"]["post"]>;
export type DnsRecordPage = Ok<paths["/api/dns/zones/{zone_id}/records"]["get"]>;
export type DnsRecord = DnsRecordPage["items"][number];
export type DnsRecordCreate = Body<paths["/api/dns/zones/{zone_id}/records"]["post"]>;
export type DnsRecordUpdate = Body<paths["/api/dns/zones/{zone_id}/records/{record_id}"]["patch"]>;
export type DnsTemplate = Ok<paths["/api/dns/templates"]["get"]>[number];
export type DnsTemplateCreate = Body<paths["/api/dns/templates"]["post"]>;
export type DnsTemplateUpdate = Body<paths["/api/dns/templates/{template_id}"]["patch"]>;
export type DnsTemplateRecord = DnsTemplate["records"][number];
export const ZONE_STATUSES = ["pending", "active", "error", "deleting"] as const satisfies readonly ZoneStatus[];

export type JobPage = Ok<paths["/api/jobs"]["get"]>;
export type Job = JobPage["items"][number];
export type JobQuery = Query<paths["/api/jobs"]["get"]>;
export type JobStatus = NonNullable<JobQuery["status"]>;
export const JOB_STATUSES = ["todo", "doing", "succeeded", "failed", "cancelled", "aborted"] as const satisfies readonly JobStatus[];
// ---- e-mail ----
export type EmailTemplate = Ok<paths["/api/email-templates/{kind}"]["get"]>;
export type EmailTemplateIn = Body<paths["/api/email-templates/{kind}"]["put"]>;
export type EmailPreview = Ok<paths["/api/email-templates/{kind}/preview"]["post"]>;
export type EmailPage = Ok<paths["/api/email-log"]["get"]>;
export type Email = EmailPage["items"][number];
export type EmailQuery = Query<paths["/api/email-log"]["get"]>;
export type SmtpSettings = Ok<paths["/api/email-settings"]["get"]>;
export type SmtpSettingsIn = Body<paths["/api/email-settings"]["put"]>;
export type PasswordResetRequest = Body<paths["/api/auth/password-reset"]["post"]>;
export type PasswordResetConfirm = Body<paths["/api/auth/password-reset/confirm"]["post"]>;
