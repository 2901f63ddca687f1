import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { dashboardKey } from "./billingKeys";

/** Cards, charts and newest customers in one request (GET /api/dashboard/summary). */
export function useDashboardSummary(enabled = true) {
  return useQuery({
    queryKey: [...dashboardKey, "summary"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/dashboard/summary", { signal })),
    enabled,
    staleTime: 30_000,
  });
}

export function useDashboardSuggestions(enabled = true) {
  return useQuery({
    queryKey: [...dashboardKey, "suggestions"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/dashboard/suggestions", { signal })),
    enabled,
    staleTime: 30_000,
  });
}

/** Month-end MRR in the tenant's currency for the last `months` months (GET /api/dashboard/mrr-trend). */
export function useMrrTrend(months = 12, enabled = true) {
  return useQuery({
    queryKey: [...dashboardKey, "mrr-trend", months],
    queryFn: ({ signal }) => unwrap(api.GET("/api/dashboard/mrr-trend", { params: { query: { months } }, signal })),
    enabled,
    staleTime: 60_000,
  });
}
