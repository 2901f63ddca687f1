import { useEffect, useRef } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { invalidateBilling } from "./billingKeys";
import type { Domain, DomainQuery, DomainRegister, DomainStatusChange, DomainTransfer, DomainUpdate, TldAction } from "./types";

export const domainsKey = ["domains"] as const;
/** While the registrar job has work on a domain, ask again this often. */
export const DOMAIN_POLL_MS = 5_000;
/** A registrar operation or a nameserver change the job has not carried out yet. */
export const waitsForRegistrar = (d: Pick<Domain, "pendingOperation" | "nameserversPending"> | undefined) =>
  !!d && (d.pendingOperation != null || d.nameserversPending);

export function useDomains(query: DomainQuery, enabled = true) {
  return useQuery({
    queryKey: [...domainsKey, "list", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/domains", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useDomain(id: string | undefined) {
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: [...domainsKey, "one", id],
    queryFn: ({ signal }) => unwrap(api.GET("/api/domains/{domain_id}", { params: { path: { domain_id: id! } }, signal })),
    enabled: !!id,
    // The registrar job changes the domain on its own: follow it until it is done.
    refetchInterval: (q) => (q.state.error ? false : waitsForRegistrar(q.state.data) ? DOMAIN_POLL_MS : false),
  });
  // A change seen by polling (the job's answer) has left an event in the history too.
  const updatedAt = query.data?.updatedAt;
  const seen = useRef(updatedAt);
  useEffect(() => {
    if (seen.current && updatedAt && seen.current !== updatedAt && id) void qc.invalidateQueries({ queryKey: [...domainsKey, "events", id] });
    seen.current = updatedAt;
  }, [updatedAt, id, qc]);
  return query;
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
