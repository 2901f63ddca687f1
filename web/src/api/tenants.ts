import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { meKey } from "./auth";
import type { OwnTenantUpdate, TenantCreate, TenantQuery, TenantUpdate } from "./types";

export const tenantsKey = ["tenants"] as const;
/** The signed-in user's own tenant (GET/PATCH /api/tenant). */
export const ownTenantKey = ["tenant"] as const;

export function useTenants(query: TenantQuery) {
  return useQuery({
    queryKey: [...tenantsKey, "list", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/tenants", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TenantCreate) => unwrap(api.POST("/api/tenants", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: tenantsKey }),
  });
}

/** A platform operator changes any tenant (PATCH /api/tenants/{id}): name, currency, status. */
export function useUpdateTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TenantUpdate }) =>
      unwrap(api.PATCH("/api/tenants/{tenant_id}", { params: { path: { tenant_id: id } }, body })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: tenantsKey });
      // The operator's own tenant may be the one renamed (top bar, settings).
      void qc.invalidateQueries({ queryKey: ownTenantKey });
      void qc.invalidateQueries({ queryKey: meKey });
    },
  });
}

export function useOwnTenant() {
  return useQuery({
    queryKey: ownTenantKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/tenant", { signal })),
  });
}

export function useUpdateOwnTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OwnTenantUpdate) => unwrap(api.PATCH("/api/tenant", { body })),
    onSuccess: (t) => {
      qc.setQueryData(ownTenantKey, t);
      void qc.invalidateQueries({ queryKey: tenantsKey });
      // /api/auth/me carries the tenant's name (top bar, portal).
      void qc.invalidateQueries({ queryKey: meKey });
    },
  });
}
