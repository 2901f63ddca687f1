import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { JobQuery } from "./types";

export const jobsKey = ["jobs"] as const;

/** The tenant's jobs; `live` asks again every few seconds (the page is a monitor). */
export function useJobs(query: JobQuery, live = true) {
  return useQuery({
    queryKey: [...jobsKey, "list", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/jobs", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    refetchInterval: live ? 4_000 : false,
  });
}

export function useRetryJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.POST("/api/jobs/{job_id}/retry", { params: { path: { job_id: id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: jobsKey }),
  });
}
