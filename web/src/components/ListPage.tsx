import { useCallback, useEffect, useState, type ReactNode } from "react";
import { useUrlParams } from "@/lib/urlParams";
import { cn } from "@/lib/cn";
import { Button } from "./Button";
import { EmptyState, ErrorState, PageLoader, Spinner } from "./Feedback";
import { inputClass } from "./Field";
import { Icon } from "./icons";
import { Pager, useCursorPager } from "./Pagination";

/** What every staff list query takes besides its filters. */
type ListQuery = { limit?: number; cursor?: string | null; sort?: string | null };
/** The filters of a list query: its other parameters, named as the API (and the URL) name them. */
export type FilterKey<Q> = Exclude<keyof Q, "limit" | "cursor" | "sort"> & string;
/** A sort field without its direction: `name` for `"name" | "-name"`. */
export type SortField<S> = S extends `-${infer F}` ? F : S;
/** The props a sortable column header (`SortTh`) takes. */
export type SortState = { value: string; onSort: (next: string) => void };

export interface ListPageOptions<Q extends ListQuery> {
  pageSize: number;
  /** URL parameters that filter the list; a change goes back to the first page. */
  filters?: readonly FilterKey<Q>[];
  /** The order the API uses without `sort` (newest first), shown on its header. */
  defaultSort?: NonNullable<Q["sort"]>;
  /** A filter's URL value as the API wants it (e.g. a local date-time as ISO). */
  toApi?: Partial<Record<FilterKey<Q>, (value: string) => string>>;
  /** A filter typed into a search box: written to the URL once typing pauses. */
  search?: { param: FilterKey<Q>; delay?: number; clean?: (text: string) => string };
}

const trim = (text: string) => text.trim();

/**
 * The state of a staff list page, kept in the URL so a list is linkable: its filters, the
 * server-side `sort` (`field` or `-field`), the cursor pager (back to page 1 whenever a filter or
 * the sort changes), and the query to send. Render it with `ListBody`.
 */
export function useListPage<Q extends ListQuery>(options: ListPageOptions<Q>) {
  const { pageSize, filters = [], defaultSort, toApi, search } = options;
  const { params, setParam, setParams, clear } = useUrlParams();
  const values = Object.fromEntries(filters.map((k) => [k, params.get(k) ?? ""])) as Record<FilterKey<Q>, string>;
  const sort = (params.get("sort") ?? "") as NonNullable<Q["sort"]> | "";
  const pager = useCursorPager(JSON.stringify([...filters.map((k) => values[k]), sort]));

  const query: Record<string, string | number> = { limit: pageSize };
  if (pager.cursor) query.cursor = pager.cursor;
  if (sort) query.sort = sort;
  for (const k of filters) {
    const v = values[k].trim();
    if (v) query[k] = toApi?.[k]?.(v) ?? v;
  }

  const onSort = useCallback((next: string) => setParam("sort", next === defaultSort ? null : next), [setParam, defaultSort]);
  const sortState: SortState = { value: sort || defaultSort || "", onSort };
  const sortBy = (field: SortField<NonNullable<Q["sort"]>>) => ({ field, sort: sortState.value, onSort });
  /** Drop every filter (and other URL state such as an open dialog), keeping the order. */
  const clearFilters = useCallback(() => clear(["sort"]), [clear]);

  const searchBox = useSearchParam(search?.param ?? "", params.get(search?.param ?? "") ?? "", setParam, search?.delay ?? 300, search?.clean ?? trim);

  return {
    params,
    setParam,
    setParams,
    values,
    filtered: filters.some((k) => values[k] !== ""),
    clearFilters,
    sort,
    sortState,
    sortBy,
    pager,
    query: query as Q,
    search: searchBox,
  };
}

export type ListPage = ReturnType<typeof useListPage>;

/** A text box bound to a URL parameter: debounced in, and following the URL when it changes. */
function useSearchParam(param: string, current: string, setParam: (key: string, value: string | null) => void, delay: number, clean: (text: string) => string) {
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);
  useEffect(() => {
    if (!param || clean(text) === current) return;
    const t = setTimeout(() => setParam(param, clean(text) || null), delay);
    return () => clearTimeout(t);
  }, [text]);
  return { value: text, onChange: setText };
}

/** The search box of a list's filter bar. */
export function SearchBox({ label, placeholder, value, onChange, className }: { label: string; placeholder: string; value: string; onChange: (text: string) => void; className?: string }) {
  return (
    <div className={cn("relative", className ?? "flex-1")}>
      <Icon name="search" className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" />
      <input type="search" aria-label={label} placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} className={`${inputClass} pl-9`} />
    </div>
  );
}

/** The filter bar above a list's table. */
export function FilterBar({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn("flex flex-col gap-3 border-b border-slate-200 p-4 sm:flex-row dark:border-slate-800", className)}>{children}</div>;
}

/** What `useQuery` gives for a list page; structural, so any list hook fits. */
interface ListResult<T> {
  data?: { items: T[]; nextCursor?: string | null };
  isPending: boolean;
  isError: boolean;
  isFetching: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** What a list says when it has no rows: `title` and `hint` for an empty list (with the page's
 * first-item `action`), `noMatch` and `noMatchHint` when its filters leave nothing (with Clear filters). */
export interface ListEmpty {
  title: string;
  noMatch?: string;
  hint?: ReactNode;
  noMatchHint?: ReactNode;
  action?: ReactNode;
}

/**
 * A list's states: loading, the API's error with a retry, the empty state (`empty`) when there is
 * nothing to show, else the table (`children`) with a spinner while it refreshes and the pager under it.
 */
export function ListBody<T>({
  list,
  result,
  loading,
  empty,
  children,
}: {
  list: Pick<ListPage, "pager" | "filtered" | "clearFilters">;
  result: ListResult<T>;
  loading: string;
  empty: ListEmpty;
  children: (items: T[]) => ReactNode;
}) {
  const { pager } = list;
  if (result.isPending) return <PageLoader label={loading} />;
  if (result.isError)
    return (
      <div className="p-4">
        <ErrorState error={result.error} onRetry={() => result.refetch()} />
      </div>
    );
  const items = result.data?.items ?? [];
  if (items.length === 0)
    return list.filtered ? (
      <EmptyState
        title={empty.noMatch ?? "Nothing matches these filters"}
        action={
          <Button variant="secondary" onClick={list.clearFilters}>
            Clear filters
          </Button>
        }
      >
        {empty.noMatchHint}
      </EmptyState>
    ) : (
      <EmptyState title={empty.title} action={empty.action}>
        {empty.hint}
      </EmptyState>
    );
  return (
    <div className="relative">
      {result.isFetching && (
        <div className="absolute right-3 top-3 text-slate-400" role="status" aria-label="Refreshing">
          <Spinner className="h-4 w-4" />
        </div>
      )}
      {children(items)}
      <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={result.data?.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={result.isFetching} />
    </div>
  );
}
