import { Badge } from "@/components/Card";
import type {
  BillingCycle,
  CustomerStatus,
  DomainStatus,
  InvoiceStatus,
  PaymentMethod,
  ProductStatus,
  ProductType,
  SubscriptionStatus,
} from "@/api/types";

type Tone = "gray" | "green" | "red" | "indigo" | "amber";

export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: "Draft",
  unpaid: "Unpaid",
  "partially-paid": "Partially paid",
  paid: "Paid",
  overdue: "Overdue",
  cancelled: "Cancelled",
  refunded: "Refunded",
};
const INVOICE_TONES: Record<InvoiceStatus, Tone> = {
  draft: "gray",
  unpaid: "amber",
  "partially-paid": "indigo",
  paid: "green",
  overdue: "red",
  cancelled: "gray",
  refunded: "gray",
};
export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  return <Badge tone={INVOICE_TONES[status] ?? "gray"}>{INVOICE_STATUS_LABELS[status] ?? status}</Badge>;
}
/** Statuses an invoice can still be paid in. */
export const OPEN_STATUSES: InvoiceStatus[] = ["unpaid", "partially-paid", "overdue"];

export const CUSTOMER_STATUS_LABELS: Record<CustomerStatus, string> = { active: "Active", inactive: "Inactive", closed: "Closed" };
export function CustomerStatusBadge({ status }: { status: CustomerStatus }) {
  const tone: Tone = status === "active" ? "green" : status === "closed" ? "red" : "gray";
  return <Badge tone={tone}>{CUSTOMER_STATUS_LABELS[status] ?? status}</Badge>;
}

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  bank_transfer: "Bank transfer",
  cash: "Cash",
  cheque: "Cheque",
  card: "Card",
  account_credit: "Account credit",
  other: "Other",
};
export function PaymentStatusBadge({ status }: { status: string }) {
  if (status === "completed") return <Badge tone="green">Completed</Badge>;
  if (status === "partially-refunded") return <Badge tone="amber">Partially refunded</Badge>;
  if (status === "refunded") return <Badge tone="gray">Refunded</Badge>;
  return <Badge>{status}</Badge>;
}

export const PRODUCT_TYPE_LABELS: Record<ProductType, string> = {
  hosting: "Hosting",
  domain: "Domain",
  ssl: "SSL certificate",
  email: "E-mail",
  custom: "Custom",
};
export const PRODUCT_STATUS_LABELS: Record<ProductStatus, string> = { active: "Active", hidden: "Hidden", retired: "Retired" };
export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  const tone: Tone = status === "active" ? "green" : status === "retired" ? "red" : "gray";
  return <Badge tone={tone}>{PRODUCT_STATUS_LABELS[status] ?? status}</Badge>;
}
export const CYCLE_LABELS: Record<BillingCycle, string> = {
  "one-time": "One-time",
  monthly: "Monthly",
  quarterly: "Quarterly",
  "semi-annual": "Semi-annual",
  annual: "Annual",
  biennial: "Every 2 years",
  triennial: "Every 3 years",
};

export const DOMAIN_STATUS_LABELS: Record<DomainStatus, string> = {
  pending: "Pending",
  active: "Active",
  expired: "Expired",
  grace: "Grace period",
  redemption: "Redemption",
  "transferred-away": "Transferred away",
  cancelled: "Cancelled",
};
const DOMAIN_TONES: Record<DomainStatus, Tone> = {
  pending: "indigo",
  active: "green",
  expired: "red",
  grace: "amber",
  redemption: "red",
  "transferred-away": "gray",
  cancelled: "gray",
};
export function DomainStatusBadge({ status }: { status: DomainStatus }) {
  return <Badge tone={DOMAIN_TONES[status] ?? "gray"}>{DOMAIN_STATUS_LABELS[status] ?? status}</Badge>;
}

export const SUBSCRIPTION_STATUS_LABELS: Record<SubscriptionStatus, string> = { active: "Active", suspended: "Suspended", cancelled: "Cancelled", terminated: "Terminated" };
const SUBSCRIPTION_TONES: Record<SubscriptionStatus, Tone> = { active: "green", suspended: "amber", cancelled: "gray", terminated: "red" };
export function SubscriptionStatusBadge({ status }: { status: SubscriptionStatus }) {
  return <Badge tone={SUBSCRIPTION_TONES[status] ?? "gray"}>{SUBSCRIPTION_STATUS_LABELS[status] ?? status}</Badge>;
}

export const options = <K extends string>(labels: Record<K, string>, keys: readonly K[]) => keys.map((k) => ({ value: k, label: labels[k] }));

/** Today as YYYY-MM-DD in the browser's time zone. */
export function today(d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
