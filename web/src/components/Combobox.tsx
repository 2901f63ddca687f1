import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { cn } from "@/lib/cn";
import { inputClass } from "./Field";
import { Spinner } from "./Feedback";
import { Icon } from "./icons";

interface ComboboxProps<T> {
  label: string;
  name?: string;
  placeholder?: string;
  /** The chosen item, or null. */
  value: T | null;
  onChange: (item: T | null) => void;
  /** What the user typed (debounce it before searching). */
  onQueryChange: (q: string) => void;
  items: T[];
  /** The items do not answer the typed text yet (debouncing or fetching): Enter waits for them. */
  loading?: boolean;
  getKey: (item: T) => string;
  getLabel: (item: T) => string;
  renderItem?: (item: T) => ReactNode;
  emptyText?: string;
  error?: string | null;
  hint?: ReactNode;
  disabled?: boolean;
  autoFocus?: boolean;
}

/** A search-as-you-type select (ARIA combobox): ↑/↓ move, Enter picks, Esc closes. */
export function Combobox<T>({
  label,
  name,
  placeholder,
  value,
  onChange,
  onQueryChange,
  items,
  loading,
  getKey,
  getLabel,
  renderItem,
  emptyText = "Nothing found.",
  error,
  hint,
  disabled,
  autoFocus,
}: ComboboxProps<T>) {
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState(value ? getLabel(value) : "");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // Enter pressed while the results for the typed text are on their way: pick the first of those
  // results when they arrive, never the first of an older query's (a name typed fast and Enter
  // otherwise chose whichever customer matched the first letters).
  const [pickWhenReady, setPickWhenReady] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);

  // Keep the text in step with a value chosen from outside.
  const valueKey = value ? getKey(value) : null;
  useEffect(() => {
    setText(value ? getLabel(value) : "");
  }, [valueKey]);

  useEffect(() => setActive(0), [items]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  const pick = (item: T) => {
    onChange(item);
    setText(getLabel(item));
    setOpen(false);
    setPickWhenReady(false);
  };

  useEffect(() => {
    if (!pickWhenReady || loading) return;
    if (items[0]) pick(items[0]);
    else setPickWhenReady(false);
  }, [pickWhenReady, loading, items]);

  const describedBy = error ? `${id}-err` : hint ? `${id}-hint` : undefined;
  return (
    <div className="space-y-1" ref={rootRef}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      <div className="relative">
        <Icon name="search" className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" />
        <input
          id={id}
          name={name}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && items[active] ? `${id}-opt-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          autoFocus={autoFocus}
          disabled={disabled}
          placeholder={placeholder}
          value={text}
          className={cn(inputClass, "pl-9 pr-9", error && "ring-red-500 focus:ring-red-500 dark:ring-red-500")}
          onFocus={() => {
            setOpen(true);
            if (!value) onQueryChange(text);
          }}
          // Tabbing away closes the list (a click on an option keeps the focus: its mousedown is prevented);
          // an Enter still waiting for its results keeps its word.
          onBlur={() => setOpen(false)}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setPickWhenReady(false);
            onQueryChange(e.target.value);
            if (value) onChange(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setOpen(true);
              setActive((a) => Math.min(a + 1, Math.max(items.length - 1, 0)));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === "Enter" && open) {
              if (loading) {
                e.preventDefault();
                setPickWhenReady(true);
              } else if (items[active]) {
                e.preventDefault();
                pick(items[active]);
              }
            } else if (e.key === "Escape" && open) {
              e.stopPropagation();
              setOpen(false);
              setPickWhenReady(false);
            }
          }}
        />
        {loading ? (
          <Spinner className="absolute right-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" />
        ) : value && !disabled ? (
          <button
            type="button"
            aria-label={`Clear ${label.toLowerCase()}`}
            className="absolute right-2 top-1/2 -translate-y-1/2 rounded p-1 text-slate-400 hover:text-slate-700"
            onClick={() => {
              onChange(null);
              setText("");
              onQueryChange("");
            }}
          >
            <Icon name="x" className="h-4 w-4" />
          </button>
        ) : null}
        {open && !disabled && (
          <ul
            id={listId}
            role="listbox"
            aria-label={`${label} suggestions`}
            className="absolute z-30 mt-1 max-h-64 w-full overflow-y-auto rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700"
          >
            {items.length === 0 ? (
              <li className="px-3 py-2 text-slate-500">{loading ? "Searching…" : emptyText}</li>
            ) : (
              items.map((item, i) => (
                <li
                  key={getKey(item)}
                  id={`${id}-opt-${i}`}
                  role="option"
                  aria-selected={i === active}
                  onMouseEnter={() => setActive(i)}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => pick(item)}
                  className={cn("cursor-pointer px-3 py-2", i === active && "bg-indigo-50 dark:bg-indigo-500/15")}
                >
                  {renderItem ? renderItem(item) : getLabel(item)}
                </li>
              ))
            )}
          </ul>
        )}
      </div>
      {error ? (
        <p id={`${id}-err`} className="text-xs text-red-600 dark:text-red-400" data-field-error>
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A value that follows `value` after `ms` of quiet. */
export function useDebounced<T>(value: T, ms = 200): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
