import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { Toaster } from "@/components/Toast";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import DomainDetailPage from "./DomainDetailPage";

const permissions = ["domains.read", "domains.write"];
vi.mock("@/app/auth/AuthProvider", () => ({
  useAuth: () => ({ me: { role: "admin", permissions }, can: (p: string) => permissions.includes(p), canAccess: () => true }),
}));

const ID = "d1";
const OLD = ["ns1.old.example", "ns2.old.example"];
const NEW = ["ns1.new.example", "ns2.new.example"];
const domain = (extra: Record<string, unknown>) => ({
  id: ID, name: "example.com", unicodeName: "example.com", tld: "com", customerId: "c1", subscriptionId: null, status: "active",
  registeredAt: "2026-01-05", expiresAt: "2027-01-05", autoRenew: true, nameservers: OLD, nameserversPending: false, registrar: "manual",
  registrarReference: null, graceEndsOn: null, redemptionEndsOn: null, pendingOperation: null, lastError: null, lastErrorAt: null,
  createdAt: "2026-01-05T10:00:00Z", updatedAt: "2026-01-05T10:00:00Z", ...extra,
});
const event = (action: string, note: string) => ({
  id: action, action, fromStatus: null, toStatus: null, years: null, price: null, redemptionFee: null, currency: null, expiresAt: null,
  registrarReference: null, note, occurredAt: "2026-11-25T12:00:00Z",
});

describe("DomainDetailPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("saves nameservers at once, shows them waiting for the registrar with its error, and follows the job until it is done", async () => {
    let state: "before" | "waiting" | "done" = "before";
    let waitingAnswers = 0;
    const current = () => {
      if (state === "before") return domain({});
      if (state === "waiting" && waitingAnswers++ > 0) state = "done";
      return state === "waiting"
        ? domain({ nameservers: NEW, nameserversPending: true, lastError: "registry timeout", lastErrorAt: "2026-11-25T12:00:01Z", updatedAt: "2026-11-25T12:00:01Z" })
        : domain({ nameservers: NEW, updatedAt: "2026-11-25T12:00:09Z" });
    };
    const api = mockApi({
      [`GET /api/domains/${ID}`]: () => jsonResponse(200, current()),
      [`GET /api/domains/${ID}/events`]: () =>
        jsonResponse(200, { items: state === "done" ? [event("nameservers", NEW.join(" ")), event("register", "")] : [event("register", "")], nextCursor: null }),
      [`PATCH /api/domains/${ID}`]: () => {
        state = "waiting";
        return jsonResponse(200, domain({ nameservers: NEW, nameserversPending: true, updatedAt: "2026-11-25T12:00:00Z" }));
      },
    });
    render(
      withQueryClient(
        <MemoryRouter initialEntries={[`/domains/${ID}`]}>
          <Routes>
            <Route path="/domains/:domainId" element={<DomainDetailPage />} />
          </Routes>
          <Toaster />
        </MemoryRouter>,
      ),
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Settings" }));
    const box = screen.getByLabelText("Nameservers");
    await user.clear(box);
    await user.type(box, NEW.join("\n"));
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByText("example.com saved; the registrar gets the nameservers shortly")).toBeVisible();
    expect(api.requests.find((r) => r.method === "PATCH")?.body).toEqual({ nameservers: NEW });
    const nameservers = await screen.findByTestId("domain-nameservers");
    expect(within(nameservers).getByText("Waiting for the registrar")).toBeVisible();
    expect(nameservers).toHaveTextContent("ns1.new.example");
    expect(await screen.findByText(/registry timeout \(/)).toBeVisible();
    expect(screen.getByTestId("domain-lifecycle")).toHaveTextContent("Nameserver change waiting for the registrar");

    // The next poll finds the job done: the badge and the error go, and the history shows the change.
    await waitFor(() => expect(within(screen.getByTestId("domain-nameservers")).queryByText("Waiting for the registrar")).toBeNull(), { timeout: 8000 });
    expect(screen.queryByText(/registry timeout/)).toBeNull();
    await waitFor(() => expect(screen.getByRole("table", { name: "Domain history" })).toHaveTextContent(`nameservers${NEW.join(" ")}`));
  }, 15_000);
});
