import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import TenantsPage from "./TenantsPage";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import type { Tenant } from "@/api/types";

vi.mock("@/app/auth/AuthProvider", () => ({
  useAuth: () => ({ me: { role: "owner", tenantId: "own", isPlatformOperator: true, permissions: [] }, can: () => true, canAccess: () => true }),
}));

const tenant = (id: string, name: string, status: Tenant["status"] = "active"): Tenant => ({
  id, slug: id, name, status, defaultCurrency: "USD", settings: {}, createdAt: "2026-01-01T00:00:00Z",
});

function setup(routes: Parameters<typeof mockApi>[0] = {}) {
  const api = mockApi({
    "GET /api/tenants": () => jsonResponse(200, { items: [tenant("own", "Platform Co"), tenant("acme", "Acme Hosting"), tenant("gone", "Gone Ltd", "suspended")], nextCursor: null }),
    ...routes,
  });
  render(withQueryClient(<MemoryRouter initialEntries={["/tenants"]}><TenantsPage /></MemoryRouter>));
  return { api, user: userEvent.setup() };
}

describe("TenantsPage: edit, suspend and reactivate", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("suspends after a confirmation and shows statuses as words", async () => {
    const { api, user } = setup({ "PATCH /api/tenants/acme": () => jsonResponse(200, tenant("acme", "Acme Hosting", "suspended")) });
    await screen.findByText("Acme Hosting");
    expect(screen.getAllByText("Suspended").length).toBeGreaterThan(0);
    await user.click(screen.getByRole("button", { name: "Suspend Acme Hosting" }));
    const dialog = screen.getByRole("dialog", { name: "Suspend tenant?" });
    expect(api.requests.filter((r) => r.method === "PATCH")).toEqual([]); // nothing before the confirmation
    await user.click(within(dialog).getByRole("button", { name: "Suspend tenant" }));
    expect(api.requests.filter((r) => r.method === "PATCH")).toEqual([{ method: "PATCH", path: "/api/tenants/acme", body: { status: "suspended" } }]);
    expect(screen.queryByRole("dialog")).toBeNull();
    // A suspended tenant offers Reactivate instead.
    expect(screen.getByRole("button", { name: "Reactivate Gone Ltd" })).toBeVisible();
  });

  it("shows the API's refusal to suspend the operator's own tenant and keeps the dialog open", async () => {
    const message = "You cannot suspend or close your own tenant: you would lock yourself out.";
    const { user } = setup({
      "PATCH /api/tenants/own": () => jsonResponse(409, { error: { code: "tenant_own_status", message, details: [{ field: "status", message }] } }),
    });
    await screen.findByText("(yours)");
    await user.click(screen.getByRole("button", { name: "Suspend Platform Co" }));
    const dialog = screen.getByRole("dialog", { name: "Suspend tenant?" });
    await user.click(within(dialog).getByRole("button", { name: "Suspend tenant" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(message);
  });

  it("edits the name and currency, with the server's errors on their fields", async () => {
    let calls = 0;
    const { api, user } = setup({
      "PATCH /api/tenants/acme": () =>
        ++calls === 1
          ? jsonResponse(422, { error: { code: "validation_failed", message: "Some fields are not valid.", details: [{ field: "defaultCurrency", message: "Not an ISO 4217 currency code" }] } })
          : jsonResponse(200, { ...tenant("acme", "Acme Cloud"), defaultCurrency: "EUR" }),
    });
    await user.click(await screen.findByRole("button", { name: "Edit Acme Hosting" }));
    const dialog = screen.getByRole("dialog", { name: "Edit tenant" });
    const name = within(dialog).getByLabelText("Company name");
    await user.clear(name);
    await user.type(name, "Acme Cloud");
    const cur = within(dialog).getByLabelText(/Default currency/);
    await user.clear(cur);
    await user.type(cur, "xxx");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await within(dialog).findByText("Not an ISO 4217 currency code")).toBeVisible();
    expect(cur).toHaveAttribute("aria-invalid", "true");
    await user.clear(cur);
    await user.type(cur, "eur");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(api.requests.filter((r) => r.method === "PATCH").map((r) => r.body)).toEqual([
      { name: "Acme Cloud", defaultCurrency: "XXX" },
      { name: "Acme Cloud", defaultCurrency: "EUR" },
    ]);
    await vi.waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });
});
