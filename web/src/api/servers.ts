import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { ServerCreate, ServerQuery, ServerUpdate } from "./types";
import { metricsWindow, type MetricsRange } from "@/lib/metrics";

export const serversKey = ["servers"] as const;

/** Heartbeats move these pages: refresh them while they are open. */
const LIVE_MS = 10_000;

export function useServers(query: ServerQuery, options: { live?: boolean; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...serversKey, "list", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/servers", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    refetchInterval: options.live ? LIVE_MS : false,
    enabled: options.enabled ?? true,
  });
}

export function useServer(id: string | undefined, live = false) {
  return useQuery({
    queryKey: [...serversKey, "one", id],
    queryFn: ({ signal }) => unwrap(api.GET("/api/servers/{server_id}", { params: { path: { server_id: id! } }, signal })),
    enabled: !!id,
    refetchInterval: live ? LIVE_MS : false,
  });
}

/** The server's metrics over the last `range`, asked again as often as a new point can appear. */
export function useServerMetrics(id: string, range: MetricsRange) {
  return useQuery({
    queryKey: [...serversKey, "metrics", id, range],
    queryFn: async ({ signal }) => {
      const w = metricsWindow(range, Date.now());
      const series = await unwrap(
        api.GET("/api/servers/{server_id}/metrics", {
          params: { path: { server_id: id }, query: { from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString(), step: w.step } },
          signal,
        }),
      );
      return { ...w, series };
    },
    placeholderData: keepPreviousData,
    refetchInterval: (q) => Math.min(Math.max((q.state.data?.step ?? 60) * 1000, 15_000), 300_000),
  });
}

function useServerMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: serversKey }) });
}

const path = (id: string) => ({ params: { path: { server_id: id } } });

export const useCreateServer = () => useServerMutation((body: ServerCreate) => unwrap(api.POST("/api/servers", { body })));
export const useUpdateServer = () =>
  useServerMutation(({ id, body }: { id: string; body: ServerUpdate }) => unwrap(api.PATCH("/api/servers/{server_id}", { ...path(id), body })));
export const useDeleteServer = () => useServerMutation((id: string) => unwrap(api.DELETE("/api/servers/{server_id}", path(id))));
export const useNewEnrolmentToken = () => useServerMutation((id: string) => unwrap(api.POST("/api/servers/{server_id}/enrolment-token", path(id))));
export const useRevokeServer = () => useServerMutation((id: string) => unwrap(api.POST("/api/servers/{server_id}/revoke", path(id))));
export const useResyncServer = () =>
  useServerMutation((id: string) => unwrap(api.POST("/api/servers/{server_id}/resync", path(id))));
