import { api, unwrap } from "@/api/client";
import type { CustomerStatus, DomainStatus, InvoiceStatus, SearchHit } from "@/api/types";
import { CUSTOMER_STATUS_LABELS, DOMAIN_STATUS_LABELS, INVOICE_STATUS_LABELS } from "@/features/billing/labels";
import { formatMoney } from "@/lib/money";
import type { IconName } from "@/components/icons";
import { registerSearchProvider, type SearchResult } from "./search";

const KINDS: Record<SearchHit["type"], { group: string; icon: IconName; path: string }> = {
  customer: { group: "Customers", icon: "user", path: "/customers" },
  invoice: { group: "Invoices", icon: "invoice", path: "/invoices" },
  domain: { group: "Domains", icon: "globe", path: "/domains" },
};

/** The line under a hit, in the words and money format of the lists: "Partially paid · $49.98". */
export function hitHint(hit: SearchHit): string {
  if (!hit.status) return hit.subtitle;
  if (hit.type === "invoice") {
    const status = INVOICE_STATUS_LABELS[hit.status as InvoiceStatus] ?? hit.status;
    return hit.total != null && hit.currency ? `${status} · ${formatMoney(hit.total, hit.currency)}` : status;
  }
  if (hit.type === "domain") return DOMAIN_STATUS_LABELS[hit.status as DomainStatus] ?? hit.status;
  // A customer: the e-mail, and the status only when it is not the usual "Active".
  if (hit.status === "active") return hit.subtitle;
  const status = CUSTOMER_STATUS_LABELS[hit.status as CustomerStatus] ?? hit.status;
  return hit.subtitle ? `${hit.subtitle} · ${status}` : status;
}

/** A search hit as a palette result: its group, icon and the page it opens. Order is the server's. */
export function hitToResult(hit: SearchHit): SearchResult {
  const kind = KINDS[hit.type];
  return { id: `${hit.type}:${hit.id}`, label: hit.title, hint: hitHint(hit), icon: kind.icon, group: kind.group, to: `${kind.path}/${hit.id}` };
}

/**
 * Server search in the palette: one GET /api/search for customers, invoices (by number) and domains.
 * Imported by the palette chunk, so it loads with it (not in the initial bundle).
 */
let registered = false;
export function registerGlobalSearch() {
  if (registered) return;
  registered = true;
  registerSearchProvider({
    id: "search",
    title: "Results",
    access: { permission: "search" },
    minLength: 2,
    search: async (q, signal) => {
      const res = await unwrap(api.GET("/api/search", { params: { query: { q, limit: 10 } }, signal }));
      return res.items.map(hitToResult);
    },
  });
}
