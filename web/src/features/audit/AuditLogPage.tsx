import { Fragment, useEffect, useState, type FormEvent } from "react";
import { useAuditLogs } from "@/api/audit";
import type { AuditEntry, AuditQuery } from "@/api/types";
import { Badge, Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { TextField } from "@/components/Field";
import { Icon } from "@/components/icons";
import { ListBody, useListPage } from "@/components/ListPage";
import { SortTh, Table, Td, Th } from "@/components/Table";
import { formatDateTime, localInputToIso } from "@/lib/dates";
import { cn } from "@/lib/cn";
import { DiffView } from "./DiffView";

const PAGE_SIZE = 50;
const FILTERS = ["action", "entityType", "entityId", "actorId", "from", "to"] as const;
type FilterKey = (typeof FILTERS)[number];
type Filters = Record<FilterKey, string>;

function actionTone(action: string): "green" | "red" | "amber" | "gray" | "indigo" {
  if (/(create|add|enable|issue)/.test(action)) return "green";
  if (/(delete|remove|disable|void|revoke)/.test(action)) return "red";
  if (/(update|change|edit|patch)/.test(action)) return "amber";
  if (/(login|logout|auth|totp|password)/.test(action)) return "indigo";
  return "gray";
}

function AuditRow({ entry, open, onToggle }: { entry: AuditEntry; open: boolean; onToggle: () => void }) {
  return (
    <Fragment>
      <tr
        className={cn("cursor-pointer hover:bg-slate-50 dark:hover:bg-slate-800/40", open && "bg-slate-50 dark:bg-slate-800/40")}
        onClick={onToggle}
        data-testid="audit-row"
      >
        <Td className="whitespace-nowrap text-slate-500">{formatDateTime(entry.createdAt)}</Td>
        <Td>
          <Badge tone={actionTone(entry.action)}>{entry.action}</Badge>
        </Td>
        <Td className="hidden md:table-cell">
          <span className="font-medium">{entry.entityType}</span>
          {entry.entityId && <span className="ml-1 font-mono text-xs text-slate-500">{String(entry.entityId).slice(0, 8)}</span>}
        </Td>
        <Td className="hidden sm:table-cell">{entry.actorEmail ?? <span className="text-slate-400">system</span>}</Td>
        <Td className="hidden text-slate-500 lg:table-cell">{entry.ip ?? ""}</Td>
        <Td className="w-10 text-right">
          <button
            type="button"
            aria-expanded={open}
            aria-label={open ? "Hide changes" : "Show changes"}
            onClick={(e) => {
              e.stopPropagation();
              onToggle();
            }}
            className="rounded p-1 text-slate-400 hover:text-slate-700"
          >
            <Icon name="chevron-down" className={cn("h-4 w-4 transition-transform", open && "rotate-180")} />
          </button>
        </Td>
      </tr>
      {open && (
        <tr>
          <td colSpan={6} className="bg-slate-50/60 px-4 py-4 dark:bg-slate-900/60">
            <div className="space-y-3">
              <DiffView before={entry.before} after={entry.after} />
              <dl className="grid gap-x-6 gap-y-1 text-xs text-slate-500 sm:grid-cols-2">
                <div>
                  <dt className="inline font-medium">Entity: </dt>
                  <dd className="inline font-mono">
                    {entry.entityType} {entry.entityId}
                  </dd>
                </div>
                <div>
                  <dt className="inline font-medium">Actor: </dt>
                  <dd className="inline font-mono">{entry.actorEmail ?? "system"} {entry.actorId ?? ""}</dd>
                </div>
                <div>
                  <dt className="inline font-medium">IP: </dt>
                  <dd className="inline font-mono">{entry.ip ?? "—"}</dd>
                </div>
                <div>
                  <dt className="inline font-medium">Request: </dt>
                  <dd className="inline font-mono">{entry.requestId ?? "—"}</dd>
                </div>
                <div className="sm:col-span-2">
                  <dt className="inline font-medium">User agent: </dt>
                  <dd className="inline break-all">{entry.userAgent ?? "—"}</dd>
                </div>
              </dl>
            </div>
          </td>
        </tr>
      )}
    </Fragment>
  );
}

const toIso = (v: string) => localInputToIso(v) ?? v;

export default function AuditLogPage() {
  const list = useListPage<AuditQuery>({ pageSize: PAGE_SIZE, filters: FILTERS, defaultSort: "-createdAt", toApi: { from: toIso, to: toIso } });
  const applied = list.values;
  const [draft, setDraft] = useState<Filters>(applied);
  const [openId, setOpenId] = useState<string | null>(null);
  const appliedKey = JSON.stringify(applied);
  useEffect(() => setDraft(applied), [appliedKey]);
  const logs = useAuditLogs(list.query);

  /** Apply the form's filters; the order stays. */
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FILTERS) if (draft[k].trim()) next.set(k, draft[k].trim());
    if (list.sort) next.set("sort", list.sort);
    list.setParams(next, { replace: true });
  };
  const set = (k: FilterKey) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));

  return (
    <>
      <PageHeader title="Audit log" description="Every change in this tenant: who, what, when and from where." />
      <Card>
        <form onSubmit={apply} className="grid gap-3 border-b border-slate-200 p-4 sm:grid-cols-2 lg:grid-cols-3 dark:border-slate-800" aria-label="Audit log filters">
          <TextField label="Action" placeholder="e.g. user.create" value={draft.action} onChange={set("action")} />
          <TextField label="Entity type" placeholder="e.g. users" value={draft.entityType} onChange={set("entityType")} />
          <TextField label="Entity ID" value={draft.entityId} onChange={set("entityId")} />
          <TextField label="Actor ID" value={draft.actorId} onChange={set("actorId")} />
          <TextField label="From" type="datetime-local" value={draft.from} onChange={set("from")} />
          <TextField label="To" type="datetime-local" value={draft.to} onChange={set("to")} />
          <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-3">
            <Button type="submit">Apply filters</Button>
            {list.filtered && (
              <Button variant="ghost" onClick={list.clearFilters}>
                Clear
              </Button>
            )}
          </div>
        </form>

        <ListBody
          list={list}
          result={logs}
          loading="Loading audit log…"
          empty={{
            title: "Nothing recorded yet",
            noMatch: "No entry matches these filters",
            hint: "Changes made in this tenant will be listed here.",
            noMatchHint: "Widen the time range or clear a filter.",
          }}
        >
          {(items) => (
            <Table label="Audit log">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <SortTh {...list.sortBy("createdAt")}>When</SortTh>
                  <SortTh {...list.sortBy("action")}>Action</SortTh>
                  <Th className="hidden md:table-cell">Entity</Th>
                  <Th className="hidden sm:table-cell">Actor</Th>
                  <Th className="hidden lg:table-cell">IP</Th>
                  <Th>
                    <span className="sr-only">Details</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((e) => (
                  <AuditRow key={e.id} entry={e} open={openId === e.id} onToggle={() => setOpenId((o) => (o === e.id ? null : e.id))} />
                ))}
              </tbody>
            </Table>
          )}
        </ListBody>
      </Card>
    </>
  );
}
