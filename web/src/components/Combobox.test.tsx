import { useState } from "react";
import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Combobox } from "./Combobox";

const FRUITS = ["Apple", "Banana", "Cherry"];

function Harness() {
  const [value, setValue] = useState<string | null>(null);
  const [q, setQ] = useState("");
  return (
    <>
      <Combobox
        label="Fruit"
        value={value}
        onChange={setValue}
        onQueryChange={setQ}
        items={FRUITS.filter((f) => f.toLowerCase().includes(q.toLowerCase()))}
        getKey={(f) => f}
        getLabel={(f) => f}
      />
      <input aria-label="Price" />
      <output aria-label="Chosen">{value ?? ""}</output>
    </>
  );
}

describe("Combobox", () => {
  it("closes its list when the focus moves on with Tab, so it does not cover the next fields", async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.click(screen.getByRole("combobox", { name: "Fruit" }));
    expect(screen.getByRole("listbox")).toBeVisible();
    await user.tab();
    expect(screen.getByLabelText("Price")).toHaveFocus();
    expect(screen.queryByRole("listbox")).toBeNull();
  });

  it("still picks an option with the mouse and with the keyboard", async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const box = screen.getByRole("combobox", { name: "Fruit" });
    await user.click(box);
    await user.click(screen.getByRole("option", { name: "Banana" }));
    expect(screen.getByLabelText("Chosen")).toHaveTextContent("Banana");
    expect(box).toHaveFocus();
    await user.clear(box);
    await user.type(box, "ch");
    await user.keyboard("{Enter}");
    expect(screen.getByLabelText("Chosen")).toHaveTextContent("Cherry");
  });
});
