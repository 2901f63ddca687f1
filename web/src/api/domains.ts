import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { invalidateBilling } from "./billingKeys";
import type { DomainQuery, DomainRegister, DomainStatusChange, DomainTransfer, DomainUpdate, TldAction } from "./types";

export const domainsKey = ["domains"] as const;

export function useDomains(query: DomainQuery, enabled = true) {
  return useQuery({
    queryKey: [...domainsKey, "list", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/domains", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useDomain(id: string | undefined) {
  return useQuery({
    queryKey: [...domainsKey, "one", id],
    queryFn: ({ signal }) => unwrap(api.GET("/api/domains/{domain_id}", { params: { path: { domain_id: id! } }, signal })),
    enabled: !!id,
  });
}

export function useDomainEvents(id: string, query: { limit?: number; cursor?: string }) {
  return useQuery({
    queryKey: [...domainsKey, "events", id, query],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/domains/{domain_id}/events", { params: { path: { domain_id: id }, query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useDomainQuote(query: { name: string; action: TldAction; years: number } | null) {
  return useQuery({
    queryKey: [...domainsKey, "quote", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/domains/quote", { params: { query: query! }, signal })),
    enabled: !!query && query.name.includes("."),
    retry: false,
  });
}

function useDomainMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: domainsKey });
      void invalidateBilling(qc);
    },
  });
}

export const useRegisterDomain = () => useDomainMutation((body: DomainRegister) => unwrap(api.POST("/api/domains", { body })));
export const useTransferDomain = () => useDomainMutation((body: DomainTransfer) => unwrap(api.POST("/api/domains/transfer", { body })));
export const useRenewDomain = () =>
  useDomainMutation(({ id, years }: { id: string; years: number }) =>
    unwrap(api.POST("/api/domains/{domain_id}/renew", { params: { path: { domain_id: id } }, body: { years } })),
  );
export const useUpdateDomain = () =>
  useDomainMutation(({ id, body }: { id: string; body: DomainUpdate }) =>
    unwrap(api.PATCH("/api/domains/{domain_id}", { params: { path: { domain_id: id } }, body })),
  );
export const useSetDomainStatus = () =>
  useDomainMutation(({ id, body }: { id: string; body: DomainStatusChange }) =>
    unwrap(api.POST("/api/domains/{domain_id}/status", { params: { path: { domain_id: id } }, body })),
  );

export function useIcannFeeReport(range: { from: string; to: string } | null) {
  return useQuery({
    queryKey: ["reports", "icann-fees", range],
    queryFn: ({ signal }) => unwrap(api.GET("/api/reports/icann-fees", { params: { query: range! }, signal })),
    enabled: !!range,
    retry: false,
  });
}
