import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { authFetch, configureAuthFetch, refreshSession } from "./authFetch";
import { session } from "./session";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(body === null ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

const tokens = (n: number) => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, tokenType: "bearer", expiresIn: 900 });

/** A fake server: /api/auth/refresh rotates tokens; /api/users wants the newest access token. */
function fakeServer(opts: { refreshOk?: boolean; cookie?: boolean } = {}) {
  const { refreshOk = true, cookie = true } = opts;
  let generation = 1;
  const calls: Array<{ url: string; auth: string | null; body: string | null }> = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"), init);
    const url = new URL(req.url).pathname;
    const body = req.method === "POST" ? await req.clone().text() : null;
    calls.push({ url, auth: req.headers.get("Authorization"), body });
    if (url === "/api/auth/refresh") {
      const sent = body ? (JSON.parse(body) as { refreshToken?: string }).refreshToken : undefined;
      const valid = refreshOk && (sent ? sent === `refresh-${generation}` : cookie);
      if (!valid) return json(401, { error: { code: "invalid_refresh_token", message: "Your session has ended." } });
      generation += 1;
      return json(200, tokens(generation));
    }
    if (req.headers.get("Authorization") === `Bearer access-${generation}`) return json(200, { ok: true });
    return json(401, { error: { code: "token_expired", message: "The access token has expired." } });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { calls, fetchMock, generation: () => generation };
}

describe("authFetch", () => {
  beforeEach(() => {
    session.clear();
    configureAuthFetch({ onSessionExpired: () => {} });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("sends the in-memory access token as a bearer header", async () => {
    const server = fakeServer();
    session.set(tokens(1));
    const res = await authFetch(new Request("http://localhost/api/users"));
    expect(res.status).toBe(200);
    expect(server.calls).toEqual([{ url: "/api/users", auth: "Bearer access-1", body: null }]);
  });

  it("on a 401 refreshes once, stores the rotated tokens and retries the request", async () => {
    const server = fakeServer();
    session.set({ ...tokens(0) }); // stale access token
    const res = await authFetch(new Request("http://localhost/api/users", { method: "POST", body: JSON.stringify({ a: 1 }) }));
    expect(res.status).toBe(200);
    expect(server.calls.map((c) => c.url)).toEqual(["/api/users", "/api/auth/refresh", "/api/users"]);
    // The cookie is tried first (empty body), and the retried request keeps its body.
    expect(server.calls[1].body).toBe("{}");
    expect(server.calls[2]).toEqual({ url: "/api/users", auth: "Bearer access-2", body: '{"a":1}' });
    expect(session.getAccessToken()).toBe("access-2");
    expect(session.getRefreshToken()).toBe("refresh-2");
  });

  it("shares one refresh between concurrent 401s (a rotating token is used once)", async () => {
    const server = fakeServer();
    session.set(tokens(0));
    const results = await Promise.all([1, 2, 3].map(() => authFetch(new Request("http://localhost/api/users"))));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(server.calls.filter((c) => c.url === "/api/auth/refresh")).toHaveLength(1);
  });

  it("falls back to the body refresh token when the cookie is missing", async () => {
    const server = fakeServer({ cookie: false });
    session.set({ accessToken: "access-0", refreshToken: "refresh-1", expiresIn: 900 });
    const res = await authFetch(new Request("http://localhost/api/users"));
    expect(res.status).toBe(200);
    const refreshes = server.calls.filter((c) => c.url === "/api/auth/refresh").map((c) => c.body);
    expect(refreshes).toEqual(["{}", '{"refreshToken":"refresh-1"}']);
  });

  it("clears the session and reports expiry when the refresh fails", async () => {
    fakeServer({ refreshOk: false });
    const expired = vi.fn();
    configureAuthFetch({ onSessionExpired: expired });
    session.set(tokens(0));
    const res = await authFetch(new Request("http://localhost/api/users"));
    expect(res.status).toBe(401);
    expect(session.isAuthenticated()).toBe(false);
    expect(expired).toHaveBeenCalledOnce();
  });

  it("does not refresh on a 401 that answers the request (wrong 2FA code)", async () => {
    const server = fakeServer();
    session.set(tokens(1));
    server.fetchMock.mockImplementationOnce(async () =>
      json(401, { error: { code: "totp_invalid", message: "The authentication code is not correct." } }),
    );
    const res = await authFetch(new Request("http://localhost/api/auth/totp/verify", { method: "POST", body: '{"code":"000000"}' }));
    expect(res.status).toBe(401);
    expect(server.fetchMock).toHaveBeenCalledTimes(1);
    expect(session.getAccessToken()).toBe("access-1");
  });

  it("never retries the login call itself", async () => {
    const server = fakeServer();
    const res = await authFetch(new Request("http://localhost/api/auth/login", { method: "POST", body: "{}" }));
    expect(res.status).toBe(401);
    expect(server.calls.map((c) => c.url)).toEqual(["/api/auth/login"]);
  });
});

describe("refreshSession (silent restore on page load)", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("restores from the cookie alone", async () => {
    session.clear();
    fakeServer();
    await expect(refreshSession()).resolves.toBe(true);
    expect(session.getAccessToken()).toBe("access-2");
  });

  it("answers false when there is no session to restore", async () => {
    session.clear();
    fakeServer({ cookie: false });
    await expect(refreshSession()).resolves.toBe(false);
    expect(session.isAuthenticated()).toBe(false);
  });

  it("throws a network error when the server cannot be reached", async () => {
    session.clear();
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    await expect(refreshSession()).rejects.toMatchObject({ code: "network_error" });
  });
});
