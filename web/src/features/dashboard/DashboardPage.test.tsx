import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import DashboardPage from "./DashboardPage";

let permissions: string[] = [];
vi.mock("@/app/auth/AuthProvider", () => ({
  useAuth: () => ({
    me: { name: "Jo Owner", email: "jo@example.com", tenantName: "Acme", role: "owner", totpEnabled: true, permissions },
    can: (p: string) => permissions.includes(p),
    canAccess: () => false,
  }),
}));
vi.mock("./StatusChart", () => ({ default: () => <div data-testid="status-chart" /> }));
vi.mock("./RevenueChart", () => ({ default: () => <div data-testid="revenue-chart" /> }));
vi.mock("./MrrChart", () => ({ default: ({ trend }: { trend: { months: Array<{ month: string; amount: string }> } }) => <div data-testid="mrr-chart">{trend.months.map((m) => `${m.month}=${m.amount}`).join(",")}</div> }));

const summary = {
  revenueByMonth: [{ month: "2026-11", currency: "EUR", amount: "45.66" }],
  mrr: [{ currency: "EUR", amount: "29.99" }],
  activeSubscriptions: 4,
  invoicesByStatus: [{ status: "paid", count: 1 }],
  overdue: [],
  renewalsNext30Days: 2,
  newestCustomers: [{ id: "c1", name: "Bloggs GmbH", email: "jo@example.com", createdAt: "2026-11-01T00:00:00Z" }],
};

let trend = { currency: "EUR", months: [{ month: "2026-10", amount: "0.00" }, { month: "2026-11", amount: "29.99" }] };

const trendMonths: Array<string | null> = [];

function setup(suggestions: unknown[]) {
  const api = mockApi({
    "GET /api/health": () => jsonResponse(200, { status: "ok" }),
    "GET /api/dashboard/summary": () => jsonResponse(200, summary),
    "GET /api/dashboard/suggestions": () => jsonResponse(200, { items: suggestions }),
    "GET /api/dashboard/mrr-trend": (req) => {
      trendMonths.push(new URL(req.url).searchParams.get("months"));
      return jsonResponse(200, trend);
    },
  });
  render(withQueryClient(<MemoryRouter><DashboardPage /></MemoryRouter>));
  return api;
}

describe("DashboardPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("fills the cards, both charts and the newest customers from the summary", async () => {
    permissions = ["dashboard.read", "customers.read"];
    setup([{ kind: "chase_overdue", title: "Overdue invoices to chase", detail: "2 invoices", count: 2, link: "/invoices?status=overdue" }]);
    await waitFor(() => expect(screen.getByTestId("active-subscriptions")).toHaveTextContent("4"));
    expect(screen.getByTestId("renewals")).toHaveTextContent("2");
    expect(screen.getByTestId("overdue-total")).toHaveTextContent("—");
    expect(screen.getByTestId("mrr")).toHaveTextContent("29.99");
    expect(await screen.findByTestId("revenue-chart")).toBeInTheDocument();
    expect(await screen.findByTestId("status-chart")).toBeInTheDocument();
    expect(await screen.findByTestId("mrr-chart")).toHaveTextContent("2026-10=0.00,2026-11=29.99");
    expect(screen.getByRole("list", { name: "Newest customers" })).toHaveTextContent("Bloggs GmbH");
    const link = await screen.findByRole("link", { name: /Overdue invoices to chase/ });
    expect(link).toHaveAttribute("href", "/invoices?status=overdue");
  });

  it("links each failed card charge to its invoice", async () => {
    permissions = ["dashboard.read"];
    setup([
      { kind: "card_failed", title: "Card charge failed: Dora", detail: "Invoice INV-1: declined", count: 1, link: "/invoices/i1" },
      { kind: "card_failed", title: "Card charge needs authentication: Sam", detail: "Invoice INV-2", count: 1, link: "/invoices/i2" },
    ]);
    expect(await screen.findByRole("link", { name: /Card charge failed: Dora/ })).toHaveAttribute("href", "/invoices/i1");
    expect(screen.getByRole("link", { name: /needs authentication: Sam/ })).toHaveAttribute("href", "/invoices/i2");
  });

  it("asks for 12 months of MRR and says so when there is none", async () => {
    permissions = ["dashboard.read"];
    trend = { currency: "EUR", months: [{ month: "2026-11", amount: "0.00" }] };
    setup([]);
    expect(await screen.findByText("No recurring revenue yet")).toBeInTheDocument();
    expect(trendMonths.at(-1)).toBe("12");
  });

  it("says so when there is nothing to suggest", async () => {
    permissions = ["dashboard.read"];
    setup([]);
    expect(await screen.findByText("Nothing to follow up")).toBeInTheDocument();
  });

  it("asks for nothing without dashboard.read", async () => {
    permissions = ["audit.read"];
    const api = setup([]);
    await screen.findByTestId("welcome");
    expect(screen.queryByTestId("mrr")).toBeNull();
    expect(screen.queryByText("Suggestions")).toBeNull();
    expect(api.requests.filter((r) => r.path.startsWith("/api/dashboard"))).toEqual([]);
  });
});
