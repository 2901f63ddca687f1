import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ProductForm } from "./ProductForm";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";

describe("ProductForm", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("puts the server's price error on its row only, and drops it once the next try is refused before sending", async () => {
    const api = mockApi({
      "POST /api/products": () =>
        jsonResponse(422, {
          error: {
            code: "validation_failed",
            message: "Some fields are not valid.",
            details: [{ field: "prices.0.price", message: "Input should be greater than or equal to 0", type: "greater_than_equal" }],
          },
        }),
    });
    const user = userEvent.setup();
    render(withQueryClient(<ProductForm onSaved={vi.fn()} onCancel={() => {}} />));
    await user.type(screen.getByLabelText("Name"), "Starter");
    await user.type(screen.getByLabelText("Price, price 1"), "-5");
    await user.click(screen.getByRole("button", { name: "Create product" }));
    expect(await screen.findByText("Input should be greater than or equal to 0")).toBeVisible();
    expect(screen.getByLabelText("Price, price 1")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByRole("alert")).toBeNull();
    // A price the form itself refuses: its own message, nothing left over from the server.
    await user.clear(screen.getByLabelText("Price, price 1"));
    await user.type(screen.getByLabelText("Price, price 1"), "5.123456");
    await user.click(screen.getByRole("button", { name: "Create product" }));
    expect(screen.getByText("Enter a price, e.g. 9.99.")).toBeVisible();
    expect(screen.queryByText("Some fields are not valid.")).toBeNull();
    expect(api.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });
});
