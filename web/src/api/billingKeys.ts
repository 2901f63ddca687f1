import type { QueryClient } from "@tanstack/react-query";

export const customersKey = ["customers"] as const;
export const invoicesKey = ["invoices"] as const;
export const paymentsKey = ["payments"] as const;
export const creditNotesKey = ["credit-notes"] as const;
export const dashboardKey = ["dashboard"] as const;

/** Money moved (payment, refund, credit): every billing view may have changed. */
export function invalidateBilling(qc: QueryClient) {
  return Promise.all([customersKey, invoicesKey, paymentsKey, creditNotesKey, dashboardKey].map((queryKey) => qc.invalidateQueries({ queryKey })));
}
