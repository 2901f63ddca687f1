import createClient from "openapi-fetch";
import type { paths } from "./schema";
import { authFetch } from "./authFetch";
import { ApiError, networkError, toApiError } from "./errors";

/** The typed API client (paths come from the generated OpenAPI types). */
export const api = createClient<paths>({
  // Same origin as the page (absolute, so Request() also works outside a browser, e.g. in tests).
  baseUrl: typeof location !== "undefined" && location.origin !== "null" ? location.origin : "",
  fetch: (req: Request) => authFetch(req),
  credentials: "same-origin",
});

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/** Turn an openapi-fetch result into its data, or throw an ApiError in the API's words. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw networkError();
  }
  if (!result.response.ok) throw toApiError(result.response, result.error ?? null);
  return result.data as T;
}
