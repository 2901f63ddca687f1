import type { ReactNode, ThHTMLAttributes, TdHTMLAttributes } from "react";
import { cn } from "@/lib/cn";
import { formatDateTime, formatRelative } from "@/lib/dates";

export function Table({ children, label }: { children: ReactNode; label?: string }) {
  return (
    // relative: the scroll box contains absolutely placed children (sr-only labels), which
    // otherwise widen the whole page on a phone.
    <div className="relative overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800" aria-label={label}>
        {children}
      </table>
    </div>
  );
}

export function Th({ className, ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={cn("px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400", className)}
      {...rest}
    />
  );
}

export function Td({ className, ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("px-4 py-3 align-middle", className)} {...rest} />;
}

/** When a row was added: relative ("3 days ago"), the exact time on hover. */
export function AddedTd({ at, className }: { at: string; className?: string }) {
  return (
    <Td className={cn("whitespace-nowrap text-slate-500", className)} title={formatDateTime(at)}>
      {formatRelative(at)}
    </Td>
  );
}

/** A column header that toggles the list's server-side `sort` (`field`, then `-field`), with aria-sort. */
export function SortTh({
  field,
  sort,
  onSort,
  children,
  className,
}: {
  field: string;
  sort: string;
  onSort: (next: string) => void;
  children: ReactNode;
  className?: string;
}) {
  const direction = sort === field ? "ascending" : sort === `-${field}` ? "descending" : "none";
  const next = direction === "ascending" ? `-${field}` : field;
  return (
    <Th className={className} aria-sort={direction}>
      <button type="button" onClick={() => onSort(next)} className="inline-flex items-center gap-1 uppercase tracking-wide hover:text-slate-900 dark:hover:text-slate-100">
        {children}
        <span aria-hidden="true" className="text-[10px]">
          {direction === "ascending" ? "▲" : direction === "descending" ? "▼" : "↕"}
        </span>
      </button>
    </Th>
  );
}
