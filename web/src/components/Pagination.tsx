import { useCallback, useState } from "react";
import { Button } from "./Button";
import { Icon } from "./icons";

const FIRST: Array<string | null> = [null];

/**
 * Cursor pagination state: the API gives only `nextCursor`, so the cursors of the pages
 * already seen are kept in a stack to go back. A change of `resetKey` (the list's filters and
 * sort) starts again from the first page in the same render, so a cursor is never sent with
 * filters or an order it does not belong to.
 */
export function useCursorPager(resetKey = "") {
  const [state, setState] = useState<{ key: string; stack: Array<string | null> }>({ key: resetKey, stack: [null] });
  const stack = state.key === resetKey ? state.stack : FIRST;
  const cursor = stack[stack.length - 1];
  const next = useCallback(
    (nextCursor: string) => setState((s) => ({ key: resetKey, stack: [...(s.key === resetKey ? s.stack : FIRST), nextCursor] })),
    [resetKey],
  );
  const prev = useCallback(
    () => setState((s) => (s.key === resetKey && s.stack.length > 1 ? { key: resetKey, stack: s.stack.slice(0, -1) } : { key: resetKey, stack: FIRST })),
    [resetKey],
  );
  const reset = useCallback(() => setState({ key: resetKey, stack: FIRST }), [resetKey]);
  return { cursor, page: stack.length, hasPrev: stack.length > 1, next, prev, reset };
}

export function Pager({
  page,
  hasPrev,
  nextCursor,
  onPrev,
  onNext,
  busy,
}: {
  page: number;
  hasPrev: boolean;
  nextCursor: string | null | undefined;
  onPrev: () => void;
  onNext: (cursor: string) => void;
  busy?: boolean;
}) {
  if (!hasPrev && !nextCursor) return null;
  return (
    <nav className="flex items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 text-sm dark:border-slate-800" aria-label="Pagination">
      <span className="text-slate-500">Page {page}</span>
      <div className="flex gap-2">
        <Button variant="secondary" size="sm" onClick={onPrev} disabled={!hasPrev || busy} icon={<Icon name="chevron-left" className="h-4 w-4" />}>
          Previous
        </Button>
        <Button variant="secondary" size="sm" onClick={() => nextCursor && onNext(nextCursor)} disabled={!nextCursor || busy}>
          Next
          <Icon name="chevron-right" className="h-4 w-4" />
        </Button>
      </div>
    </nav>
  );
}
