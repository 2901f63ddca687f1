import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useAuth } from "./AuthProvider";
import { FullScreenLoader, ErrorState, PageLoader } from "@/components/Feedback";
import { Button } from "@/components/Button";
import type { Access } from "@/lib/permissions";
import { Forbidden } from "../errors";

/** Only signed-in users pass; others go to /login?next=<where they were going>. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, retryRestore } = useAuth();
  const location = useLocation();
  if (status === "restoring") return <FullScreenLoader label="Restoring your session…" />;
  if (status === "offline") {
    return (
      <div className="flex min-h-screen flex-col items-center justify-center gap-4 p-6">
        <ErrorState error={new Error("Cannot reach the server. Check your connection and try again.")} />
        <Button onClick={retryRestore}>Try again</Button>
      </div>
    );
  }
  if (status === "anonymous") {
    const next = location.pathname + location.search + location.hash;
    return <Navigate to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

/** Signed-in users don't see the login page. */
export function PublicOnly({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === "restoring") return <FullScreenLoader />;
  if (status === "authenticated") {
    const next = new URLSearchParams(location.search).get("next");
    return <Navigate to={next && next.startsWith("/") && !next.startsWith("//") ? next : "/"} replace />;
  }
  return <>{children}</>;
}

/** A page the user may not see answers 403, as the API would. */
export function RequireAccess({ access, children }: { access?: Access; children: ReactNode }) {
  const { me, meError, canAccess } = useAuth();
  if (!access) return <>{children}</>;
  if (!me) return meError ? <ErrorState error={meError} /> : <PageLoader />;
  return canAccess(access) ? <>{children}</> : <Forbidden />;
}
