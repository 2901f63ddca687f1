import { api, unwrap } from "@/api/client";
import { registerSearchProvider } from "./search";

/**
 * Server search in the palette: customers by name/company/e-mail and invoices by number.
 * Imported by the palette chunk, so it loads with it (not in the initial bundle).
 */
let registered = false;
export function registerBillingSearch() {
  if (registered) return;
  registered = true;
  registerSearchProvider({
    id: "invoices",
    title: "Invoices",
    access: { permission: "invoices.read" },
    minLength: 2,
    search: async (q, signal) => {
      const page = await unwrap(api.GET("/api/invoices", { params: { query: { number: q, limit: 5 } }, signal }));
      return page.items.map((i) => ({
        id: i.id,
        label: i.invoiceNumber ?? "Draft invoice",
        hint: `${i.status.replace("-", " ")} · ${i.total} ${i.currency}`,
        icon: "invoice" as const,
        to: `/invoices/${i.id}`,
      }));
    },
  });
  registerSearchProvider({
    id: "customers",
    title: "Customers",
    access: { permission: "customers.read" },
    minLength: 2,
    search: async (q, signal) => {
      const page = await unwrap(api.GET("/api/customers", { params: { query: { q, limit: 5 } }, signal }));
      return page.items.map((c) => ({
        id: c.id,
        label: c.kind === "company" && c.companyName ? `${c.companyName} (${c.name})` : c.name,
        hint: c.email,
        icon: "user" as const,
        to: `/customers/${c.id}`,
      }));
    },
  });
}
