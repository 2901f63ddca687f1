import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

/** A label over a value, for summaries (totals, balances, counts). */
export function Stat({ label, value, hint, className, testId }: { label: string; value: ReactNode; hint?: ReactNode; className?: string; testId?: string }) {
  return (
    <div className={cn("min-w-0", className)}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 truncate text-lg font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
      {hint && <dd className="text-xs text-slate-500 dark:text-slate-400">{hint}</dd>}
    </div>
  );
}

/** Term/description rows for detail pages. */
export function DetailList({ items }: { items: Array<[string, ReactNode]> }) {
  return (
    <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
      {items.map(([k, v]) => (
        <div key={k} className="min-w-0">
          <dt className="text-slate-500 dark:text-slate-400">{k}</dt>
          <dd className="break-words font-medium">{v === null || v === undefined || v === "" ? "—" : v}</dd>
        </div>
      ))}
    </dl>
  );
}
