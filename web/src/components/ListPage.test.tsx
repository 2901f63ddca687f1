import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, useLocation } from "react-router";
import { useCustomers } from "@/api/customers";
import type { CustomerQuery } from "@/api/types";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import { ListBody, SearchBox, useListPage } from "./ListPage";
import { SortTh, Table } from "./Table";

function Url() {
  const { search } = useLocation();
  return <p data-testid="url">{search}</p>;
}

/** A staff list the way the pages build it, on the customers endpoint. */
function Harness() {
  const list = useListPage<CustomerQuery>({ pageSize: 2, filters: ["q", "status"], defaultSort: "-createdAt", search: { param: "q", delay: 10 } });
  const result = useCustomers(list.query);
  return (
    <>
      <SearchBox label="Search customers" placeholder="Name" {...list.search} />
      <select aria-label="Filter by status" value={list.values.status} onChange={(e) => list.setParam("status", e.target.value || null)}>
        <option value="">All</option>
        <option value="active">Active</option>
      </select>
      <button type="button" onClick={() => list.setParam("new", "1")}>
        New
      </button>
      <ListBody
        list={list}
        result={result}
        loading="Loading customers…"
        empty={{ title: "No customers yet", noMatch: "No customer matches these filters", hint: "Add one to bill it.", noMatchHint: "Try another status.", action: <button type="button">Add the first customer</button> }}
      >
        {(items) => (
          <Table label="Customers">
            <thead>
              <tr>
                <SortTh {...list.sortBy("name")}>Customer</SortTh>
                <SortTh {...list.sortBy("createdAt")}>Added</SortTh>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} data-testid="row">
                  <td>{c.name}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </ListBody>
      <Url />
    </>
  );
}

const customer = (n: number) => ({ id: `c${n}`, name: `Customer ${n}`, email: `c${n}@example.com`, status: "active", country: "DE", createdAt: "2026-11-01T10:00:00Z" });

/** Page 1 answers with a cursor to page 2; every request's query is recorded. */
function setup(url = "/customers", answer?: (q: URLSearchParams) => Response | Promise<Response>) {
  const queries: URLSearchParams[] = [];
  mockApi({
    "GET /api/customers": (req) => {
      const q = new URL(req.url).searchParams;
      queries.push(q);
      if (answer) return answer(q);
      return q.get("cursor")
        ? jsonResponse(200, { items: [customer(3)], nextCursor: null })
        : jsonResponse(200, { items: [customer(1), customer(2)], nextCursor: "page-2" });
    },
  });
  render(withQueryClient(<MemoryRouter initialEntries={[url]}><Harness /></MemoryRouter>));
  return { queries, user: userEvent.setup(), url: () => screen.getByTestId("url").textContent ?? "" };
}

const header = (name: RegExp) => screen.getByRole("columnheader", { name });

describe("useListPage and ListBody", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("writes the sort to the URL and the query, toggling field and -field, and marks the default order", async () => {
    const { queries, user, url } = setup();
    await screen.findAllByTestId("row");
    expect(header(/Customer/)).toHaveAttribute("aria-sort", "none");
    expect(header(/Added/)).toHaveAttribute("aria-sort", "descending"); // newest first without ?sort
    expect(queries[0].get("sort")).toBeNull();

    await user.click(screen.getByRole("button", { name: /Customer/ }));
    expect(url()).toBe("?sort=name");
    expect(header(/Customer/)).toHaveAttribute("aria-sort", "ascending");
    expect(header(/Added/)).toHaveAttribute("aria-sort", "none");
    await waitFor(() => expect(queries.at(-1)?.get("sort")).toBe("name"));

    await user.click(screen.getByRole("button", { name: /Customer/ }));
    expect(url()).toBe("?sort=-name");
    expect(header(/Customer/)).toHaveAttribute("aria-sort", "descending");
    await waitFor(() => expect(queries.at(-1)?.get("sort")).toBe("-name"));

    await user.click(screen.getByRole("button", { name: /Added/ }));
    expect(url()).toBe("?sort=createdAt");
    // Back to the default order: the URL drops the parameter rather than spelling it out.
    await user.click(screen.getByRole("button", { name: /Added/ }));
    expect(url()).toBe("");
    expect(header(/Added/)).toHaveAttribute("aria-sort", "descending");
  });

  it("goes back to page 1 when a filter or the sort changes, never sending the old cursor with them", async () => {
    const { queries, user } = setup();
    await screen.findAllByTestId("row");
    await user.click(screen.getByRole("button", { name: /Next/ }));
    await screen.findByText("Customer 3");
    expect(queries.at(-1)?.get("cursor")).toBe("page-2");
    expect(screen.getByText("Page 2")).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText("Filter by status"), "active");
    await waitFor(() => expect(queries.at(-1)?.get("status")).toBe("active"));
    expect(queries.filter((q) => q.get("status")).every((q) => q.get("cursor") === null)).toBe(true);
    await screen.findByText("Customer 1");
    expect(screen.getByText("Page 1")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: /Next/ }));
    await screen.findByText("Customer 3");
    await user.click(screen.getByRole("button", { name: /Customer/ }));
    await waitFor(() => expect(queries.at(-1)?.get("sort")).toBe("name"));
    expect(queries.filter((q) => q.get("sort")).every((q) => q.get("cursor") === null)).toBe(true);

    // Opening a dialog (?new=1) is not a filter: the page stays.
    await user.click(screen.getByRole("button", { name: /Next/ }));
    await screen.findByText("Customer 3");
    await user.click(screen.getByRole("button", { name: "New" }));
    expect(screen.getByText("Page 2")).toBeInTheDocument();
  });

  it("debounces the search box into the URL and the query", async () => {
    const { queries, user, url } = setup();
    await screen.findAllByTestId("row");
    await user.type(screen.getByLabelText("Search customers"), "  ada ");
    await waitFor(() => expect(url()).toBe("?q=ada"));
    await waitFor(() => expect(queries.at(-1)?.get("q")).toBe("ada"));
    expect(queries.filter((q) => q.get("q")).map((q) => q.get("q"))).toEqual(["ada"]); // one request, not one per key
  });

  it("shows the empty state, and a filtered one whose button clears the filters but keeps the order", async () => {
    const { user, url } = setup("/customers?status=active&sort=name&new=1", () => jsonResponse(200, { items: [], nextCursor: null }));
    await screen.findByText("No customer matches these filters");
    screen.getByText("Try another status.");
    expect(screen.queryByRole("button", { name: "Add the first customer" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(url()).toBe("?sort=name");
    await screen.findByText("No customers yet");
    screen.getByText("Add one to bill it.");
    screen.getByRole("button", { name: "Add the first customer" });
    expect(screen.queryByRole("button", { name: "Clear filters" })).toBeNull();
  });

  it("shows the API's error with a retry that asks again", async () => {
    let fail = true;
    const { queries, user } = setup("/customers", () =>
      fail ? jsonResponse(503, { error: { code: "database_unavailable", message: "The database is not answering." } }) : jsonResponse(200, { items: [customer(1)], nextCursor: null }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("The database is not answering.");
    fail = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByText("Customer 1");
    expect(queries).toHaveLength(2);
  });

  it("says it is loading, then keeps the rows under a refreshing spinner while the next query runs", async () => {
    let release: () => void = () => {};
    const { user } = setup("/customers", (q) =>
      q.get("status")
        ? new Promise<Response>((resolve) => {
            release = () => resolve(jsonResponse(200, { items: [customer(9)], nextCursor: null }));
          })
        : jsonResponse(200, { items: [customer(1)], nextCursor: null }),
    );
    expect(screen.getByRole("status")).toHaveTextContent("Loading customers…");
    await screen.findByText("Customer 1");
    expect(screen.queryByRole("status")).toBeNull();
    await user.selectOptions(screen.getByLabelText("Filter by status"), "active");
    await screen.findByRole("status", { name: "Refreshing" });
    expect(screen.getByText("Customer 1")).toBeInTheDocument();
    release();
    await screen.findByText("Customer 9");
    await waitFor(() => expect(screen.queryByRole("status")).toBeNull());
  });
});
