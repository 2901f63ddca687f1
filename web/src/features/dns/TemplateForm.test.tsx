import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";
import { TemplateForm } from "./TemplateForm";

describe("TemplateForm", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("starts from the usual records and puts the API's error on the record it names", async () => {
    const message = "a MX record has 2 field(s): priority and mail server, such as '10 mail.example.com'";
    const api = mockApi({ "POST /api/dns/templates": () => jsonResponse(422, { error: { code: "record_invalid", message, details: [{ field: "records.4.content", message }] } }) });
    const user = userEvent.setup();
    const onDone = vi.fn();
    render(withQueryClient(<TemplateForm onDone={onDone} />));
    expect(screen.getAllByTestId("template-record")).toHaveLength(5);
    await user.type(screen.getByLabelText("Name"), "Standard");
    await user.click(screen.getByLabelText("Default for new zones"));
    const mx = screen.getByLabelText("Content, record 5");
    await user.clear(mx);
    await user.type(mx, "mail");
    await user.click(screen.getByRole("button", { name: "Create template" }));
    await waitFor(() => expect(mx).toHaveAttribute("aria-invalid", "true"));
    expect(screen.getByText(message)).toBeVisible();
    expect(screen.getByLabelText("Content, record 4")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByRole("alert")).toHaveTextContent("Some records need fixing");
    expect(onDone).not.toHaveBeenCalled();
    const body = api.requests[0].body as { name: string; isDefault: boolean; records: unknown[] };
    expect(body.name).toBe("Standard");
    expect(body.isDefault).toBe(true);
    expect(body.records[4]).toEqual({ name: "@", type: "MX", content: "mail" });
  });

  it("adds and removes records and checks blank content before sending", async () => {
    const api = mockApi({});
    const user = userEvent.setup();
    render(withQueryClient(<TemplateForm onDone={() => {}} />));
    await user.click(screen.getByRole("button", { name: "Remove record 1" }));
    expect(screen.getAllByTestId("template-record")).toHaveLength(4);
    await user.click(screen.getByRole("button", { name: "Add record" }));
    expect(screen.getAllByTestId("template-record")).toHaveLength(5);
    await user.type(screen.getByLabelText("Name"), "T");
    await user.click(screen.getByRole("button", { name: "Create template" }));
    expect(await screen.findByText("Content is required.")).toBeVisible();
    expect(api.requests).toHaveLength(0);
  });
});
