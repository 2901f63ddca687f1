import { useCallback, useState } from "react";
import { Button } from "./Button";
import { Icon } from "./icons";

/**
 * Cursor pagination state: the API gives only `nextCursor`, so the cursors of the pages
 * already seen are kept in a stack to go back.
 */
export function useCursorPager() {
  const [stack, setStack] = useState<Array<string | null>>([null]);
  const cursor = stack[stack.length - 1];
  const next = useCallback((nextCursor: string) => setStack((s) => [...s, nextCursor]), []);
  const prev = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([null]), []);
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
