import { Suspense, lazy } from "react";
import { createBrowserRouter } from "react-router";
import { Layout } from "./Layout";
import { PAGES } from "./pages";
import { PublicOnly, RequireAccess, RequireAuth } from "./auth/guards";
import { NotFound, RouteError } from "./errors";
import { FullScreenLoader } from "@/components/Feedback";
import { ForgotPasswordPage, LoginPage, ResetPasswordPage } from "@/features/auth/lazy";

// The client portal: its own layout and pages, loaded only when a client signs in.
const PortalLayout = lazy(() => import("@/features/portal/PortalLayout"));
const PortalInvoicesPage = lazy(() => import("@/features/portal/PortalInvoicesPage"));
const PortalInvoicePage = lazy(() => import("@/features/portal/PortalInvoicePage"));
const PortalServicesPage = lazy(() => import("@/features/portal/PortalServicesPage"));
const PortalDomainsPage = lazy(() => import("@/features/portal/PortalDomainsPage"));
const PortalProfilePage = lazy(() => import("@/features/portal/PortalProfilePage"));
const PortalDnsPage = lazy(() => import("@/features/portal/PortalDnsPage"));
const PortalZonePage = lazy(() => import("@/features/portal/PortalZonePage"));

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
    ...[
      { path: "/forgot-password", Page: ForgotPasswordPage },
      { path: "/reset-password", Page: ResetPasswordPage },
    ].map(({ path, Page }) => ({
      path,
      errorElement: <RouteError />,
      element: (
        <Suspense fallback={<FullScreenLoader />}>
          <Page />
        </Suspense>
      ),
    })),
    {
      path: "/portal",
      errorElement: <RouteError />,
      element: (
        <RequireAuth>
          <Suspense fallback={<FullScreenLoader />}>
            <PortalLayout />
          </Suspense>
        </RequireAuth>
      ),
      children: [
        { index: true, element: <PortalInvoicesPage />, errorElement: <RouteError /> },
        { path: "invoices/:invoiceId", element: <PortalInvoicePage />, errorElement: <RouteError /> },
        { path: "services", element: <PortalServicesPage />, errorElement: <RouteError /> },
        { path: "domains", element: <PortalDomainsPage />, errorElement: <RouteError /> },
        { path: "dns", element: <PortalDnsPage />, errorElement: <RouteError /> },
        { path: "dns/:zoneId", element: <PortalZonePage />, errorElement: <RouteError /> },
        { path: "profile", element: <PortalProfilePage />, errorElement: <RouteError /> },
        { path: "*", element: <NotFound /> },
      ],
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
