import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { toApiError } from "./errors";
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

/** Fetch the invoice PDF with the session's token and hand it to the browser as a download. */
export async function downloadInvoicePdf(id: string, name: string): Promise<void> {
  const { data, response, error } = await api.GET("/api/invoices/{invoice_id}/pdf", {
    params: { path: { invoice_id: id } },
    parseAs: "blob",
  });
  if (!response.ok) throw toApiError(response, error ?? null);
  const url = URL.createObjectURL(data as Blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = `${name.replace(/[^A-Za-z0-9._-]+/g, "-") || "invoice"}.pdf`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
