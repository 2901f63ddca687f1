import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { ProductCreate, ProductQuery, ProductUpdate, TldCreate, TldQuery, TldUpdate } from "./types";

export const productsKey = ["products"] as const;
export const tldsKey = ["tlds"] as const;

export function useProducts(query: ProductQuery) {
  return useQuery({
    queryKey: [...productsKey, "list", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/products", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateProduct() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ProductCreate) => unwrap(api.POST("/api/products", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: productsKey }),
  });
}

export function useUpdateProduct() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ProductUpdate }) =>
      unwrap(api.PATCH("/api/products/{product_id}", { params: { path: { product_id: id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: productsKey }),
  });
}

export function useTlds(query: TldQuery) {
  return useQuery({
    queryKey: [...tldsKey, "list", query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/tlds", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateTld() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TldCreate) => unwrap(api.POST("/api/tlds", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: tldsKey }),
  });
}

export function useUpdateTld() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TldUpdate }) =>
      unwrap(api.PATCH("/api/tlds/{tld_id}", { params: { path: { tld_id: id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: tldsKey }),
  });
}

export function useDeleteTld() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/tlds/{tld_id}", { params: { path: { tld_id: id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: tldsKey }),
  });
}
