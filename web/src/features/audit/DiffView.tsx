import { useState } from "react";
import { cn } from "@/lib/cn";
import { diffEntries, formatValue, type DiffKind } from "./diff";

const KIND_STYLE: Record<DiffKind, string> = {
  added: "bg-emerald-50 dark:bg-emerald-950/40",
  removed: "bg-red-50 dark:bg-red-950/40",
  changed: "bg-amber-50 dark:bg-amber-950/30",
  same: "",
};
const KIND_LABEL: Record<DiffKind, string> = { added: "added", removed: "removed", changed: "changed", same: "" };

/** Before/after of an audit entry, changed fields first; unchanged ones behind a toggle. */
export function DiffView({ before, after }: { before: unknown; after: unknown }) {
  const [showSame, setShowSame] = useState(false);
  const rows = diffEntries(before, after);
  const changed = rows.filter((r) => r.kind !== "same");
  const unchanged = rows.filter((r) => r.kind === "same");
  const shown = showSame ? [...changed, ...unchanged] : changed;

  if (!rows.length) return <p className="text-sm text-slate-500">No data was recorded for this change.</p>;

  return (
    <div className="space-y-2">
      {changed.length === 0 && <p className="text-sm text-slate-500">No field changed.</p>}
      {shown.length > 0 && (
        <div className="overflow-x-auto rounded-md ring-1 ring-slate-200 dark:ring-slate-700">
          <table className="min-w-full text-xs" aria-label="Changes">
            <thead className="bg-slate-50 text-left text-slate-500 dark:bg-slate-800/60">
              <tr>
                <th className="px-3 py-2 font-semibold">Field</th>
                <th className="px-3 py-2 font-semibold">Before</th>
                <th className="px-3 py-2 font-semibold">After</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 font-mono dark:divide-slate-800">
              {shown.map((r) => (
                <tr key={r.path} className={KIND_STYLE[r.kind]} data-kind={r.kind}>
                  <td className="px-3 py-1.5 align-top font-semibold">
                    {r.path}
                    {KIND_LABEL[r.kind] && <span className="ml-2 font-sans font-normal text-slate-500">{KIND_LABEL[r.kind]}</span>}
                  </td>
                  <td className={cn("max-w-xs px-3 py-1.5 align-top break-all", r.kind !== "same" && r.kind !== "added" && "text-red-700 line-through decoration-red-300 dark:text-red-300")}>
                    {formatValue(r.before)}
                  </td>
                  <td className={cn("max-w-xs px-3 py-1.5 align-top break-all", r.kind !== "same" && "text-emerald-700 dark:text-emerald-300")}>
                    {formatValue(r.after)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {unchanged.length > 0 && (
        <button type="button" onClick={() => setShowSame((s) => !s)} className="text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          {showSame ? "Hide unchanged fields" : `Show ${unchanged.length} unchanged field${unchanged.length === 1 ? "" : "s"}`}
        </button>
      )}
    </div>
  );
}
