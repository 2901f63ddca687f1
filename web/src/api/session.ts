/**
 * The session: the access token lives in memory only (never localStorage).
 * The refresh token is the httpOnly cookie the server sets; the body copy from the
 * last login/refresh is kept in memory as a fallback, and replaced on every rotation.
 */
export interface TokenPair {
  accessToken: string;
  refreshToken?: string | null;
  tokenType?: string;
  expiresIn?: number;
}

type Listener = () => void;

let accessToken: string | null = null;
let refreshToken: string | null = null;
let expiresAt: number | null = null;
const listeners = new Set<Listener>();

export const session = {
  getAccessToken: () => accessToken,
  getRefreshToken: () => refreshToken,
  /** Epoch ms at which the access token expires, if the server said. */
  getExpiresAt: () => expiresAt,
  isAuthenticated: () => accessToken !== null,
  set(tokens: TokenPair) {
    accessToken = tokens.accessToken;
    // Refresh tokens rotate: always keep the newest one.
    if (tokens.refreshToken) refreshToken = tokens.refreshToken;
    expiresAt = tokens.expiresIn ? Date.now() + tokens.expiresIn * 1000 : null;
    emit();
  },
  clear() {
    const had = accessToken !== null || refreshToken !== null;
    accessToken = null;
    refreshToken = null;
    expiresAt = null;
    if (had) emit();
  },
  subscribe(fn: Listener) {
    listeners.add(fn);
    return () => {
      listeners.delete(fn);
    };
  },
};

function emit() {
  for (const fn of [...listeners]) fn();
}
