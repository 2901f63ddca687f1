import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { TaxRuleCreate, TaxRuleQuery, TaxRuleUpdate } from "./types";

export const taxRulesKey = ["tax-rules"] as const;

export function useTaxRules(query: TaxRuleQuery) {
  return useQuery({
    queryKey: [...taxRulesKey, "list", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/tax-rules", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateTaxRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TaxRuleCreate) => unwrap(api.POST("/api/tax-rules", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: taxRulesKey }),
  });
}

export function useUpdateTaxRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TaxRuleUpdate }) =>
      unwrap(api.PATCH("/api/tax-rules/{rule_id}", { params: { path: { rule_id: id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: taxRulesKey }),
  });
}

export function useDeleteTaxRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/tax-rules/{rule_id}", { params: { path: { rule_id: id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: taxRulesKey }),
  });
}
