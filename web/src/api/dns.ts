import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { ApiError } from "./errors";
import type { DnsRecordCreate, DnsRecordUpdate, DnsTemplateCreate, DnsTemplateUpdate, Zone, ZoneCreate, ZoneImport, ZoneQuery } from "./types";

export const dnsKey = ["dns"] as const;
/** While the node has not confirmed the zone's latest version, ask again this often. */
export const ZONE_POLL_MS = 3_000;
const unsettled = (z: Pick<Zone, "status"> | undefined) => z?.status === "pending" || z?.status === "deleting";

export function useZones(query: ZoneQuery) {
  return useQuery({
    queryKey: [...dnsKey, "zones", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/dns/zones", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    // A pending or deleting zone in the list moves on its own: follow it.
    refetchInterval: (q) => (q.state.data?.items.some(unsettled) ? ZONE_POLL_MS * 2 : false),
  });
}

const zonePath = (id: string) => ({ params: { path: { zone_id: id } } });

export function useZone(id: string | undefined) {
  return useQuery({
    queryKey: [...dnsKey, "zone", id],
    queryFn: ({ signal }) => unwrap(api.GET("/api/dns/zones/{zone_id}", { ...zonePath(id!), signal })),
    enabled: !!id,
    // A zone being deleted disappears (404): stop asking then.
    refetchInterval: (q) => (q.state.error ? false : unsettled(q.state.data) ? ZONE_POLL_MS : false),
    retry: (count, e) => !(e instanceof ApiError && e.status > 0 && e.status < 500) && count < 2,
  });
}

export function useZoneOperations(id: string, poll: boolean) {
  return useQuery({
    queryKey: [...dnsKey, "zone", id, "operations"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/dns/zones/{zone_id}/operations", { ...zonePath(id), signal })),
    refetchInterval: poll ? ZONE_POLL_MS : false,
  });
}

export function useRecords(zoneId: string, query: { limit?: number; cursor?: string; type?: string; name?: string }) {
  return useQuery({
    queryKey: [...dnsKey, "zone", zoneId, "records", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/dns/zones/{zone_id}/records", { params: { path: { zone_id: zoneId }, query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useTemplates(enabled = true) {
  return useQuery({
    queryKey: [...dnsKey, "templates"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/dns/templates", { signal })),
    enabled,
  });
}

function useDnsMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: dnsKey });
      // A change queues a hosting.apply job.
      void qc.invalidateQueries({ queryKey: ["jobs"] });
    },
  });
}

export const useCreateZone = () => useDnsMutation((body: ZoneCreate) => unwrap(api.POST("/api/dns/zones", { body })));
export const useDeleteZone = () => useDnsMutation((id: string) => unwrap(api.DELETE("/api/dns/zones/{zone_id}", zonePath(id))));
export const useImportZone = () =>
  useDnsMutation(({ id, body }: { id: string; body: ZoneImport }) => unwrap(api.POST("/api/dns/zones/{zone_id}/import", { ...zonePath(id), body })));
export const useCreateRecord = (zoneId: string) =>
  useDnsMutation((body: DnsRecordCreate) => unwrap(api.POST("/api/dns/zones/{zone_id}/records", { ...zonePath(zoneId), body })));
export const useUpdateRecord = (zoneId: string) =>
  useDnsMutation(({ id, body }: { id: string; body: DnsRecordUpdate }) =>
    unwrap(api.PATCH("/api/dns/zones/{zone_id}/records/{record_id}", { params: { path: { zone_id: zoneId, record_id: id } }, body })),
  );
export const useDeleteRecord = (zoneId: string) =>
  useDnsMutation((id: string) => unwrap(api.DELETE("/api/dns/zones/{zone_id}/records/{record_id}", { params: { path: { zone_id: zoneId, record_id: id } } })));

/** The zone as a BIND file (text/dns). */
export async function exportZone(id: string): Promise<string> {
  return unwrap(api.GET("/api/dns/zones/{zone_id}/export", { ...zonePath(id), parseAs: "text" })) as Promise<string>;
}

export const useCreateTemplate = () => useDnsMutation((body: DnsTemplateCreate) => unwrap(api.POST("/api/dns/templates", { body })));
export const useUpdateTemplate = () =>
  useDnsMutation(({ id, body }: { id: string; body: DnsTemplateUpdate }) =>
    unwrap(api.PATCH("/api/dns/templates/{template_id}", { params: { path: { template_id: id } }, body })),
  );
export const useDeleteTemplate = () =>
  useDnsMutation((id: string) => unwrap(api.DELETE("/api/dns/templates/{template_id}", { params: { path: { template_id: id } } })));
