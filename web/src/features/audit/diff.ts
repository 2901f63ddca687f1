export type DiffKind = "added" | "removed" | "changed" | "same";

export interface DiffRow {
  path: string;
  kind: DiffKind;
  before?: unknown;
  after?: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function flatten(value: unknown, prefix: string, out: Map<string, unknown>) {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, value);
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Field-by-field comparison of an audit row's before/after (nested objects as dotted paths). */
export function diffEntries(before: unknown, after: unknown): DiffRow[] {
  const b = flatten(before ?? {}, "", new Map());
  const a = flatten(after ?? {}, "", new Map());
  const keys = [...new Set([...b.keys(), ...a.keys()])].sort();
  return keys.map((path) => {
    const hasB = b.has(path);
    const hasA = a.has(path);
    if (hasB && !hasA) return { path, kind: "removed", before: b.get(path) };
    if (!hasB && hasA) return { path, kind: "added", after: a.get(path) };
    const bv = b.get(path);
    const av = a.get(path);
    return { path, kind: same(bv, av) ? "same" : "changed", before: bv, after: av };
  });
}

export function formatValue(v: unknown): string {
  if (v === undefined) return "";
  if (v === null) return "null";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}
