import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { configureAuthFetch, refreshSession } from "@/api/authFetch";
import { fetchMe, login as apiLogin, logout as apiLogout, meKey, useMeQuery } from "@/api/auth";
import { session } from "@/api/session";
import type { LoginIn, Me } from "@/api/types";
import { canAccess, hasPermission, type Access } from "@/lib/permissions";
import { toast } from "@/components/Toast";

export type AuthStatus = "restoring" | "authenticated" | "anonymous" | "offline";

export interface AuthContextValue {
  status: AuthStatus;
  me: Me | undefined;
  meError: unknown;
  can: (permission: string) => boolean;
  canAccess: (access?: Access) => boolean;
  signIn: (body: LoginIn) => Promise<void>;
  signOut: () => Promise<void>;
  retryRestore: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);
const CHANNEL = "mpanel-auth";
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 30_000;

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<AuthStatus>(session.isAuthenticated() ? "authenticated" : "restoring");
  const statusRef = useRef(status);
  statusRef.current = status;
  const channel = useRef<BroadcastChannel | null>(null);

  const restore = useCallback(async () => {
    setStatus("restoring");
    try {
      // Silent session restore from the refresh cookie.
      const ok = await refreshSession();
      if (ok) {
        await qc.prefetchQuery({ queryKey: meKey, queryFn: fetchMe });
        setStatus("authenticated");
      } else {
        setStatus("anonymous");
      }
    } catch {
      setStatus("offline");
    }
  }, [qc]);

  useEffect(() => {
    if (!session.isAuthenticated()) void restore();
  }, [restore]);

  // Session cleared (refresh failed, logout in another tab, ...): become anonymous.
  useEffect(
    () =>
      session.subscribe(() => {
        if (!session.isAuthenticated() && statusRef.current === "authenticated") {
          setStatus("anonymous");
          qc.clear();
        }
      }),
    [qc],
  );

  useEffect(() => {
    configureAuthFetch({
      onSessionExpired: () => {
        if (statusRef.current === "authenticated") toast("Your session has expired. Please sign in again.", "info");
      },
    });
  }, []);

  // Other tabs: a logout there logs out here; a login there restores here.
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const ch = new BroadcastChannel(CHANNEL);
    channel.current = ch;
    ch.onmessage = (ev) => {
      if (ev.data === "logout") session.clear();
      if (ev.data === "login" && statusRef.current === "anonymous") void restore();
    };
    return () => ch.close();
  }, [restore]);

  // Refresh proactively before the access token expires.
  useEffect(() => {
    if (status !== "authenticated") return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      clearTimeout(timer);
      const at = session.getExpiresAt();
      if (!at) return;
      const delay = Math.max(5_000, at - Date.now() - REFRESH_MARGIN_MS);
      timer = setTimeout(() => {
        refreshSession().catch(() => {
          /* offline: the next request's 401 retries */
        });
      }, delay);
    };
    schedule();
    const unsub = session.subscribe(schedule);
    return () => {
      clearTimeout(timer);
      unsub();
    };
  }, [status]);

  const meQuery = useMeQuery(status === "authenticated");
  const me = meQuery.data;

  const signIn = useCallback(
    async (body: LoginIn) => {
      await apiLogin(body);
      await qc.fetchQuery({ queryKey: meKey, queryFn: fetchMe });
      setStatus("authenticated");
      channel.current?.postMessage("login");
    },
    [qc],
  );

  const signOut = useCallback(async () => {
    try {
      await apiLogout();
    } catch {
      /* the local session is gone either way */
    }
    channel.current?.postMessage("logout");
    setStatus("anonymous");
    qc.clear();
  }, [qc]);

  const value = useMemo<AuthContextValue>(
    () => ({
      status,
      me,
      meError: meQuery.error,
      can: (p) => hasPermission(me, p),
      canAccess: (a) => canAccess(me, a),
      signIn,
      signOut,
      retryRestore: () => void restore(),
    }),
    [status, me, meQuery.error, signIn, signOut, restore],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside <AuthProvider>");
  return ctx;
}

/** For tests and stories: provide a fixed auth state. */
export const AuthContextForTests = AuthContext;
