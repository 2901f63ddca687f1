import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { TenantCreate } from "./types";

export const tenantsKey = ["tenants"] as const;

export function useTenants(query: { limit?: number; cursor?: string }) {
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
