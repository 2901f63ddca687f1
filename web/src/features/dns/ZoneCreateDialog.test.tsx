import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import { ZoneCreateDialog } from "./ZoneCreateDialog";

let permissions: string[] = [];
vi.mock("@/app/auth/AuthProvider", () => ({
  useAuth: () => ({ me: { role: "admin", permissions }, can: (p: string) => permissions.includes(p), canAccess: () => true }),
}));

const template = { id: "t1", name: "Web", isDefault: true, createdAt: "2026-11-25T00:00:00Z", records: [{ name: "@", type: "A", content: "{ip}" }, { name: "{app}", type: "CNAME", content: "{domain}" }] };
const servers = { items: [{ id: "s1", name: "ns1", hostname: "ns1.example.net", status: "online", roles: ["dns"] }, { id: "s2", name: "ns2", hostname: "ns2.example.net", status: "maintenance", roles: ["dns"] }], nextCursor: null };

function setup(portal = false) {
  const api = mockApi({
    "GET /api/dns/templates": () => jsonResponse(200, [template]),
    "GET /api/servers": () => jsonResponse(200, servers),
    "GET /api/customers": () => jsonResponse(200, { items: [], nextCursor: null }),
    "POST /api/dns/zones": () => jsonResponse(201, { id: "z1", name: "example.com", status: "pending" }),
  });
  render(
    withQueryClient(
      <MemoryRouter initialEntries={["/dns"]}>
        <Routes>
          <Route path="/dns" element={<ZoneCreateDialog open onClose={() => {}} base="/dns" portal={portal} />} />
          <Route path="/dns/:id" element={<p>Zone page</p>} />
        </Routes>
      </MemoryRouter>,
    ),
  );
  return { api, user: userEvent.setup() };
}

describe("ZoneCreateDialog", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("sends the name, the chosen server and the variables the default template needs", async () => {
    permissions = ["dns.read", "dns.write", "servers.read", "customers.read"];
    const { api, user } = setup();
    await user.type(screen.getByLabelText("Zone name"), "Example.com.");
    await screen.findByRole("option", { name: "ns1 (online)" });
    expect(screen.queryByRole("option", { name: /ns2/ })).toBeNull(); // in maintenance: gets no new objects
    await user.selectOptions(screen.getByLabelText("Server"), "s1");
    expect(screen.getByRole("option", { name: "Default (Web)" })).toBeInTheDocument();
    await user.type(screen.getByLabelText("IPv4 address ({ip})"), "192.0.2.10");
    await user.type(screen.getByLabelText("{app}"), "shop");
    await user.click(screen.getByRole("button", { name: "Create zone" }));
    expect(await screen.findByText("Zone page")).toBeVisible();
    expect(api.requests.find((r) => r.method === "POST")!.body).toEqual({ name: "example.com", serverId: "s1", variables: { ip: "192.0.2.10", app: "shop" } });
  });

  it("shows a missing template variable under the variables and the API's conflict above the form", async () => {
    permissions = ["dns.read", "dns.write"];
    let answer = 0;
    const { user } = setup(true);
    mockApi({
      "GET /api/dns/templates": () => jsonResponse(200, [template]),
      "POST /api/dns/zones": () =>
        ++answer === 1
          ? jsonResponse(422, { error: { code: "template_variables_missing", message: "the template needs: ip", details: [{ field: "variables", message: "the template needs: ip" }] } })
          : jsonResponse(409, { error: { code: "no_server_for_role", message: "Add a server with the 'dns' role (not in maintenance) first.", details: [] } }),
    });
    expect(screen.queryByLabelText("Server")).toBeNull(); // clients do not choose the node
    await user.type(screen.getByLabelText("Zone name"), "example.com");
    await user.click(screen.getByRole("button", { name: "Create zone" }));
    expect(await screen.findByText("the template needs: ip")).toBeVisible();
    await user.click(screen.getByRole("button", { name: "Create zone" }));
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("Add a server with the 'dns' role"));
  });
});
