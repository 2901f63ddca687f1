import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { AuditQuery } from "./types";

export function useAuditLogs(query: AuditQuery) {
  return useQuery({
    queryKey: ["audit-logs", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/audit-logs", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}
