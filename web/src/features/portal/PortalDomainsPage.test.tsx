import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import PortalDomainsPage from "./PortalDomainsPage";

const domain = (over: Record<string, unknown>) => ({
  id: "d1", name: "example.com", unicodeName: "example.com", tld: "com", customerId: "c1", subscriptionId: null, status: "active",
  registeredAt: "2026-01-05", expiresAt: "2027-01-05", autoRenew: true, nameservers: [], nameserversPending: false, registrar: "manual",
  registrarReference: null, graceEndsOn: null, redemptionEndsOn: null, pendingOperation: null, lastError: null, lastErrorAt: null,
  createdAt: "2026-01-05T10:00:00Z", updatedAt: "2026-01-05T10:00:00Z", ...over,
});

describe("PortalDomainsPage", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows each domain's nameservers and whether a change still waits for the registrar, with its error", async () => {
    mockApi({
      "GET /api/domains": () =>
        jsonResponse(200, {
          items: [
            domain({}),
            domain({ id: "d2", name: "moving.net", unicodeName: "moving.net", nameservers: ["ns1.host.example", "ns2.host.example"], nameserversPending: true, lastError: "registry timeout" }),
          ],
          nextCursor: null,
        }),
    });
    render(withQueryClient(<MemoryRouter><PortalDomainsPage /></MemoryRouter>));
    const [settled, waiting] = await screen.findAllByTestId("domain-row");
    expect(settled).toHaveTextContent("Registrar defaults");
    expect(within(settled).queryByText("Waiting for the registrar")).toBeNull();
    expect(waiting).toHaveTextContent("ns1.host.example");
    expect(within(waiting).getByText("Waiting for the registrar")).toBeInTheDocument();
    expect(waiting).toHaveTextContent("Registrar error: registry timeout");
  });
});
