import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { PaletteButton } from "./Layout";

describe("top bar search button", () => {
  it("is named by its visible text (label in name) and opens the palette", async () => {
    const onOpen = vi.fn();
    render(<PaletteButton onOpen={onOpen} />);
    const button = screen.getByRole("button", { name: /^Search or jump to…/ });
    expect(button).not.toHaveAttribute("aria-label");
    expect(button.textContent).toContain("Search or jump to…");
    expect(button).toHaveAttribute("aria-keyshortcuts", "Control+K");
    expect(screen.queryByRole("button", { name: "Open command palette" })).toBeNull();
    await userEvent.click(button);
    expect(onOpen).toHaveBeenCalledOnce();
  });
});
