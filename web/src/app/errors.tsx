import { Link, isRouteErrorResponse, useRouteError } from "react-router";
import { Button } from "@/components/Button";

function Shell({ code, title, children }: { code: string; title: string; children?: React.ReactNode }) {
  return (
    <div className="flex min-h-[50vh] flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-sm font-semibold text-indigo-600">{code}</p>
      <h1 className="text-2xl font-semibold">{title}</h1>
      {children}
    </div>
  );
}

export function NotFound() {
  return (
    <Shell code="404" title="Page not found">
      <p className="text-slate-500">There is nothing at this address.</p>
      <Link to="/" className="font-medium text-indigo-600 hover:underline">
        Back to the dashboard
      </Link>
    </Shell>
  );
}

export function Forbidden() {
  return (
    <Shell code="403" title="Not allowed">
      <p className="text-slate-500">Your role does not allow this page. Ask an owner or admin if you need it.</p>
    </Shell>
  );
}

/** Shown when a route throws, e.g. a code-split chunk failed to load after a deploy. */
export function RouteError() {
  const error = useRouteError();
  const chunk = error instanceof Error && /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(error.message);
  return (
    <Shell
      code={isRouteErrorResponse(error) ? String(error.status) : "Error"}
      title={chunk ? "A new version is available" : "Something went wrong"}
    >
      <p className="max-w-md text-slate-500">
        {chunk ? "Reload the page to get the latest version." : error instanceof Error ? error.message : "An unexpected error happened."}
      </p>
      <Button onClick={() => window.location.reload()}>Reload</Button>
    </Shell>
  );
}
