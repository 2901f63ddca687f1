import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import NewInvoicePage from "./NewInvoicePage";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import type { Customer } from "@/api/types";

const customer: Customer = {
  id: "c1", kind: "person", name: "Jo Bloggs", companyName: null, email: "jo@example.com", phone: null,
  addressLine1: null, addressLine2: null, city: null, region: null, postcode: null, country: "US", vatId: null,
  taxExempt: false, currency: "USD", creditBalance: "0.00", status: "active", notes: "", createdAt: "2026-01-01T00:00:00Z",
};

function setup() {
  const api = mockApi({ "GET /api/customers/c1": () => jsonResponse(200, customer) });
  render(withQueryClient(<MemoryRouter initialEntries={["/invoices/new?customer=c1"]}><NewInvoicePage /></MemoryRouter>));
  return { api, user: userEvent.setup() };
}

describe("NewInvoicePage validates as you type", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows a line's error once the field is left, before Create is pressed", async () => {
    const { api, user } = setup();
    await screen.findByText(/Billed in USD/);
    const qty = screen.getByLabelText("Quantity, line 1");
    await user.clear(qty);
    await user.type(qty, "0");
    expect(screen.queryByText("More than 0 and at most 1,000,000.")).toBeNull(); // not while typing
    await user.click(screen.getByLabelText("Unit price, line 1"));
    expect(screen.getByText("More than 0 and at most 1,000,000.")).toBeVisible();
    expect(qty).toHaveAttribute("aria-invalid", "true");
    // A field not yet visited stays quiet.
    expect(screen.queryByText("Description is required.")).toBeNull();
    await user.type(screen.getByLabelText("Unit price, line 1"), "abc");
    await user.click(screen.getByLabelText("Description, line 1"));
    expect(screen.getByText("Enter a price, e.g. 29.99.")).toBeVisible();
    // Correcting the value clears the error.
    await user.clear(qty);
    await user.type(qty, "2");
    expect(screen.queryByText("More than 0 and at most 1,000,000.")).toBeNull();
    expect(api.requests.filter((r) => r.method === "POST")).toEqual([]);
  });

  it("checks the tax rate override's range when it is left", async () => {
    const { user } = setup();
    await screen.findByText(/Billed in USD/);
    await user.type(screen.getByLabelText("Tax rate override (%)"), "200");
    await user.tab();
    expect(screen.getByText("A rate is a percentage between 0 and 100.")).toBeVisible();
  });
});
