import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { session } from "./session";
import type { LoginIn, Me, PasswordResetConfirm, PasswordResetRequest, TokenOut } from "./types";

export const meKey = ["auth", "me"] as const;

export async function login(body: LoginIn): Promise<TokenOut> {
  const tokens = await unwrap(api.POST("/api/auth/login", { body }));
  session.set(tokens);
  return tokens;
}

export async function logout(): Promise<void> {
  try {
    await unwrap(api.POST("/api/auth/logout"));
  } finally {
    session.clear();
  }
}

export const fetchMe = (): Promise<Me> => unwrap(api.GET("/api/auth/me"));

export function useMeQuery(enabled: boolean) {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, enabled, staleTime: 60_000 });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => unwrap(api.POST("/api/auth/password", { body })),
  });
}

export function useTotpEnroll() {
  return useMutation({ mutationFn: () => unwrap(api.POST("/api/auth/totp/enroll")) });
}

export function useTotpVerify() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST("/api/auth/totp/verify", { body: { code } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: meKey }),
  });
}

export function useTotpDisable() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => unwrap(api.POST("/api/auth/totp/disable", { body: { code } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: meKey }),
  });
}

/** Forgotten password: always accepted (the answer says nothing about the address). */
export async function requestPasswordReset(body: PasswordResetRequest): Promise<void> {
  await unwrap(api.POST("/api/auth/password-reset", { body }));
}

export async function confirmPasswordReset(body: PasswordResetConfirm): Promise<void> {
  await unwrap(api.POST("/api/auth/password-reset/confirm", { body }));
}
