/** The API's one error shape: {"error": {"code", "message", "details": [{field, message}]}}. */
export interface ApiErrorDetail {
  field?: string | null;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetail[];
  /** Seconds to wait, from the Retry-After header of a 429. */
  readonly retryAfter: number | null;

  constructor(status: number, code: string, message: string, details: ApiErrorDetail[] = [], retryAfter: number | null = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }

  /** Details keyed by form field ("body.email" and ["body","email"] both become "email"). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      const key = normalizeField(d.field);
      if (key && !(key in out)) out[key] = d.message;
    }
    return out;
  }

  /** Details that name no field (shown above the form). */
  generalDetails(): string[] {
    return this.details.filter((d) => !normalizeField(d.field)).map((d) => d.message);
  }
}

export function normalizeField(field: unknown): string {
  if (field == null) return "";
  const parts = Array.isArray(field) ? field.map(String) : String(field).split(/[.[\]]+/).filter(Boolean);
  const meaningful = parts.filter((p) => !["body", "query", "path", "__root__"].includes(p));
  return meaningful.length ? meaningful[meaningful.length - 1] : "";
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, Math.ceil(secs));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * A 422 whose every detail is on the URL's path ("path.invoice_id" for /invoices/abc): the address
 * names something that cannot exist, so it is "not found", like any other unknown id (the page then
 * shows its usual not-found state, not "Some fields are not valid."). Anything else stays as it is.
 */
export function pathNotFound(error: ApiError): ApiError {
  if (error.status !== 422 || !error.details.length) return error;
  const paths = error.details.map((d) => String(d.field ?? "").split(/[.[\]]+/).filter(Boolean));
  if (!paths.every((p) => p[0] === "path" && p.length > 1)) return error;
  const param = paths[0][paths[0].length - 1].replace(/_?id$/i, "").replace(/[_-]+/g, " ").trim();
  const entity = param ? param[0].toUpperCase() + param.slice(1) : "";
  return new ApiError(
    404,
    param ? `${param.replace(/ /g, "_")}_not_found` : "not_found",
    entity ? `${entity} not found.` : "Not found.",
    [],
    error.retryAfter,
  );
}

/** Build an ApiError from a failed response and its (already parsed) body, whatever its shape. */
export function toApiError(response: Response, body: unknown): ApiError {
  return pathNotFound(parseApiError(response, body));
}

function parseApiError(response: Response, body: unknown): ApiError {
  const retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
  const e = (body as { error?: unknown } | null)?.error;
  if (e && typeof e === "object") {
    const err = e as { code?: unknown; message?: unknown; details?: unknown };
    const details = Array.isArray(err.details)
      ? err.details.map((d) => ({
          field: (d as { field?: string | null }).field ?? null,
          message: String((d as { message?: unknown }).message ?? ""),
        }))
      : [];
    return new ApiError(
      response.status,
      String(err.code ?? statusCode(response.status)),
      String(err.message ?? response.statusText ?? "Request failed"),
      details,
      retryAfter,
    );
  }
  // FastAPI's default shape, should a route ever escape the error handler.
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === "string") return new ApiError(response.status, statusCode(response.status), detail, [], retryAfter);
  return new ApiError(
    response.status,
    statusCode(response.status),
    response.status >= 500
      ? `The server failed to answer (HTTP ${response.status}).`
      : `Request failed (HTTP ${response.status}).`,
    [],
    retryAfter,
  );
}

function statusCode(status: number): string {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server_error";
  return "http_" + status;
}

export const networkError = () =>
  new ApiError(0, "network_error", "Cannot reach the server. Check your connection and try again.");

/** A message for any thrown value, in the API's words where there are some. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === "rate_limited" && e.retryAfter) return `${e.message} (try again in ${e.retryAfter} s)`;
    return e.message;
  }
  if (e instanceof Error) return e.message;
  return String(e);
}

/**
 * Take the details about rows of a list ("prices.2.price", "body.items.0.amount") out of an error:
 * `rows[i][field]` gets their messages; `rest` is the error without them (for the form's other fields).
 */
export function splitRowErrors(e: unknown, list: string): { rows: Record<number, Record<string, string>>; rest: unknown } {
  const rows: Record<number, Record<string, string>> = {};
  if (!(e instanceof ApiError)) return { rows, rest: e };
  const remaining: ApiErrorDetail[] = [];
  for (const d of e.details) {
    const path = (Array.isArray(d.field) ? d.field.map(String) : String(d.field ?? "").split(/[.[\]]+/)).filter((p) => p && p !== "body");
    if (path[0] === list && path.length >= 3 && /^\d+$/.test(path[1])) {
      const i = Number(path[1]);
      (rows[i] ??= {})[path[2]] ??= d.message;
    } else remaining.push(d);
  }
  if (remaining.length === e.details.length) return { rows, rest: e };
  return { rows, rest: new ApiError(e.status, e.code, e.message, remaining, e.retryAfter) };
}
