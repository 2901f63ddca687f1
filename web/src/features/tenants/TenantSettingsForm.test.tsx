import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import type { OwnTenant } from "@/api/types";
import { BILLING_DEFAULTS, TenantSettingsForm } from "./TenantSettingsForm";

const tenant: OwnTenant = {
  id: "t1", name: "Acme Hosting", slug: "acme", status: "active", defaultCurrency: "EUR", createdAt: "2026-01-01T00:00:00Z",
  settings: { billing: { country: "DE", invoiceDaysBefore: 14, overdueReminderDays: [1, 5] }, branding: { color: "red" } },
};

describe("TenantSettingsForm", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends the whole billing object and shows the server's field error on its input", async () => {
    const message = "Input should be less than or equal to 90";
    const api = mockApi({
      "PATCH /api/tenant": () =>
        jsonResponse(422, {
          error: {
            code: "billing_settings_invalid",
            message: "The billing settings are not valid.",
            details: [{ field: "settings.billing.invoiceDaysBefore", message }],
          },
        }),
    });
    render(withQueryClient(<TenantSettingsForm tenant={tenant} canWrite />));
    const user = userEvent.setup();
    const days = screen.getByLabelText("Invoice days before renewal");
    await user.clear(days);
    await user.type(days, "95");
    await user.click(screen.getByRole("button", { name: "Save settings" }));

    expect(await screen.findByText(message)).toBeVisible();
    expect(days).toHaveAttribute("aria-invalid", "true");
    expect(days).toHaveAccessibleDescription(message);
    expect(screen.getByLabelText("Payment terms (days)")).not.toHaveAttribute("aria-invalid");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(api.requests[0].method).toBe("PATCH");
    expect(api.requests[0].body).toEqual({
      settings: { billing: { ...BILLING_DEFAULTS, country: "DE", invoiceDaysBefore: 95, overdueReminderDays: [1, 5] } },
    });
  });

  it("puts an error about one reminder day on the reminder list", async () => {
    mockApi({
      "PATCH /api/tenant": () =>
        jsonResponse(422, {
          error: {
            code: "billing_settings_invalid",
            message: "The billing settings are not valid.",
            details: [{ field: "settings.billing.overdueReminderDays.1", message: "Input should be greater than 0" }],
          },
        }),
    });
    render(withQueryClient(<TenantSettingsForm tenant={tenant} canWrite />));
    await userEvent.setup().click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText("Input should be greater than 0")).toBeVisible();
    expect(screen.getByLabelText("Overdue reminders (days)")).toHaveAttribute("aria-invalid", "true");
  });

  it("is read-only without tenant.write", () => {
    render(withQueryClient(<TenantSettingsForm tenant={tenant} canWrite={false} />));
    expect(screen.getByLabelText("Company name")).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Save settings" })).toBeNull();
  });
});
