import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import { AddServerDialog } from "./AddServerDialog";

const server = {
  id: "s1", name: "node1", hostname: "node1.example.net", roles: ["web", "dns"], capacity: { zones: 500 }, status: "pending", enrolled: false,
  credentialRevokedAt: null, enrolmentExpiresAt: "2026-11-26T12:00:00Z", agentVersion: null, lastHeartbeatAt: null, lastMetrics: null, lastError: null, createdAt: "2026-11-25T12:00:00Z",
};

function setup() {
  const onClose = vi.fn();
  const view = render(withQueryClient(<MemoryRouter><AddServerDialog open onClose={onClose} /></MemoryRouter>));
  return { onClose, view, user: userEvent.setup() };
}

describe("AddServerDialog", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("adds the server, then shows the enrolment command once", async () => {
    const api = mockApi({ "POST /api/servers": () => jsonResponse(201, { server, enrolmentToken: "mpe1.secret-token-value", enrolmentExpiresAt: "2026-11-26T12:00:00Z" }) });
    const { user, onClose } = setup();
    await user.type(screen.getByLabelText("Name"), "node1");
    await user.type(screen.getByLabelText("Host name"), "Node1.Example.net");
    await user.click(screen.getByRole("checkbox", { name: "Mail" }));
    await user.type(screen.getByLabelText("DNS zones"), "500");
    await user.click(screen.getByRole("button", { name: "Add server" }));
    expect(await screen.findByTestId("enrol-command")).toHaveTextContent("mpanel-agent enrol --token mpe1.secret-token-value");
    expect(screen.getByText(/shown only once/)).toBeVisible();
    // Roles in the API's order; blank capacities are no limit (not sent).
    expect(api.requests[0].body).toEqual({ name: "node1", hostname: "node1.example.net", roles: ["web", "dns", "mail"], capacity: { zones: 500 } });
    await user.click(screen.getByRole("button", { name: "Done" }));
    expect(onClose).toHaveBeenCalled();
  });

  it("puts a taken name on the name field and asks for at least one role", async () => {
    mockApi({
      "POST /api/servers": () =>
        jsonResponse(409, { error: { code: "server_name_taken", message: "A server with this name already exists.", details: [{ field: "name", message: "A server with this name already exists." }] } }),
    });
    const { user } = setup();
    await user.click(screen.getByRole("checkbox", { name: "Web" }));
    await user.click(screen.getByRole("checkbox", { name: "DNS" }));
    await user.type(screen.getByLabelText("Name"), "node1");
    await user.type(screen.getByLabelText("Host name"), "node1.example.net");
    await user.click(screen.getByRole("button", { name: "Add server" }));
    expect(await screen.findByText("Choose at least one role.")).toBeVisible();
    await user.click(screen.getByRole("checkbox", { name: "DNS" }));
    await user.click(screen.getByRole("button", { name: "Add server" }));
    await waitFor(() => expect(screen.getByLabelText("Name")).toHaveAttribute("aria-invalid", "true"));
    expect(screen.getByLabelText("Name")).toHaveAccessibleDescription("A server with this name already exists.");
    expect(screen.queryByTestId("enrol-command")).toBeNull();
  });
});
