import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import { RecordForm } from "./RecordForm";

const ZONE = "z1";
const path = `/api/dns/zones/${ZONE}/records`;

function setup() {
  const onDone = vi.fn();
  render(withQueryClient(<RecordForm zoneId={ZONE} zoneName="example.com" defaultTtl={3600} onDone={onDone} />));
  return { onDone, user: userEvent.setup() };
}

describe("RecordForm", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("puts the API's 422 on the field it names, in its words", async () => {
    const message = "not a valid A record (an IPv4 address such as 192.0.2.10): Text input is malformed.";
    const api = mockApi({ [`POST ${path}`]: () => jsonResponse(422, { error: { code: "record_invalid", message, details: [{ field: "content", message }] } }) });
    const { user, onDone } = setup();
    await user.type(screen.getByLabelText("Name"), "api");
    await user.type(screen.getByLabelText("Content"), "300.1.2.3");
    await user.click(screen.getByRole("button", { name: "Add record" }));
    const content = screen.getByLabelText("Content");
    await waitFor(() => expect(content).toHaveAttribute("aria-invalid", "true"));
    expect(content).toHaveAccessibleDescription(message);
    expect(screen.getByLabelText("Name")).not.toHaveAttribute("aria-invalid");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(onDone).not.toHaveBeenCalled();
    // A blank TTL is the zone's: not sent.
    expect(api.requests[0].body).toEqual({ name: "api", type: "A", content: "300.1.2.3" });
  });

  it("shows the content shape of the chosen type and sends a TTL when given", async () => {
    const api = mockApi({ [`POST ${path}`]: () => jsonResponse(201, { id: "r1", zoneId: ZONE, name: "@", type: "MX", ttl: 600, content: "10 mail.example.com.", createdAt: "2026-11-25T00:00:00Z" }) });
    const { user, onDone } = setup();
    await user.selectOptions(screen.getByLabelText("Type"), "MX");
    expect(screen.getByLabelText("Content")).toHaveAttribute("placeholder", "10 mail.example.com");
    expect(screen.getByText(/Priority and mail server/)).toBeVisible();
    await user.type(screen.getByLabelText("TTL"), "600");
    await user.type(screen.getByLabelText("Content"), "10 mail.example.com");
    await user.click(screen.getByRole("button", { name: "Add record" }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(api.requests[0].body).toEqual({ name: "@", type: "MX", ttl: 600, content: "10 mail.example.com" });
  });

  it("shows a conflict without details above the form", async () => {
    mockApi({ [`POST ${path}`]: () => jsonResponse(409, { error: { code: "record_exists", message: "This record exists already.", details: [] } }) });
    const { user } = setup();
    await user.type(screen.getByLabelText("Content"), "192.0.2.10");
    await user.click(screen.getByRole("button", { name: "Add record" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("This record exists already.");
  });
});
