import { Link, useNavigate } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useServers } from "@/api/servers";
import { SERVER_ROLES, SERVER_STATUSES, type ServerQuery } from "@/api/types";
import { Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { FilterBar, ListBody, useListPage } from "@/components/ListPage";
import { AddedTd, SortTh, Table, Td, Th } from "@/components/Table";
import { formatAgo, formatDateTime } from "@/lib/dates";
import { useNow } from "@/lib/useNow";
import { ROLE_LABELS, SERVER_STATUS_LABELS, ServerStatusBadge } from "../hosting/labels";
import { AddServerDialog } from "./AddServerDialog";

export default function ServersPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const canWrite = can("servers.write");
  const list = useListPage<ServerQuery>({ pageSize: 25, filters: ["status", "role"], defaultSort: "-createdAt" });
  const { status, role } = list.values;
  const { setParam } = list;
  const now = useNow();
  const servers = useServers(list.query, { live: true });

  return (
    <>
      <PageHeader
        title="Servers"
        description="Hosting nodes, their agents and how they are doing."
        actions={
          canWrite && (
            <Button icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => setParam("new", "1")}>
              Add server
            </Button>
          )
        }
      />
      <Card>
        <FilterBar>
          <select aria-label="Filter by status" value={status} onChange={(e) => setParam("status", e.target.value || null)} className={`${inputClass} sm:w-48`}>
            <option value="">All statuses</option>
            {SERVER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {SERVER_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          <select aria-label="Filter by role" value={role} onChange={(e) => setParam("role", e.target.value || null)} className={`${inputClass} sm:w-48`}>
            <option value="">All roles</option>
            {SERVER_ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </FilterBar>
        <ListBody
          list={list}
          result={servers}
          loading="Loading servers…"
          empty={{
            title: "No servers yet",
            noMatch: "No server matches these filters",
            hint: "Add a node, then enrol its agent with the one-time token the panel shows.",
            action: canWrite && <Button onClick={() => setParam("new", "1")}>Add the first server</Button>,
          }}
        >
          {(items) => (
            <Table label="Servers">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <SortTh {...list.sortBy("name")}>Server</SortTh>
                  <Th className="hidden md:table-cell">Roles</Th>
                  <Th>Status</Th>
                  <SortTh {...list.sortBy("lastHeartbeatAt")} className="hidden sm:table-cell">
                    Last heartbeat
                  </SortTh>
                  <Th className="hidden lg:table-cell">Agent</Th>
                  <Th className="hidden xl:table-cell">Last error</Th>
                  <SortTh {...list.sortBy("createdAt")} className="hidden xl:table-cell">
                    Added
                  </SortTh>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((s) => (
                  <tr key={s.id} data-testid="server-row" className="cursor-pointer hover:bg-slate-50 dark:hover:bg-slate-800/40" onClick={() => navigate(`/servers/${s.id}`)}>
                    <Td>
                      <Link to={`/servers/${s.id}`} className="font-medium hover:text-indigo-600 hover:underline" onClick={(e) => e.stopPropagation()}>
                        {s.name}
                      </Link>
                      <div className="font-mono text-xs text-slate-500">{s.hostname}</div>
                    </Td>
                    <Td className="hidden md:table-cell">{s.roles.map((r) => ROLE_LABELS[r] ?? r).join(", ")}</Td>
                    <Td>
                      <ServerStatusBadge status={s.status} />
                    </Td>
                    <Td className="hidden whitespace-nowrap sm:table-cell" title={formatDateTime(s.lastHeartbeatAt)}>
                      {formatAgo(s.lastHeartbeatAt, now)}
                    </Td>
                    <Td className="hidden font-mono text-xs lg:table-cell">{s.agentVersion ?? "—"}</Td>
                    <Td className="hidden max-w-xs truncate text-xs text-red-700 xl:table-cell dark:text-red-300" title={s.lastError ?? undefined}>
                      {s.lastError ?? ""}
                    </Td>
                    <AddedTd at={s.createdAt} className="hidden xl:table-cell" />
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </ListBody>
      </Card>
      <AddServerDialog open={canWrite && list.params.get("new") === "1"} onClose={() => setParam("new", null)} />
    </>
  );
}
