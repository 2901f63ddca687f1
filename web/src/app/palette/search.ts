import { useEffect, useState } from "react";
import type { IconName } from "@/components/icons";
import { canAccess, type Access, type PermissionSubject } from "@/lib/permissions";

/**
 * Hook for server-side search in the command palette. A provider turns the typed text into
 * results; providers.ts registers the one for GET /api/search (customers, invoices, domains).
 */
export interface SearchResult {
  id: string;
  label: string;
  hint?: string;
  icon?: IconName;
  /** Heading the result is shown under (default: the provider's title). */
  group?: string;
  /** Where selecting the result goes. */
  to: string;
}

export interface SearchProvider {
  id: string;
  /** Heading of the provider's group in the palette. */
  title?: string;
  access?: Access;
  minLength?: number;
  search: (query: string, signal: AbortSignal) => Promise<SearchResult[]>;
}

const providers: SearchProvider[] = [];

export function registerSearchProvider(p: SearchProvider): () => void {
  providers.push(p);
  return () => {
    const i = providers.indexOf(p);
    if (i >= 0) providers.splice(i, 1);
  };
}

export interface SearchGroup {
  provider: SearchProvider;
  results: SearchResult[];
}

/** Debounced server search across the providers the user may use. */
export function useServerSearch(query: string, me: PermissionSubject | null | undefined, delayMs = 200) {
  const [groups, setGroups] = useState<SearchGroup[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const q = query.trim();
    const active = providers.filter((p) => canAccess(me, p.access) && q.length >= (p.minLength ?? 2));
    if (!active.length) {
      setGroups([]);
      setLoading(false);
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    const timer = setTimeout(async () => {
      const settled = await Promise.allSettled(active.map((p) => p.search(q, ctrl.signal)));
      if (ctrl.signal.aborted) return;
      setGroups(
        settled.flatMap((r, i) => (r.status === "fulfilled" && r.value.length ? [{ provider: active[i], results: r.value }] : [])),
      );
      setLoading(false);
    }, delayMs);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [query, me, delayMs]);

  return { groups, loading };
}
