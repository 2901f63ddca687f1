import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import JobsPage from "./JobsPage";

let permissions: string[] = [];
vi.mock("@/app/auth/AuthProvider", () => ({
  useAuth: () => ({ me: { role: "admin", permissions }, can: (p: string) => permissions.includes(p), canAccess: () => true }),
}));

const ZONE = "43b6dd39-2e70-4dee-ba7d-f8744bb4877b";
const job = (id: number, status: string, extra: Record<string, unknown> = {}) => ({
  id, queueName: "provisioning", taskName: "hosting.apply", status, attempts: status === "failed" ? 12 : 1, scheduledAt: null,
  createdAt: "2026-11-25T12:00:00Z", updatedAt: "2026-11-25T12:01:00Z", lastError: null, failedAt: null,
  entity: { type: "dns_zone", id: ZONE }, args: { object_type: "dns_zone", object_id: ZONE }, ...extra,
});

function setup(routes: Parameters<typeof mockApi>[0], url = "/jobs") {
  const api = mockApi({
    [`GET /api/dns/zones/${ZONE}`]: () => jsonResponse(200, { id: ZONE, name: "example.com" }),
    ...routes,
  });
  render(withQueryClient(<MemoryRouter initialEntries={[url]}><JobsPage /></MemoryRouter>));
  return { api, user: userEvent.setup() };
}

describe("JobsPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("lists jobs with the zone they serve and the last error behind a disclosure; retries a failed one", async () => {
    permissions = ["jobs.read", "jobs.write", "dns.read"];
    let retried = false;
    const { api, user } = setup({
      "GET /api/jobs": () => jsonResponse(200, { items: [job(2, "failed", { lastError: "the node's agent did not answer within 30 s", failedAt: "2026-11-25T12:01:00Z" }), job(1, "succeeded")], nextCursor: null }),
      "POST /api/jobs/2/retry": () => {
        retried = true;
        return jsonResponse(200, job(2, "todo"));
      },
    });
    const rows = await screen.findAllByTestId("job-row");
    expect(rows).toHaveLength(2);
    expect(await within(rows[0]).findByRole("link", { name: "example.com" })).toHaveAttribute("href", `/dns/${ZONE}`);
    expect(within(rows[0]).getByText("Failed")).toBeVisible();
    const error = within(rows[0]).getByText("the node's agent did not answer within 30 s");
    expect(error).not.toBeVisible();
    await user.click(within(rows[0]).getByText(/Last error/));
    expect(error).toBeVisible();
    expect(within(rows[1]).queryByRole("button", { name: /Retry/ })).toBeNull();
    await user.click(within(rows[0]).getByRole("button", { name: "Retry job 2" }));
    await waitFor(() => expect(retried).toBe(true));
    // The list is asked again after the retry.
    await waitFor(() => expect(api.requests.filter((r) => r.path === "/api/jobs").length).toBeGreaterThan(1));
  });

  it("passes the status, task and object filters to the API and offers no retry without jobs.write", async () => {
    permissions = ["jobs.read"];
    const { api } = setup({ "GET /api/jobs": () => jsonResponse(200, { items: [job(3, "failed")], nextCursor: null }) }, `/jobs?status=failed&task=hosting.apply&entityId=${ZONE}`);
    await screen.findByTestId("job-row");
    const call = api.fn.mock.calls.map((c) => String(c[0] instanceof Request ? c[0].url : c[0])).find((u) => u.includes("/api/jobs"))!;
    const q = new URL(call).searchParams;
    expect([q.get("status"), q.get("task"), q.get("entityId")]).toEqual(["failed", "hosting.apply", ZONE]);
    expect(screen.queryByRole("button", { name: /Retry/ })).toBeNull();
  });
});
