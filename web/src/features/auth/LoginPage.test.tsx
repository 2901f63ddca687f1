import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import LoginPage from "./LoginPage";
import { AuthProvider } from "@/app/auth/AuthProvider";
import { session } from "@/api/session";
import { jsonResponse, mockApi, withQueryClient } from "@/test/utils";

const ME = { id: "u1", email: "jo@example.com", name: "Jo", role: "admin", tenantId: "t1", tenantSlug: "acme", tenantName: "Acme", isPlatformOperator: false, totpEnabled: true, customerId: null, permissions: ["users.read"] };
const TOKENS = { accessToken: "a1", refreshToken: "r1", tokenType: "bearer", expiresIn: 900 };

function renderLogin(path = "/login") {
  const router = createMemoryRouter(
    [
      { path: "/login", element: <LoginPage /> },
      { path: "/", element: <p>home page</p> },
      { path: "/users", element: <p>users page</p> },
    ],
    { initialEntries: [path] },
  );
  render(withQueryClient(<AuthProvider><RouterProvider router={router} /></AuthProvider>));
  return { router, user: userEvent.setup() };
}

const noSession = () => jsonResponse(401, { error: { code: "invalid_refresh_token", message: "No session." } });

describe("LoginPage", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    session.clear();
  });

  it("asks for the 2FA code when the server says totp_required, then signs in with it", async () => {
    const api = mockApi({
      "POST /api/auth/refresh": noSession,
      "POST /api/auth/login": async (req) => {
        const body = (await req.json()) as { totpCode?: string };
        if (!body.totpCode) return jsonResponse(401, { error: { code: "totp_required", message: "Enter the code from your authenticator app." } });
        if (body.totpCode !== "123456") return jsonResponse(401, { error: { code: "totp_invalid", message: "The code is not valid." } });
        return jsonResponse(200, TOKENS);
      },
      "GET /api/auth/me": () => jsonResponse(200, ME),
    });
    const { router, user } = renderLogin("/login?next=%2Fusers");

    await user.type(screen.getByLabelText("E-mail"), "jo@example.com");
    await user.type(screen.getByLabelText("Password"), "secret-password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
    await user.type(screen.getByLabelText("Authentication code"), "000000");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByText("The code is not valid.")).toBeVisible();
    expect(screen.getByLabelText("Authentication code")).toHaveAttribute("aria-invalid", "true");

    await user.clear(screen.getByLabelText("Authentication code"));
    await user.type(screen.getByLabelText("Authentication code"), "123456");
    await user.click(screen.getByRole("button", { name: "Verify" }));
    expect(await screen.findByText("users page")).toBeVisible();
    expect(router.state.location.pathname).toBe("/users");
    expect(session.getAccessToken()).toBe("a1");
    const logins = api.requests.filter((r) => r.path === "/api/auth/login").map((r) => r.body);
    expect(logins.at(-1)).toEqual({ email: "jo@example.com", password: "secret-password", totpCode: "123456" });
  });

  it("shows the tenant field when the e-mail exists in several tenants", async () => {
    const api = mockApi({
      "POST /api/auth/refresh": noSession,
      "POST /api/auth/login": async (req) => {
        const body = (await req.json()) as { tenant?: string };
        if (!body.tenant) return jsonResponse(422, { error: { code: "tenant_required", message: "This e-mail belongs to several companies: enter the company ID." } });
        return jsonResponse(200, TOKENS);
      },
      "GET /api/auth/me": () => jsonResponse(200, ME),
    });
    const { user } = renderLogin();
    await user.type(screen.getByLabelText("E-mail"), "jo@example.com");
    await user.type(screen.getByLabelText("Password"), "secret-password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText(/several companies/)).toBeVisible();
    await user.type(screen.getByLabelText("Company ID"), "acme");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("home page")).toBeVisible();
    expect(api.requests.filter((r) => r.path === "/api/auth/login").at(-1)?.body).toMatchObject({ tenant: "acme" });
  });

  it("shows the API's message for wrong credentials and waits out a rate limit", async () => {
    let n = 0;
    mockApi({
      "POST /api/auth/refresh": noSession,
      "POST /api/auth/login": () =>
        ++n === 1
          ? jsonResponse(401, { error: { code: "invalid_credentials", message: "Wrong e-mail or password." } })
          : jsonResponse(429, { error: { code: "rate_limited", message: "Too many attempts." } }, { "Retry-After": "42" }),
    });
    const { user } = renderLogin();
    await user.type(screen.getByLabelText("E-mail"), "jo@example.com");
    await user.type(screen.getByLabelText("Password"), "nope");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Wrong e-mail or password.");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("button", { name: /Try again in 4[12] s/ })).toBeDisabled();
    expect(screen.getByRole("alert")).toHaveTextContent("Too many attempts.");
  });
});
