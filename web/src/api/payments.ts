import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { creditNotesKey, invalidateBilling, paymentsKey } from "./billingKeys";
import type { CreditNoteQuery, PaymentCreate, PaymentQuery, RefundCreate } from "./types";

export function usePayments(query: PaymentQuery, enabled = true) {
  return useQuery({
    queryKey: [...paymentsKey, "list", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/payments", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useRecordPayment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PaymentCreate) => unwrap(api.POST("/api/payments", { body })),
    onSuccess: () => invalidateBilling(qc),
  });
}

export function useRefundPayment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: RefundCreate }) =>
      unwrap(api.POST("/api/payments/{payment_id}/refund", { params: { path: { payment_id: id } }, body })),
    onSuccess: () => invalidateBilling(qc),
  });
}

export function useCreditNotes(query: CreditNoteQuery, enabled = true) {
  return useQuery({
    queryKey: [...creditNotesKey, "list", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/credit-notes", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    enabled,
  });
}
