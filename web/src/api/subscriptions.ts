import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { invalidateBilling } from "./billingKeys";
import type { PlanChange, SubscriptionCreate, SubscriptionQuery } from "./types";

export const subscriptionsKey = ["subscriptions"] as const;

export function useSubscriptions(query: SubscriptionQuery, enabled = true) {
  return useQuery({
    queryKey: [...subscriptionsKey, "list", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/subscriptions", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useProrationPreview(id: string, query: { productId?: string; price?: string; changeDate?: string } | null) {
  return useQuery({
    queryKey: [...subscriptionsKey, "proration", id, query],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/subscriptions/{subscription_id}/proration-preview", { params: { path: { subscription_id: id }, query: query! }, signal })),
    enabled: !!query,
    retry: false,
  });
}

function useSubMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: subscriptionsKey });
      void invalidateBilling(qc);
    },
  });
}

const path = (id: string) => ({ params: { path: { subscription_id: id } } });

export const useCreateSubscription = () => useSubMutation((body: SubscriptionCreate) => unwrap(api.POST("/api/subscriptions", { body })));
export const useChangePlan = () =>
  useSubMutation(({ id, body }: { id: string; body: PlanChange }) => unwrap(api.POST("/api/subscriptions/{subscription_id}/change-plan", { ...path(id), body })));
export const useCancelSubscription = () =>
  useSubMutation(({ id, atPeriodEnd }: { id: string; atPeriodEnd: boolean }) =>
    unwrap(api.POST("/api/subscriptions/{subscription_id}/cancel", { ...path(id), body: { atPeriodEnd } })),
  );
export const useSuspendSubscription = () => useSubMutation((id: string) => unwrap(api.POST("/api/subscriptions/{subscription_id}/suspend", path(id))));
export const useUnsuspendSubscription = () => useSubMutation((id: string) => unwrap(api.POST("/api/subscriptions/{subscription_id}/unsuspend", path(id))));
