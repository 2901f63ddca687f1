import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { ApiError } from "./errors";
import type { EmailQuery, EmailTemplateIn, SmtpSettingsIn } from "./types";

export const emailTemplatesKey = ["email-templates"] as const;
export const emailLogKey = ["email-log"] as const;
export const smtpKey = ["email-settings"] as const;

export function useEmailTemplates() {
  return useQuery({
    queryKey: emailTemplatesKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/email-templates", { signal })),
  });
}

export function useSaveEmailTemplate(kind: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EmailTemplateIn) =>
      unwrap(api.PUT("/api/email-templates/{kind}", { params: { path: { kind } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: emailTemplatesKey }),
  });
}

export function useResetEmailTemplate(kind: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/email-templates/{kind}", { params: { path: { kind } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: emailTemplatesKey }),
  });
}

export function usePreviewEmailTemplate(kind: string) {
  return useMutation({
    mutationFn: (body: EmailTemplateIn) =>
      unwrap(api.POST("/api/email-templates/{kind}/preview", { params: { path: { kind } }, body })),
  });
}

export function useEmailLog(query: EmailQuery) {
  return useQuery({
    queryKey: [...emailLogKey, query],
    queryFn: ({ signal }) => unwrap(api.GET("/api/email-log", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useRetryEmail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/email-log/{email_id}/retry", { params: { path: { email_id: id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: emailLogKey }),
  });
}

/** The tenant's own mail server; null when the platform's is used (404). */
export function useSmtpSettings(enabled = true) {
  return useQuery({
    queryKey: smtpKey,
    enabled,
    queryFn: async ({ signal }) => {
      try {
        return await unwrap(api.GET("/api/email-settings", { signal }));
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

export function useSaveSmtpSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SmtpSettingsIn) => unwrap(api.PUT("/api/email-settings", { body })),
    onSuccess: (data) => qc.setQueryData(smtpKey, data),
  });
}

export function useDeleteSmtpSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/email-settings")),
    onSuccess: () => qc.setQueryData(smtpKey, null),
  });
}

export function useTestSmtp() {
  return useMutation({
    mutationFn: (to: string) => unwrap(api.POST("/api/email-settings/test", { body: { to } })),
  });
}
