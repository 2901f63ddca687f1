import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { invalidateBilling, invoicesKey } from "./billingKeys";
import type { InvoiceCreate, InvoiceQuery } from "./types";

export { invoicesKey };

export function useInvoices(query: InvoiceQuery, enabled = true) {
  return useQuery({
    queryKey: [...invoicesKey, "list", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/invoices", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useInvoice(id: string | null | undefined) {
  return useQuery({
    queryKey: [...invoicesKey, "one", id],
    queryFn: ({ signal }) => unwrap(api.GET("/api/invoices/{invoice_id}", { params: { path: { invoice_id: id! } }, signal })),
    enabled: !!id,
  });
}

export function useCreateInvoice() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: InvoiceCreate) => unwrap(api.POST("/api/invoices", { body })),
    onSuccess: () => invalidateBilling(qc),
  });
}

const path = (id: string) => ({ params: { path: { invoice_id: id } } });

export function useIssueInvoice() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/invoices/{invoice_id}/issue", path(id))),
    onSuccess: () => invalidateBilling(qc),
  });
}

export function useCancelInvoice() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/invoices/{invoice_id}/cancel", path(id))),
    onSuccess: () => invalidateBilling(qc),
  });
}

export function useApplyCredit() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, amount }: { id: string; amount?: string }) =>
      unwrap(api.POST("/api/invoices/{invoice_id}/apply-credit", { ...path(id), body: amount ? { amount } : {} })),
    onSuccess: () => invalidateBilling(qc),
  });
}
