import { Suspense } from "react";
import { createBrowserRouter } from "react-router";
import { Layout } from "./Layout";
import { PAGES } from "./pages";
import { PublicOnly, RequireAccess, RequireAuth } from "./auth/guards";
import { NotFound, RouteError } from "./errors";
import { FullScreenLoader } from "@/components/Feedback";
import { LoginPage } from "@/features/auth/lazy";

export function createRouter() {
  return createBrowserRouter([
    {
      path: "/login",
      errorElement: <RouteError />,
      element: (
        <PublicOnly>
          <Suspense fallback={<FullScreenLoader />}>
            <LoginPage />
          </Suspense>
        </PublicOnly>
      ),
    },
    {
      element: (
        <RequireAuth>
          <Layout />
        </RequireAuth>
      ),
      errorElement: <RouteError />,
      children: [
        ...PAGES.map((p) => ({
          path: p.path,
          errorElement: <RouteError />,
          element: (
            <RequireAccess access={p.access}>
              <p.component />
            </RequireAccess>
          ),
        })),
        { path: "*", element: <NotFound /> },
      ],
    },
  ]);
}
