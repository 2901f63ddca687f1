import { api, unwrap } from "@/api/client";
import type { SearchHit } from "@/api/types";
import type { IconName } from "@/components/icons";
import { registerSearchProvider, type SearchResult } from "./search";

const KINDS: Record<SearchHit["type"], { group: string; icon: IconName; path: string }> = {
  customer: { group: "Customers", icon: "user", path: "/customers" },
  invoice: { group: "Invoices", icon: "invoice", path: "/invoices" },
  domain: { group: "Domains", icon: "globe", path: "/domains" },
};

/** A search hit as a palette result: its group, icon and the page it opens. Order is the server's. */
export function hitToResult(hit: SearchHit): SearchResult {
  const kind = KINDS[hit.type];
  return { id: `${hit.type}:${hit.id}`, label: hit.title, hint: hit.subtitle, icon: kind.icon, group: kind.group, to: `${kind.path}/${hit.id}` };
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
