import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { InvoiceEditor } from "./InvoiceEditor";
import NewInvoicePage from "./NewInvoicePage";
import { computeTotals, newLine, type LineDraft } from "./totals";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";

function Harness({ currency = "USD", taxRate, taxExempt }: { currency?: string; taxRate?: string; taxExempt?: boolean }) {
  const [lines, setLines] = useState<LineDraft[]>(() => [{ ...newLine(), quantity: "" }]);
  return <InvoiceEditor lines={lines} onChange={setLines} currency={currency} taxRate={taxRate} taxExempt={taxExempt} />;
}

const text = (id: string) => screen.getByTestId(id).textContent ?? "";

describe("InvoiceEditor live totals", () => {
  it("shows each line's amount and the subtotal as you type, exactly (3 x 9.99 = 29.97)", async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByLabelText("Quantity, line 1"), "3");
    await user.type(screen.getByLabelText("Unit price, line 1"), "9.9");
    expect(text("line-amount-1")).toContain("29.70");
    expect(text("subtotal")).toContain("29.70");
    await user.type(screen.getByLabelText("Unit price, line 1"), "9");
    expect(text("line-amount-1")).toContain("29.97");
    expect(text("subtotal")).toContain("29.97");
  });

  it("adds lines without float drift (0.1 + 0.2 = 0.30)", async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByLabelText("Quantity, line 1"), "1");
    await user.type(screen.getByLabelText("Unit price, line 1"), "0.1");
    await user.click(screen.getByRole("button", { name: "Add line" }));
    await user.type(screen.getByLabelText("Unit price, line 2"), "0.2");
    expect(text("subtotal")).toContain("0.30");
    expect(text("subtotal")).not.toContain("0.30000000000000004");
    await user.click(screen.getByRole("button", { name: "Remove line 1" }));
    expect(text("subtotal")).toContain("0.20");
  });

  it("rounds each line half-up to the currency (1.5 x 0.333 = 0.4995 → 0.50; JPY has no decimals)", async () => {
    const user = userEvent.setup();
    const { unmount } = render(<Harness />);
    await user.type(screen.getByLabelText("Quantity, line 1"), "1.5");
    await user.type(screen.getByLabelText("Unit price, line 1"), "0.333");
    expect(text("line-amount-1")).toContain("0.50");
    unmount();
    render(<Harness currency="JPY" />);
    await user.type(screen.getByLabelText("Quantity, line 1"), "3");
    await user.type(screen.getByLabelText("Unit price, line 1"), "333.5");
    expect(text("line-amount-1")).toMatch(/1,001(?![.,]\d)/);
  });

  it("computes the tax of an override rate on the taxable lines only, and the total", async () => {
    const user = userEvent.setup();
    render(<Harness taxRate="19" />);
    await user.type(screen.getByLabelText("Quantity, line 1"), "3");
    await user.type(screen.getByLabelText("Unit price, line 1"), "9.99");
    await user.click(screen.getByRole("button", { name: "Add line" }));
    await user.type(screen.getByLabelText("Description, line 2"), "Setup");
    await user.type(screen.getByLabelText("Unit price, line 2"), "10");
    await user.click(screen.getByLabelText("Taxable, line 2"));
    expect(text("subtotal")).toContain("39.97");
    expect(text("tax")).toContain("5.69"); // 19 % of 29.97 = 5.6943
    expect(text("total")).toContain("45.66");
  });

  it("leaves the tax to the server's rules without an override, and shows 0 for a tax-exempt customer", async () => {
    const user = userEvent.setup();
    const { unmount } = render(<Harness />);
    await user.type(screen.getByLabelText("Quantity, line 1"), "1");
    await user.type(screen.getByLabelText("Unit price, line 1"), "10");
    expect(text("tax")).toMatch(/tax rules on save/);
    expect(text("total")).toMatch(/10\.00 \+ tax/);
    unmount();
    render(<Harness taxExempt />);
    await user.type(screen.getByLabelText("Quantity, line 1"), "1");
    await user.type(screen.getByLabelText("Unit price, line 1"), "10");
    expect(text("tax")).toContain("0.00");
    expect(text("total")).toContain("10.00");
  });

  it("does not count a line until its numbers are valid", async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByLabelText("Quantity, line 1"), "2");
    await user.type(screen.getByLabelText("Unit price, line 1"), "abc");
    expect(text("line-amount-1")).toBe("—");
    expect(text("subtotal")).toContain("0.00");
    expect(screen.getByText(/not counted yet/)).toBeVisible();
  });
});

