import { useState } from "react";
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { Modal } from "./Modal";

function Form() {
  const [touched, setTouched] = useState(false);
  return (
    <>
      {/* A control before the autofocused field, like the customer form's person/company switch. */}
      <input type="radio" name="kind" aria-label="Person" />
      <input aria-label="Name" autoFocus onBlur={() => setTouched(true)} />
      {touched && <p>Name is required.</p>}
    </>
  );
}

function Harness({ marked = false }: { marked?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      <Modal open={open} onClose={() => setOpen(false)} title="New customer">
        {marked ? (
          <>
            <input aria-label="First" />
            <input aria-label="Marked" data-autofocus />
          </>
        ) : (
          <Form />
        )}
      </Modal>
    </>
  );
}

describe("Modal focus", () => {
  it("keeps focus on the field React's autoFocus chose, so the field is not blurred into its error", () => {
    render(<Harness />);
    const opener = screen.getByRole("button", { name: "Open" });
    opener.focus();
    fireEvent.click(opener);
    expect(screen.getByLabelText("Name")).toHaveFocus();
    expect(screen.queryByText("Name is required.")).not.toBeInTheDocument();
  });

  it("gives focus back to the button that opened it", () => {
    render(<Harness />);
    const opener = screen.getByRole("button", { name: "Open" });
    opener.focus();
    fireEvent.click(opener);
    fireEvent.keyDown(document, { key: "Escape" });
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it("focuses a data-autofocus field over the first control", () => {
    render(<Harness marked />);
    fireEvent.click(screen.getByRole("button", { name: "Open" }));
    expect(screen.getByLabelText("Marked")).toHaveFocus();
  });
});
