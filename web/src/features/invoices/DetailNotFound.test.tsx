import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import InvoiceDetailPage from "./InvoiceDetailPage";
import CustomerDetailPage from "@/features/customers/CustomerDetailPage";
import ServerDetailPage from "@/features/servers/ServerDetailPage";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";

const permissions = ["invoices.read", "payments.read", "customers.read", "servers.read"];
vi.mock("@/app/auth/AuthProvider", () => ({
  useAuth: () => ({ me: { role: "admin", permissions }, can: (p: string) => permissions.includes(p), canAccess: () => true }),
}));

const invalidPath = (param: string) => () =>
  jsonResponse(422, {
    error: { code: "validation_failed", message: "Some fields are not valid.", details: [{ field: `path.${param}`, message: "Input should be a valid UUID", type: "uuid_parsing" }] },
  });

describe("a detail page at a malformed id shows the not-found state", () => {
  afterEach(() => vi.unstubAllGlobals());

  it.each([
    ["/invoices/abc", "/invoices/:invoiceId", <InvoiceDetailPage />, "GET /api/invoices/abc", "invoice_id", "Invoice not found."],
    ["/customers/xyz", "/customers/:customerId", <CustomerDetailPage />, "GET /api/customers/xyz", "customer_id", "Customer not found."],
    ["/servers/undefined", "/servers/:serverId", <ServerDetailPage />, "GET /api/servers/undefined", "server_id", "Server not found."],
  ])("%s", async (url, pattern, page, route, param, message) => {
    mockApi({ [route]: invalidPath(param) });
    render(withQueryClient(<MemoryRouter initialEntries={[url]}><Routes><Route path={pattern} element={page} /></Routes></MemoryRouter>));
    expect(await screen.findByRole("alert")).toHaveTextContent(message);
    expect(screen.queryByText("Some fields are not valid.")).toBeNull();
    // Not found is not something asking again can fix.
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
  });
});
