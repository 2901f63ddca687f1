import { afterEach, describe, expect, it, vi } from "vitest";
import { hitToResult } from "./providers";
import { jsonResponse, mockApi } from "@/test/utils";
import { formatMoney } from "@/lib/money";

describe("global search provider", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("opens customers, invoices and domains on their own pages, under their own headings", () => {
    expect(hitToResult({ type: "customer", id: "c1", title: "Bloggs GmbH", subtitle: "jo@example.com" })).toEqual({
      id: "customer:c1", label: "Bloggs GmbH", hint: "jo@example.com", icon: "user", group: "Customers", to: "/customers/c1",
    });
    expect(hitToResult({ type: "invoice", id: "i1", title: "INV-2026-000001", subtitle: "paid 45.66 EUR" })).toMatchObject({
      label: "INV-2026-000001", group: "Invoices", to: "/invoices/i1",
    });
    expect(hitToResult({ type: "domain", id: "d1", title: "example.com", subtitle: "active" })).toMatchObject({
      group: "Domains", icon: "globe", to: "/domains/d1",
    });
  });

  it("shows statuses and totals as the lists do, not the API's raw values", () => {
    const invoice = { type: "invoice", id: "i1", title: "INV-1", subtitle: "partially-paid 49.98 USD", status: "partially-paid", total: "49.98", currency: "USD" } as const;
    const hint = hitToResult(invoice).hint;
    expect(hint).toBe(`Partially paid · ${formatMoney("49.98", "USD")}`);
    expect(hint).not.toMatch(/partially-paid|49\.98 USD/);
    expect(hitToResult({ type: "domain", id: "d1", title: "example.com", subtitle: "transferred-away", status: "transferred-away" }).hint).toBe("Transferred away");
    expect(hitToResult({ type: "domain", id: "d2", title: "example.org", subtitle: "grace", status: "grace" }).hint).toBe("Grace period");
    expect(hitToResult({ type: "customer", id: "c1", title: "Jo", subtitle: "jo@example.com", status: "active" }).hint).toBe("jo@example.com");
    expect(hitToResult({ type: "customer", id: "c2", title: "Al", subtitle: "al@example.com", status: "closed" }).hint).toBe("al@example.com · Closed");
  });

  it("asks GET /api/search once for everything, by the search permission", async () => {
    const api = mockApi({
      "GET /api/search": (req) => {
        const url = new URL(req.url);
        expect(url.searchParams.get("q")).toBe("INV-2026");
        return jsonResponse(200, { items: [{ type: "invoice", id: "i1", title: "INV-2026-000001", subtitle: "unpaid" }] });
      },
    });
    const providers: Array<{ id: string; access?: unknown; search: (q: string, s: AbortSignal) => Promise<unknown[]> }> = [];
    vi.doMock("./search", () => ({ registerSearchProvider: (p: (typeof providers)[number]) => providers.push(p) }));
    vi.resetModules();
    const mod = await import("./providers");
    mod.registerGlobalSearch();
    mod.registerGlobalSearch();
    vi.doUnmock("./search");
    expect(providers).toHaveLength(1);
    expect(providers[0].access).toEqual({ permission: "search" });
    const results = await providers[0].search("INV-2026", new AbortController().signal);
    expect(results).toEqual([expect.objectContaining({ label: "INV-2026-000001", to: "/invoices/i1" })]);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/search"]);
  });
});
