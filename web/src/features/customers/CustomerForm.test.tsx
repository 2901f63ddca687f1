import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CustomerForm } from "./CustomerForm";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import type { Customer } from "@/api/types";

const saved: Customer = {
  id: "c1", kind: "company", name: "Jo Bloggs", companyName: "Bloggs GmbH", email: "jo@example.com", phone: "+49 30 1234",
  addressLine1: "Hauptstr 1", addressLine2: null, city: "Berlin", region: null, postcode: "10115", country: "DE", vatId: "DE136695976",
  taxExempt: false, currency: "EUR", creditBalance: "0.00", status: "active", notes: "", createdAt: "2026-01-01T00:00:00Z",
};

function setup(customer?: Customer) {
  const onSaved = vi.fn();
  render(withQueryClient(<CustomerForm customer={customer} onSaved={onSaved} onCancel={() => {}} />));
  return { onSaved, user: userEvent.setup() };
}

describe("CustomerForm", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the server's VAT ID error on the VAT ID field, in its words", async () => {
    const api = mockApi({
      "POST /api/customers": () =>
        jsonResponse(422, {
          error: {
            code: "vat_id_invalid",
            message: "not a valid VAT number: The number has an invalid length.",
            details: [{ field: "vatId", message: "not a valid VAT number: The number has an invalid length." }],
          },
        }),
    });
    const { user, onSaved } = setup();
    await user.click(screen.getByRole("radio", { name: "Company" }));
    await user.type(screen.getByLabelText("Company name"), "Bloggs GmbH");
    await user.type(screen.getByLabelText("Contact name"), "Jo Bloggs");
    await user.type(screen.getByLabelText("E-mail"), "jo@example.com");
    await user.selectOptions(screen.getByLabelText("Country"), "DE");
    await user.type(screen.getByLabelText("VAT ID"), "de123");
    await user.click(screen.getByRole("button", { name: "Create customer" }));

    const vat = screen.getByLabelText("VAT ID");
    expect(await screen.findByText("not a valid VAT number: The number has an invalid length.")).toBeVisible();
    expect(vat).toHaveAttribute("aria-invalid", "true");
    expect(vat).toHaveAccessibleDescription("not a valid VAT number: The number has an invalid length.");
    expect(screen.getByLabelText("E-mail")).not.toHaveAttribute("aria-invalid");
    expect(screen.queryByRole("alert")).toBeNull(); // the error is on its field, not repeated above the form
    expect(onSaved).not.toHaveBeenCalled();
    expect(api.requests[0].body).toEqual({ kind: "company", name: "Jo Bloggs", companyName: "Bloggs GmbH", email: "jo@example.com", country: "DE", vatId: "DE123", taxExempt: false });

    // Typing in the field clears the server's error.
    await user.type(vat, "4");
    expect(screen.queryByText(/not a valid VAT number/)).toBeNull();
  });

  it("puts a taken e-mail (409) on the e-mail field", async () => {
    mockApi({
      "POST /api/customers": () =>
        jsonResponse(409, { error: { code: "customer_email_taken", message: "A customer with this e-mail address already exists.", details: [{ field: "email", message: "A customer with this e-mail address already exists." }] } }),
    });
    const { user } = setup();
    await user.type(screen.getByLabelText("Name"), "Jo");
    await user.type(screen.getByLabelText("E-mail"), "jo@example.com");
    await user.selectOptions(screen.getByLabelText("Country"), "US");
    await user.click(screen.getByRole("button", { name: "Create customer" }));
    expect(await screen.findByText("A customer with this e-mail address already exists.")).toBeVisible();
    expect(screen.getByLabelText("E-mail")).toHaveAttribute("aria-invalid", "true");
  });

  it("validates before posting: a company needs its name", async () => {
    const api = mockApi({});
    const { user } = setup();
    await user.click(screen.getByRole("radio", { name: "Company" }));
    await user.click(screen.getByRole("button", { name: "Create customer" }));
    expect(screen.getByText("Company name is required for a company.")).toBeVisible();
    expect(screen.getByText("Country is required.")).toBeVisible();
    expect(api.fn).not.toHaveBeenCalled();
  });

  it("on edit, sends only what changed and clears emptied fields with null", async () => {
    const api = mockApi({ "PATCH /api/customers/c1": () => jsonResponse(200, { ...saved, phone: null, city: "Hamburg" }) });
    const { user, onSaved } = setup(saved);
    await user.clear(screen.getByLabelText("Phone"));
    await user.clear(screen.getByLabelText("City"));
    await user.type(screen.getByLabelText("City"), "Hamburg");
    await user.click(screen.getByRole("button", { name: "Save customer" }));
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(api.requests[0]).toMatchObject({ method: "PATCH", body: { phone: null, city: "Hamburg" } });
  });
});
