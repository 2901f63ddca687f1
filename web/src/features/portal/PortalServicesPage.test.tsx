import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import PortalServicesPage from "./PortalServicesPage";

const sub = (over: Record<string, unknown>) => ({
  id: "s1", customerId: "c1", productId: "p1", description: "Web hosting Pro", billingCycle: "monthly", price: "29.99", currency: "EUR",
  status: "active", nextBillingDate: "2026-12-01", cancelAtPeriodEnd: false, suspendReason: null, startDate: "2026-01-01", createdAt: "2026-01-01T00:00:00Z",
  ...over,
});

function setup(items: unknown[] | null) {
  const api = mockApi({
    "GET /api/subscriptions": () => (items ? jsonResponse(200, { items, nextCursor: null }) : jsonResponse(500, { error: { code: "server_error", message: "Something broke." } })),
  });
  render(withQueryClient(<MemoryRouter><PortalServicesPage /></MemoryRouter>));
  return api;
}

describe("PortalServicesPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("lists the client's services with cycle, price, status and next billing date", async () => {
    const api = setup([sub({}), sub({ id: "s2", description: "", billingCycle: "annual", price: "120.00", status: "suspended", nextBillingDate: "2027-01-15" })]);
    const rows = await screen.findAllByTestId("service-row");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText("Web hosting Pro")).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent("Monthly");
    expect(rows[0]).toHaveTextContent("29.99");
    expect(rows[0]).toHaveTextContent("Active");
    expect(rows[0]).toHaveTextContent("2026");
    expect(rows[1]).toHaveTextContent("Subscription");
    expect(rows[1]).toHaveTextContent("Annual");
    expect(rows[1]).toHaveTextContent("Suspended");
    expect(api.requests[0].path).toBe("/api/subscriptions");
  });

  it("says so when there are none", async () => {
    setup([]);
    expect(await screen.findByText("No services yet")).toBeVisible();
  });

  it("shows the API's error", async () => {
    setup(null);
    expect(await screen.findByText("Something broke.")).toBeVisible();
  });
});
