import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import { ErrorState } from "./Feedback";
import { ApiError } from "@/api/errors";

describe("ErrorState", () => {
  it("shows the API's words and no Try again for a 404: asking again finds nothing more", () => {
    render(<ErrorState error={new ApiError(404, "invoice_not_found", "Invoice 42 not found.")} onRetry={vi.fn()} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Invoice 42 not found.");
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
  });

  it("offers Try again when the server or the network failed", () => {
    const retry = vi.fn();
    const { unmount } = render(<ErrorState error={new ApiError(503, "database_unavailable", "The database is not reachable.")} onRetry={retry} />);
    screen.getByRole("button", { name: "Try again" }).click();
    expect(retry).toHaveBeenCalledOnce();
    unmount();
    render(<ErrorState error={new ApiError(0, "network_error", "Cannot reach the server.")} onRetry={retry} />);
    expect(screen.getByRole("button", { name: "Try again" })).toBeVisible();
  });
});
