import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { customersKey, invalidateBilling } from "./billingKeys";
import type { CreditAdjustment, CustomerCreate, CustomerQuery, CustomerUpdate, PortalUserCreate } from "./types";

export { customersKey };

export function useCustomers(query: CustomerQuery, enabled = true) {
  return useQuery({
    queryKey: [...customersKey, "list", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/customers", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCustomer(id: string | null | undefined) {
  return useQuery({
    queryKey: [...customersKey, "one", id],
    queryFn: ({ signal }) => unwrap(api.GET("/api/customers/{customer_id}", { params: { path: { customer_id: id! } }, signal })),
    enabled: !!id,
  });
}

export function useCreateCustomer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomerCreate) => unwrap(api.POST("/api/customers", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: customersKey }),
  });
}

export function useUpdateCustomer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: CustomerUpdate }) =>
      unwrap(api.PATCH("/api/customers/{customer_id}", { params: { path: { customer_id: id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: customersKey }),
  });
}

export function useCreditLedger(customerId: string, query: { limit?: number; cursor?: string }) {
  return useQuery({
    queryKey: [...customersKey, "credit", customerId, query],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/customers/{customer_id}/credit", { params: { path: { customer_id: customerId }, query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useAdjustCredit(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreditAdjustment) =>
      unwrap(api.POST("/api/customers/{customer_id}/credit", { params: { path: { customer_id: customerId } }, body })),
    onSuccess: () => invalidateBilling(qc),
  });
}

export function useCreatePortalUser(customerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PortalUserCreate) =>
      unwrap(api.POST("/api/customers/{customer_id}/users", { params: { path: { customer_id: customerId } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["users"] }),
  });
}

/** Client logins of one customer (the users list, filtered here: it has no customer filter). */
export function usePortalUsers(customerId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["users", "portal", customerId],
    queryFn: async ({ signal }) => {
      const out = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await unwrap(api.GET("/api/users", { params: { query: { role: "client", limit: 200, ...(cursor ? { cursor } : {}) } }, signal }));
        out.push(...page.items.filter((u) => u.customerId === customerId));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return out;
    },
    enabled,
  });
}
