import { useEffect, useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { act, render, screen } from "@testing-library/react";
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

/** Results arrive 300 ms after the text changes, like a debounced server search. */
function SlowHarness() {
  const [value, setValue] = useState<string | null>(null);
  const [q, setQ] = useState("");
  const [shown, setShown] = useState({ q: "", items: FRUITS });
  useEffect(() => {
    const t = setTimeout(() => setShown({ q, items: FRUITS.filter((f) => f.toLowerCase().includes(q.toLowerCase())) }), 300);
    return () => clearTimeout(t);
  }, [q]);
  return (
    <>
      <Combobox label="Fruit" value={value} onChange={setValue} onQueryChange={setQ} items={shown.items} loading={shown.q !== q} getKey={(f) => f} getLabel={(f) => f} />
      <output aria-label="Chosen">{value ?? ""}</output>
    </>
  );
}

describe("Combobox with results on their way", () => {
  it("Enter waits for the typed text's results instead of picking the first of the older list", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      render(<SlowHarness />);
      const box = screen.getByRole("combobox", { name: "Fruit" });
      await user.click(box);
      await user.type(box, "cherry");
      await user.keyboard("{Enter}"); // the list still shows Apple, Banana, Cherry
      expect(screen.getByLabelText("Chosen")).toHaveTextContent("");
      await user.tab(); // and on to the next field before the results arrive
      await act(async () => {
        vi.advanceTimersByTime(400);
      });
      expect(screen.getByLabelText("Chosen")).toHaveTextContent("Cherry");
      expect(box).toHaveValue("Cherry");
    } finally {
      vi.useRealTimers();
    }
  });
});
