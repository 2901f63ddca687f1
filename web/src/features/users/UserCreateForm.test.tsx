import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { UserCreateForm } from "./UserCreateForm";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";

function setup() {
  const onCreated = vi.fn();
  render(withQueryClient(<UserCreateForm onCreated={onCreated} onCancel={() => {}} />));
  return { onCreated, user: userEvent.setup() };
}

async function fillValid(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText("E-mail"), "jo@example.com");
  await user.type(screen.getByLabelText("Name"), "Jo");
  await user.selectOptions(screen.getByLabelText("Role"), "support");
  await user.type(screen.getByLabelText("Password"), "long-enough-password");
}

describe("UserCreateForm", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("validates as you type once a field was left", async () => {
    const { user } = setup();
    const email = screen.getByLabelText("E-mail");
    await user.type(email, "jo");
    expect(screen.queryByText("Enter a valid e-mail address.")).toBeNull();
    await user.tab();
    expect(screen.getByText("Enter a valid e-mail address.")).toBeVisible();
    await user.type(email, "@example.com");
    expect(screen.queryByText("Enter a valid e-mail address.")).toBeNull();
  });

  it("does not post an invalid form", async () => {
    const api = mockApi({});
    const { user } = setup();
    await user.click(screen.getByRole("button", { name: "Create user" }));
    expect(screen.getByText("E-mail is required.")).toBeVisible();
    expect(screen.getByText("Name is required.")).toBeVisible();
    expect(api.fn).not.toHaveBeenCalled();
  });

  it("shows a 422's field details on the field they name", async () => {
    const api = mockApi({
      "POST /api/users": () =>
        jsonResponse(422, {
          error: {
            code: "validation_failed",
            message: "Some fields are not valid.",
            details: [{ field: "body.password", message: "This password appears in a data breach." }],
          },
        }),
    });
    const { user, onCreated } = setup();
    await fillValid(user);
    await user.click(screen.getByRole("button", { name: "Create user" }));

    const password = screen.getByLabelText("Password");
    expect(await screen.findByText("This password appears in a data breach.")).toBeVisible();
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveAccessibleDescription("This password appears in a data breach.");
    expect(screen.getByLabelText("E-mail")).not.toHaveAttribute("aria-invalid");
    expect(onCreated).not.toHaveBeenCalled();
    expect(api.requests[0].body).toEqual({ email: "jo@example.com", name: "Jo", role: "support", password: "long-enough-password" });

    // Editing the field clears the server's error.
    await user.type(password, "x");
    expect(screen.queryByText("This password appears in a data breach.")).toBeNull();
  });

  it("puts a 409 whose code names the field on that field", async () => {
    mockApi({
      "POST /api/users": () =>
        jsonResponse(409, { error: { code: "user_email_taken", message: "A user with this e-mail address already exists.", details: [] } }),
    });
    const { user } = setup();
    await fillValid(user);
    await user.click(screen.getByRole("button", { name: "Create user" }));
    expect(await screen.findByText("A user with this e-mail address already exists.")).toBeVisible();
    expect(screen.getByLabelText("E-mail")).toHaveAttribute("aria-invalid", "true");
  });

  it("shows an error that names no field above the form, in the API's words", async () => {
    mockApi({
      "POST /api/users": () => jsonResponse(403, { error: { code: "forbidden", message: "Only owners can create owners.", details: [] } }),
    });
    const { user } = setup();
    await fillValid(user);
    await user.click(screen.getByRole("button", { name: "Create user" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Only owners can create owners.");
  });

  it("reports the created user", async () => {
    const created = { id: "u1", email: "jo@example.com", name: "Jo", role: "support", isActive: true, totpEnabled: false, createdAt: "2026-01-01T00:00:00Z", lastLoginAt: null };
    mockApi({ "POST /api/users": () => jsonResponse(201, created) });
    const { user, onCreated } = setup();
    await fillValid(user);
    await user.click(screen.getByRole("button", { name: "Create user" }));
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith(created));
  });
});
