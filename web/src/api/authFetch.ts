import { session, type TokenPair } from "./session";
import { ApiError, networkError, toApiError } from "./errors";

/**
 * fetch() for the API: adds the bearer token, and on a 401 refreshes the session once
 * (shared by every request that failed at the same time) and retries the request.
 */

const REFRESH_URL = "/api/auth/refresh";
const NO_RETRY = ["/api/auth/login", "/api/auth/refresh", "/api/auth/logout"];
/**
 * 401s that answer the request itself (a wrong current password, a wrong 2FA code), not an
 * expired session: refreshing would not help, so they are returned as they are.
 */
const ANSWER_401 = new Set(["invalid_credentials", "totp_required", "totp_invalid"]);

async function errorCode(res: Response): Promise<string | null> {
  try {
    const body = (await res.clone().json()) as { error?: { code?: unknown } };
    return typeof body?.error?.code === "string" ? body.error.code : null;
  } catch {
    return null;
  }
}

let onSessionExpired: () => void = () => {};
let inflight: Promise<boolean> | null = null;

export function configureAuthFetch(opts: { onSessionExpired?: () => void }) {
  if (opts.onSessionExpired) onSessionExpired = opts.onSessionExpired;
}

function pathOf(url: string): string {
  try {
    return new URL(url, "http://x").pathname;
  } catch {
    return url;
  }
}

async function postRefresh(body: Record<string, string>): Promise<Response> {
  return globalThis.fetch(REFRESH_URL, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
}

async function doRefresh(): Promise<boolean> {
  let res: Response;
  try {
    // The httpOnly cookie is the refresh token of record: it is shared by every tab, so
    // it is always the newest one after a rotation.
    res = await postRefresh({});
    const fallback = session.getRefreshToken();
    if (res.status === 401 && fallback) {
      // No (or a stale) cookie, e.g. a browser that dropped it: use the token from the body.
      res = await postRefresh({ refreshToken: fallback });
    }
  } catch {
    throw networkError();
  }
  if (res.ok) {
    const tokens = (await res.json()) as TokenPair;
    session.set(tokens);
    return true;
  }
  if (res.status === 401 || res.status === 403) {
    session.clear();
    return false;
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  throw toApiError(res, body);
}

/**
 * Refresh the session with the refresh cookie/token. Resolves true when a new access token
 * was stored, false when the session is gone (logged out elsewhere, expired, revoked).
 * Concurrent callers share one request, so a rotating refresh token is used only once.
 */
export function refreshSession(): Promise<boolean> {
  if (!inflight) {
    inflight = doRefresh().finally(() => {
      inflight = null;
    });
  }
  return inflight;
}

function withToken(req: Request): Request {
  const token = session.getAccessToken();
  if (!token) return req;
  const headers = new Headers(req.headers);
  headers.set("Authorization", `Bearer ${token}`);
  return new Request(req, { headers });
}

export async function authFetch(input: Request): Promise<Response> {
  const path = pathOf(input.url);
  const retryable = !NO_RETRY.includes(path);
  const spare = retryable ? input.clone() : null;
  const tokenUsed = session.getAccessToken();
  let res: Response;
  try {
    res = await globalThis.fetch(withToken(input));
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw networkError();
  }
  if (res.status !== 401 || !spare) return res;
  const code = await errorCode(res);
  if (code && ANSWER_401.has(code)) return res;

  // Another request may already have refreshed while this one was in flight.
  let ok = session.getAccessToken() !== null && session.getAccessToken() !== tokenUsed;
  if (!ok) {
    try {
      ok = await refreshSession();
    } catch (e) {
      if (e instanceof ApiError) return res;
      throw e;
    }
  }
  if (!ok) {
    onSessionExpired();
    return res;
  }
  try {
    return await globalThis.fetch(withToken(spare));
  } catch {
    throw networkError();
  }
}
