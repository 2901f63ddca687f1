import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import { ZoneView } from "./ZonePage";

let permissions: string[] = [];
vi.mock("@/app/auth/AuthProvider", () => ({
  useAuth: () => ({ me: { role: "admin", permissions }, can: (p: string) => permissions.includes(p), canAccess: () => true }),
}));

const ZONE = "z1";
const zone = (status: string, extra: Record<string, unknown> = {}) => ({
  id: ZONE, name: "example.com", customerId: null, domainId: null, serverId: "s1", serial: 2026112501, defaultTtl: 3600,
  version: 2, appliedVersion: status === "active" ? 2 : 1, status, lastError: null, createdAt: "2026-11-25T12:00:00Z", updatedAt: "2026-11-25T12:00:00Z", ...extra,
});
const records = {
  items: [
    { id: "r1", zoneId: ZONE, name: "@", type: "MX", ttl: 3600, content: "10 mail.example.com.", createdAt: "2026-11-25T12:00:00Z" },
    { id: "r2", zoneId: ZONE, name: "www", type: "A", ttl: 300, content: "192.0.2.10", createdAt: "2026-11-25T12:00:00Z" },
  ],
  nextCursor: null,
};
const ops = [{ id: "o1", version: 2, status: "failed", attempts: 3, lastError: "PowerDNS answered 422: bad record", observed: null, createdAt: "2026-11-25T12:00:00Z", finishedAt: "2026-11-25T12:00:05Z" }];

function setup(zoneAnswer: () => Response) {
  const api = mockApi({
    [`GET /api/dns/zones/${ZONE}`]: zoneAnswer,
    [`GET /api/dns/zones/${ZONE}/records`]: () => jsonResponse(200, records),
    [`GET /api/dns/zones/${ZONE}/operations`]: () => jsonResponse(200, ops),
    "GET /api/servers/s1": () => jsonResponse(200, { id: "s1", name: "ns1" }),
    [`DELETE /api/dns/zones/${ZONE}`]: () => jsonResponse(202, zone("deleting")),
  });
  render(
    withQueryClient(
      <MemoryRouter initialEntries={[`/dns/${ZONE}`]}>
        <Routes>
          <Route path="/dns/:zoneId" element={<ZoneView base="/dns" />} />
          <Route path="/dns" element={<p>Zone list</p>} />
        </Routes>
      </MemoryRouter>,
    ),
  );
  return { api, user: userEvent.setup() };
}

describe("ZoneView", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows records as people write them, the node's answer, and follows a pending zone until it is active", async () => {
    permissions = ["dns.read", "dns.write", "servers.read"];
    let answers = 0;
    setup(() => jsonResponse(200, ++answers < 2 ? zone("pending") : zone("active")));
    const rows = await screen.findAllByTestId("record-row");
    expect(rows[0]).toHaveTextContent("10 mail.example.com");
    expect(rows[0]).not.toHaveTextContent("mail.example.com.");
    expect(screen.getByText("Waiting for the DNS node.")).toBeVisible();
    expect(within(await screen.findByTestId("operation-row")).getByText("PowerDNS answered 422: bad record")).toBeVisible();
    expect(await screen.findByText("ns1")).toBeVisible();
    await waitFor(() => expect(screen.getAllByTestId("zone-status")[0]).toHaveTextContent("Active"), { timeout: 6000 });
    expect(screen.queryByText("Waiting for the DNS node.")).toBeNull();
  }, 10_000);

  it("deletes after confirming, shows deleting, and goes back to the list once the zone is gone", async () => {
    permissions = ["dns.read", "dns.write"];
    // Before the delete: active; then deleting once; then gone (the node confirmed).
    const answers: Array<() => Response> = [];
    const { user } = setup(() => (answers.shift() ?? (() => jsonResponse(200, zone("active"))))());
    await user.click(await screen.findByRole("button", { name: "Delete zone" }));
    const dialog = screen.getByRole("dialog", { name: "Delete zone?" });
    const gone = () => jsonResponse(404, { error: { code: "not_found", message: "zone not found" } });
    answers.push(() => jsonResponse(200, zone("deleting")), gone, gone, gone);
    await user.click(within(dialog).getByRole("button", { name: "Delete zone" }));
    expect(await screen.findByText("Being deleted.")).toBeVisible();
    expect(screen.queryByRole("button", { name: "Add record" })).toBeNull();
    expect(await screen.findByText("Zone list", {}, { timeout: 6000 })).toBeVisible();
  }, 10_000);

  it("goes back to the list when the node removed the zone before the page saw it deleting", async () => {
    permissions = ["dns.read", "dns.write"];
    let deleted = false;
    const { user } = setup(() => (deleted ? jsonResponse(404, { error: { code: "not_found", message: "zone not found" } }) : jsonResponse(200, zone("active"))));
    await user.click(await screen.findByRole("button", { name: "Delete zone" }));
    deleted = true;
    await user.click(within(screen.getByRole("dialog", { name: "Delete zone?" })).getByRole("button", { name: "Delete zone" }));
    expect(await screen.findByText("Zone list")).toBeVisible();
  }, 10_000);

  it("is read-only without dns.write", async () => {
    permissions = ["dns.read"];
    setup(() => jsonResponse(200, zone("active")));
    await screen.findAllByTestId("record-row");
    expect(screen.queryByRole("button", { name: "Add record" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete zone" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Import" })).toBeNull();
    expect(screen.getByRole("button", { name: "Export" })).toBeVisible();
  });
});
