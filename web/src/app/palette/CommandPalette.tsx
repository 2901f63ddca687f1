import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { Command, defaultFilter } from "cmdk";
import { useNavigate } from "react-router";
import { useAuth } from "../auth/AuthProvider";
import { useTheme } from "@/lib/theme";
import { hasPermission } from "@/lib/permissions";
import { Icon } from "@/components/icons";
import { Spinner } from "@/components/Feedback";
import { STRONG_MATCH, buildCommands, orderByBestMatch, paletteScore, type PaletteCommand } from "./commands";
import { useServerSearch, type SearchResult } from "./search";
import { registerGlobalSearch } from "./providers";

registerGlobalSearch();

const GROUPS: PaletteCommand["group"][] = ["Pages", "Actions", "Account"];
const RESULT = "result:";

/**
 * Pages and actions: a strict word-prefix match (see paletteScore). Server results already match the
 * query (the server searched for it): they rank below strong page/action matches, above weak ones.
 */
const filter = (value: string, search: string, keywords?: string[]) =>
  value.startsWith(RESULT) ? STRONG_MATCH : paletteScore(value, search, keywords, (v, s) => defaultFilter(v, s));

/** Results under their own headings (Customers, Invoices, Domains), in the order the server ranked them. */
function resultGroups(results: SearchResult[], fallback: string): Array<[string, SearchResult[]]> {
  const by = new Map<string, SearchResult[]>();
  for (const r of results) {
    const g = r.group ?? fallback;
    by.set(g, [...(by.get(g) ?? []), r]);
  }
  return [...by];
}

