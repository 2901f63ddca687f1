import type { ReactNode } from "react";
import { vi } from "vitest";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

type Handler = (req: Request) => Response | Promise<Response>;

/** Stub fetch with "METHOD /path" handlers; records every request. */
export function mockApi(routes: Record<string, Handler>) {
  const requests: Array<{ method: string; path: string; body: unknown }> = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(new URL(String(input), location.origin), init);
    const path = new URL(req.url).pathname;
    const text = req.method === "GET" ? "" : await req.clone().text();
    requests.push({ method: req.method, path, body: text ? JSON.parse(text) : null });
    const handler = routes[`${req.method} ${path}`];
    if (!handler) return jsonResponse(404, { error: { code: "not_found", message: `No mock for ${req.method} ${path}` } });
    return handler(req);
  });
  vi.stubGlobal("fetch", fn);
  return { fn, requests };
}

export function withQueryClient(children: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return <QueryClientProvider client={qc}>{children}</QueryClientProvider>;
}
