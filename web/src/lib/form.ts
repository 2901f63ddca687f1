import { useCallback, useMemo, useRef, useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "@/api/errors";

export type Validator<V, T> = (value: V, all: T) => string | null | undefined;
export type Validators<T> = { [K in keyof T]?: Validator<T[K], T> };

/**
 * A small form hook: values, as-you-type validation (a field shows its error once it
 * was left or the form was submitted, then updates on every key), and server errors
 * from the API's `details` placed on the field they name.
 */
export interface FormOptions<T> {
  /** Error codes that name a field without saying so in `details` ("refund_too_large" → "amount"). */
  codeFields?: Record<string, keyof T & string>;
}

export function useForm<T extends Record<string, unknown>>(initial: T, validators: Validators<T> = {}, options: FormOptions<T> = {}) {
  const initialRef = useRef(initial);
  const [values, setValues] = useState<T>(initial);
  const [touched, setTouched] = useState<Partial<Record<keyof T, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<Partial<Record<keyof T, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);

  const clientErrors = useMemo(() => {
    const out: Partial<Record<keyof T, string>> = {};
    for (const key of Object.keys(validators) as Array<keyof T>) {
      const msg = validators[key]?.(values[key], values);
      if (msg) out[key] = msg;
    }
    return out;
    // validators are static per form
  }, [values]);

  const setValue = useCallback(<K extends keyof T>(key: K, value: T[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setServerErrors((s) => (s[key] ? { ...s, [key]: undefined } : s));
  }, []);

  const error = (key: keyof T): string | undefined =>
    serverErrors[key] ?? (touched[key] || submitted ? clientErrors[key] : undefined);

  const field = <K extends keyof T>(key: K) => ({
    name: String(key),
    value: values[key] as unknown as string,
    onChange: (e: { target: { value: string } }) => setValue(key, e.target.value as T[K]),
    onBlur: () => setTouched((t) => ({ ...t, [key]: true })),
    error: error(key),
  });

  /** Place an API error: details on their fields, the rest above the form. */
  const applyServerError = (e: unknown) => {
    if (e instanceof ApiError) {
      const byField = e.fieldErrors();
      // A conflict without details ("user_email_taken", "tenant_slug_taken"): the code names the field.
      if (!Object.keys(byField).length) {
        const key = options.codeFields?.[e.code] ?? fieldFromCode(e.code, Object.keys(values));
        if (key) byField[key] = e.message;
      }
      const mine: Partial<Record<keyof T, string>> = {};
      let matched = false;
      for (const [f, msg] of Object.entries(byField)) {
        if (f in values) {
          mine[f as keyof T] = msg;
          matched = true;
        }
      }
      setServerErrors(mine);
      const unmatched = Object.entries(byField).filter(([f]) => !(f in values)).map(([, m]) => m);
      const extra = [...e.generalDetails(), ...unmatched];
      setFormError(matched && !extra.length ? null : [errorMessage(e), ...extra.filter((m) => m !== e.message)].join(" "));
      if (matched) focusFirst(Object.keys(mine));
      return;
    }
    setFormError(errorMessage(e));
  };

  const focusFirst = (names: string[]) => {
    const form = formRef.current;
    if (!form) return;
    const el = [...form.querySelectorAll<HTMLElement>("[name]")].find((n) => names.includes(n.getAttribute("name") ?? ""));
    setTimeout(() => el?.focus(), 0);
  };

  const handleSubmit = (fn: (values: T) => Promise<unknown> | unknown) => async (ev?: FormEvent) => {
    ev?.preventDefault();
    setSubmitted(true);
    setFormError(null);
    const invalid = Object.keys(clientErrors);
    if (invalid.length) {
      focusFirst(invalid);
      return;
    }
    setSubmitting(true);
    try {
      await fn(values);
    } catch (e) {
      applyServerError(e);
    } finally {
      setSubmitting(false);
    }
  };

  const reset = (next: T = initialRef.current) => {
    setValues(next);
    setTouched({});
    setServerErrors({});
    setFormError(null);
    setSubmitted(false);
  };

  return {
    values,
    setValue,
    field,
    error,
    formError,
    setFormError,
    submitting,
    isValid: Object.keys(clientErrors).length === 0,
    handleSubmit,
    applyServerError,
    reset,
    formRef,
  };
}

/** The form field an error code names, e.g. "user_email_taken" → "email" (or "ownerEmail"). */
export function fieldFromCode(code: string, fields: string[]): string | null {
  const tokens = code.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const snake = (f: string) => f.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
  const exact = fields.find((f) => code.toLowerCase().includes(snake(f)) && snake(f).length > 2);
  if (exact) return exact;
  return fields.find((f) => tokens.includes(snake(f).split("_").pop() ?? "")) ?? null;
}

// ---- validators ----
export const required =
  (label = "This field") =>
  (v: unknown) =>
    v === undefined || v === null || String(v).trim() === "" ? `${label} is required.` : null;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const email = (v: unknown) => {
  const s = String(v ?? "").trim();
  if (!s) return "E-mail is required.";
  return EMAIL.test(s) ? null : "Enter a valid e-mail address.";
};

export const minLength = (n: number, label = "This field") => (v: unknown) =>
  String(v ?? "").length < n ? `${label} must be at least ${n} characters.` : null;

export const MIN_PASSWORD = 10;
export const password = (v: unknown) => {
  const s = String(v ?? "");
  if (!s) return "Password is required.";
  if (s.length < MIN_PASSWORD) return `Use at least ${MIN_PASSWORD} characters.`;
  return null;
};

export const slug = (v: unknown) => {
  const s = String(v ?? "");
  if (!s) return "Slug is required.";
  if (s.length < 2 || s.length > 63) return "Use 2 to 63 characters.";
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(s) ? null : "Lowercase letters, digits and hyphens; no hyphen at the ends.";
};

export const currency = (v: unknown) =>
  /^[A-Z]{3}$/.test(String(v ?? "")) ? null : "Use a 3-letter ISO 4217 code, e.g. USD.";

export const totpCode = (v: unknown) => (/^\d{6}$/.test(String(v ?? "").replace(/\s/g, "")) ? null : "Enter the 6-digit code.");

export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);
}