describe("computeTotals", () => {
  it("matches the server's figures for a mixed invoice", () => {
    const lines = [
      { key: "a", description: "Hosting", quantity: "3", unitPrice: "9.99", taxable: true },
      { key: "b", description: "Setup", quantity: "1", unitPrice: "10", taxable: false },
    ];
    expect(computeTotals(lines, "USD", { taxRate: "19" })).toMatchObject({ lines: ["29.97", "10.00"], subtotal: "39.97", taxableSubtotal: "29.97", tax: "5.69", total: "45.66", complete: true });
    expect(computeTotals(lines, "USD").tax).toBeNull();
  });
});

describe("NewInvoicePage", () => {
  afterEach(() => vi.unstubAllGlobals());

  const customer = {
    id: "c1", kind: "person", name: "Jo Bloggs", companyName: null, email: "jo@example.com", phone: null, addressLine1: null, addressLine2: null,
    city: null, region: null, postcode: null, country: "DE", vatId: null, taxExempt: false, currency: "EUR", creditBalance: "0.00",
    status: "active", notes: "", createdAt: "2026-01-01T00:00:00Z",
  };

  it("posts the lines as typed and puts a server error on the line and field it names", async () => {
    const api = mockApi({
      "GET /api/customers/c1": () => jsonResponse(200, customer),
      "GET /api/customers": () => jsonResponse(200, { items: [customer], nextCursor: null }),
      "POST /api/invoices": () =>
        jsonResponse(422, { error: { code: "amount_mismatch", message: "amount must equal quantity x unitPrice (29.97)", details: [{ field: "items.0.unitPrice", message: "Not a price we can bill." }] } }),
    });
    const user = userEvent.setup();
    render(
      withQueryClient(
        <MemoryRouter initialEntries={["/invoices/new?customer=c1"]}>
          <Routes>
            <Route path="/invoices/new" element={<NewInvoicePage />} />
            <Route path="/invoices/:id" element={<p>created</p>} />
          </Routes>
        </MemoryRouter>,
      ),
    );
    expect(await screen.findByText(/Billed in EUR/)).toBeVisible();
    await user.type(screen.getByLabelText("Description, line 1"), "Hosting");
    await user.clear(screen.getByLabelText("Quantity, line 1"));
    await user.type(screen.getByLabelText("Quantity, line 1"), "3");
    await user.type(screen.getByLabelText("Unit price, line 1"), "9.99");
    expect(within(screen.getByTestId("live-totals")).getByTestId("subtotal")).toHaveTextContent("29.97");
    await user.click(screen.getByRole("button", { name: "Create invoice" }));

    const price = screen.getByLabelText("Unit price, line 1");
    expect(await screen.findByText("Not a price we can bill.")).toBeVisible();
    expect(price).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Description, line 1")).not.toHaveAttribute("aria-invalid");
    const post = api.requests.find((r) => r.method === "POST")!;
    expect(post.body).toMatchObject({ customerId: "c1", draft: false, items: [{ description: "Hosting", quantity: "3", unitPrice: "9.99", taxable: true }] });
    // Editing the lines clears the server's word.
    await user.type(price, "1");
    expect(screen.queryByText("Not a price we can bill.")).toBeNull();
  });

  it("does not post without a customer or with an empty line", async () => {
    const api = mockApi({ "GET /api/customers": () => jsonResponse(200, { items: [], nextCursor: null }) });
    const user = userEvent.setup();
    render(withQueryClient(<MemoryRouter initialEntries={["/invoices/new"]}><NewInvoicePage /></MemoryRouter>));
    await user.click(screen.getByRole("button", { name: "Create invoice" }));
    expect(screen.getByText("Choose a customer.")).toBeVisible();
    expect(screen.getByText("Description is required.")).toBeVisible();
    expect(screen.getByText("Enter a price, e.g. 29.99.")).toBeVisible();
    expect(api.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });
});
