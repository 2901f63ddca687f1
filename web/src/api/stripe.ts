import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { invalidateBilling, invoicesKey } from "./billingKeys";
import type { InvoicePay, StripeSettingsUpdate } from "./types";

const stripeKey = ["stripe"] as const;

export function useStripeSettings(enabled = true) {
  return useQuery({
    queryKey: [...stripeKey, "settings"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/tenant/stripe", { signal })),
    enabled,
  });
}

export function useUpdateStripeSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: StripeSettingsUpdate) => unwrap(api.PUT("/api/tenant/stripe", { body })),
    onSuccess: (data) => qc.setQueryData([...stripeKey, "settings"], data),
  });
}

export function useSavedCards(customerId: string | null | undefined) {
  return useQuery({
    queryKey: [...stripeKey, "cards", customerId],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/customers/{customer_id}/payment-methods", { params: { path: { customer_id: customerId! } }, signal })),
    enabled: !!customerId,
  });
}

export function useCreateSetupIntent() {
  return useMutation({
    mutationFn: (customerId: string) =>
      unwrap(api.POST("/api/customers/{customer_id}/payment-methods/setup-intent", { params: { path: { customer_id: customerId } } })),
  });
}

export function useSetDefaultCard(customerId: string | null | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (paymentMethodId: string) =>
      unwrap(
        api.POST("/api/customers/{customer_id}/payment-methods/default", {
          params: { path: { customer_id: customerId! } },
          body: { paymentMethodId },
        }),
      ),
    onSuccess: (data) => qc.setQueryData([...stripeKey, "cards", customerId], data),
  });
}

export function usePayInvoice(invoiceId: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: InvoicePay) =>
      unwrap(api.POST("/api/invoices/{invoice_id}/pay", { params: { path: { invoice_id: invoiceId! } }, body })),
    onSettled: () => invalidateBilling(qc),
  });
}

export function usePaymentAttempts(invoiceId: string | undefined) {
  return useQuery({
    queryKey: [...invoicesKey, invoiceId, "payment-attempts"],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/invoices/{invoice_id}/payment-attempts", { params: { path: { invoice_id: invoiceId! } }, signal })),
    enabled: !!invoiceId,
  });
}
