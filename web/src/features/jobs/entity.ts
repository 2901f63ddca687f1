import type { Job } from "@/api/types";

const ENTITY_PAGES: Record<string, string> = { dns_zone: "/dns", server: "/servers", invoice: "/invoices", domain: "/domains", customer: "/customers" };

/** Where the object a job serves lives in the panel, when it has a page. */
export function entityPath(entity: Job["entity"]): string | null {
  if (!entity) return null;
  const base = ENTITY_PAGES[entity.type];
  return base && /^[0-9a-f-]{36}$/i.test(entity.id) ? `${base}/${entity.id}` : null;
}

export const ENTITY_LABELS: Record<string, string> = { dns_zone: "DNS zone", server: "Server", invoice: "Invoice", domain: "Domain", customer: "Customer", subscription: "Subscription" };