export default function CommandPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { me, signOut } = useAuth();
  const navigate = useNavigate();
  const [theme, , toggleTheme] = useTheme();
  const [search, setSearch] = useState("");
  // The selected item (cmdk's value), controlled so arriving server results can take the selection.
  const [selected, setSelected] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);

  const commands = useMemo(
    () =>
      buildCommands(me, {
        navigate,
        toggleTheme,
        theme,
        totpEnabled: me?.totpEnabled,
        logout: () => {
          void signOut().then(() => navigate("/login"));
        },
      }),
    [me, navigate, toggleTheme, theme, signOut],
  );
  const { groups, loading } = useServerSearch(search, me);

  // When results arrive and nothing, the "search users" fallback or only a weak page match is
  // selected, select the first result: typing an invoice number or a name and pressing Enter opens it.
  // A result of an earlier query that is gone (the query changed) gives way too.
  const resultValues = groups.flatMap((g) => g.results.map((r) => `${RESULT}${g.provider.id}:${r.id}`));
  const firstResult = resultValues[0] ?? "";
  useEffect(() => {
    if (!firstResult) return;
    const current = commands.find((c) => c.label === selected);
    const weak = !current || paletteScore(current.label, search, current.keywords) < STRONG_MATCH;
    const stale = selected.startsWith(RESULT) && !resultValues.includes(selected);
    if (!selected || selected.startsWith("search:") || stale || (!selected.startsWith(RESULT) && weak)) setSelected(firstResult);
  }, [resultValues.join("\n")]);

  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement as HTMLElement | null;
    setSearch("");
    const t = setTimeout(() => inputRef.current?.focus(), 0);
    return () => {
      clearTimeout(t);
      previous?.focus?.();
    };
  }, [open]);

  if (!open) return null;

  const run = (fn: () => void) => {
    onClose();
    fn();
  };
  const q = search.trim();

  // The page and action groups and the server's result groups, best match first: cmdk orders the
  // items inside a group but leaves the groups where they are, so "record" would select the DNS
  // page (a keyword match) above the Record payment action (a label match).
  const sections: Array<{ score: number; node: ReactNode }> = [
    ...GROUPS.flatMap((g) => {
      const items = commands.filter((c) => c.group === g);
      if (!items.length) return [];
      return [
        {
          score: Math.max(...items.map((c) => filter(c.label, search, c.keywords))),
          node: (
            <Command.Group key={g} heading={g}>
              {items.map((c) => (
                <Command.Item
                  key={c.id}
                  value={c.label}
                  keywords={c.keywords}
                  onSelect={() => run(c.run)}
                  className="flex cursor-pointer items-center gap-3 rounded-md px-3 py-2 text-sm"
                >
                  {c.icon && <Icon name={c.icon} className="h-4 w-4 text-slate-400" />}
                  <span className="flex-1">{c.label}</span>
                  {c.hint && <span className="text-xs text-slate-400">{c.hint}</span>}
                </Command.Item>
              ))}
            </Command.Group>
          ),
        },
      ];
    }),
    ...groups.flatMap(({ provider, results }) =>
      resultGroups(results, provider.title ?? "Results").map(([heading, items]) => ({
        score: STRONG_MATCH,
        node: (
          <Command.Group key={`${provider.id}:${heading}`} heading={heading}>
            {items.map((r) => (
              <Command.Item
                key={`${provider.id}:${r.id}`}
                value={`${RESULT}${provider.id}:${r.id}`}
                onSelect={() => run(() => navigate(r.to))}
                className="flex cursor-pointer items-center gap-3 rounded-md px-3 py-2 text-sm"
              >
                <Icon name={r.icon ?? "arrow-right"} className="h-4 w-4 text-slate-400" />
                <span className="flex-1">{r.label}</span>
                {r.hint && <span className="text-xs text-slate-400">{r.hint}</span>}
              </Command.Item>
            ))}
          </Command.Group>
        ),
      })),
    ),
  ];

  return createPortal(
    <div className="fixed inset-0 z-50 flex items-start justify-center px-3 pt-[12vh]">
      <div className="absolute inset-0 bg-slate-900/50" aria-hidden="true" onClick={onClose} />
      <div
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        className="relative w-full max-w-xl overflow-hidden rounded-xl bg-white shadow-2xl ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700"
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <Command label="Command palette" loop vimBindings={false} filter={filter} value={selected} onValueChange={setSelected}>
          <div className="flex items-center gap-2 border-b border-slate-200 px-4 dark:border-slate-700">
            <Icon name="search" className="h-5 w-5 text-slate-400" />
            <Command.Input
              ref={inputRef}
              value={search}
              onValueChange={setSearch}
              placeholder="Jump to a page or run an action…"
              className="h-12 w-full bg-transparent text-sm outline-none placeholder:text-slate-400"
            />
            {loading && <Spinner className="h-4 w-4 text-slate-400" />}
            <kbd className="hidden rounded border border-slate-200 px-1.5 text-[10px] text-slate-500 sm:inline dark:border-slate-700">Esc</kbd>
          </div>
          <Command.List className="max-h-[60vh] overflow-y-auto p-2">
            {!loading && <Command.Empty className="px-3 py-8 text-center text-sm text-slate-500">No matching page, action or record.</Command.Empty>}
            {orderByBestMatch(sections, (x) => x.score).map((x) => x.node)}
            {q && hasPermission(me, "users.read") && (
              <Command.Group heading="Search" forceMount>
                <Command.Item
                  forceMount
                  value="search:users"
                  onSelect={() => run(() => navigate(`/users?q=${encodeURIComponent(q)}`))}
                  className="flex cursor-pointer items-center gap-3 rounded-md px-3 py-2 text-sm"
                >
                  <Icon name="users" className="h-4 w-4 text-slate-400" />
                  <span>
                    Search users for “<strong>{q}</strong>”
                  </span>
                </Command.Item>
              </Command.Group>
            )}
          </Command.List>
          <div className="flex gap-4 border-t border-slate-200 px-4 py-2 text-[11px] text-slate-500 dark:border-slate-700">
            <span>↑↓ move</span>
            <span>↵ open</span>
            <span>Esc close</span>
          </div>
        </Command>
      </div>
    </div>,
    document.body,
  );
}
