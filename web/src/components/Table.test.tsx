import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { SortTh } from "./Table";

function header(sort: string, onSort = vi.fn()) {
  render(
    <table>
      <thead>
        <tr>
          <SortTh field="name" sort={sort} onSort={onSort}>
            Name
          </SortTh>
        </tr>
      </thead>
    </table>,
  );
  return { th: screen.getByRole("columnheader", { name: /Name/ }), onSort };
}

describe("SortTh", () => {
  it("sorts ascending first and says the column is not sorted", () => {
    const { th, onSort } = header("-createdAt");
    expect(th).toHaveAttribute("aria-sort", "none");
    fireEvent.click(screen.getByRole("button", { name: /Name/ }));
    expect(onSort).toHaveBeenCalledWith("name");
  });

  it("toggles ascending to descending and back", () => {
    const { th, onSort } = header("name");
    expect(th).toHaveAttribute("aria-sort", "ascending");
    fireEvent.click(screen.getByRole("button", { name: /Name/ }));
    expect(onSort).toHaveBeenCalledWith("-name");
  });

  it("marks a descending sort and goes back to ascending", () => {
    const { th, onSort } = header("-name");
    expect(th).toHaveAttribute("aria-sort", "descending");
    fireEvent.click(screen.getByRole("button", { name: /Name/ }));
    expect(onSort).toHaveBeenCalledWith("name");
  });
});
