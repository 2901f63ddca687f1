import { useCallback } from "react";
import { useSearchParams } from "react-router";

/** Read and write one or more URL search params (replace, so filters don't pile up in history). */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  const setParam = useCallback(
    (key: string, value: string | null) =>
      setParams(
        (p) => {
          const n = new URLSearchParams(p);
          if (value) n.set(key, value);
          else n.delete(key);
          return n;
        },
        { replace: true },
      ),
    [setParams],
  );
  const clear = useCallback((keep: string[] = []) => setParams((p) => {
    const n = new URLSearchParams();
    for (const k of keep) { const v = p.get(k); if (v) n.set(k, v); }
    return n;
  }, { replace: true }), [setParams]);
  return { params, setParams, setParam, clear };
}
