import { Link, useNavigate } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useZones } from "@/api/dns";
import { ZONE_STATUSES, type ZoneQuery } from "@/api/types";
import { Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { FilterBar, ListBody, SearchBox, useListPage } from "@/components/ListPage";
import { AddedTd, SortTh, Table, Td, Th } from "@/components/Table";
import { CustomerName } from "../billing/refs";
import { ZONE_STATUS_LABELS, ZoneStatusBadge } from "../hosting/labels";
import { ServerName } from "../hosting/refs";
import { ZoneCreateDialog } from "./ZoneCreateDialog";

/** DNS zones: staff see every zone (with customer and server); a client, in the portal, their own. */
export function ZonesList({ base, portal = false }: { base: string; portal?: boolean }) {
  const { can } = useAuth();
  const navigate = useNavigate();
  const canWrite = can("dns.write");
  const list = useListPage<ZoneQuery>({ pageSize: 25, filters: ["q", "status"], defaultSort: "-createdAt", search: { param: "q" } });
  const { status } = list.values;
  const { setParam } = list;
  const zones = useZones(list.query);

  return (
    <>
      <PageHeader
        title="DNS"
        description={portal ? "Your DNS zones and their records." : "Zones served by the DNS nodes, with their records and what the node last did."}
        actions={
          <>
            {!portal && (
              <Link to="/dns/templates" className="inline-flex items-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800">
                <Icon name="template" className="h-4 w-4" />
                Templates
              </Link>
            )}
            {canWrite && (
              <Button icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => setParam("new", "1")}>
                New zone
              </Button>
            )}
          </>
        }
      />
      <Card>
        <FilterBar>
          <SearchBox label="Search zones" placeholder="Zone name contains…" {...list.search} />
          <select aria-label="Filter by status" value={status} onChange={(e) => setParam("status", e.target.value || null)} className={`${inputClass} sm:w-44`}>
            <option value="">All statuses</option>
            {ZONE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ZONE_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </FilterBar>
        <ListBody
          list={list}
          result={zones}
          loading="Loading zones…"
          empty={{ title: "No DNS zones yet", noMatch: "No zone matches these filters", action: canWrite && <Button onClick={() => setParam("new", "1")}>Create the first zone</Button> }}
        >
          {(items) => (
            <Table label="DNS zones">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <SortTh {...list.sortBy("name")}>Zone</SortTh>
                  {!portal && <Th className="hidden md:table-cell">Customer</Th>}
                  {!portal && <Th className="hidden lg:table-cell">Server</Th>}
                  <Th>Status</Th>
                  <Th className="hidden xl:table-cell">Last error</Th>
                  <SortTh {...list.sortBy("serial")} className="hidden text-right sm:table-cell">
                    Serial
                  </SortTh>
                  <SortTh {...list.sortBy("createdAt")} className="hidden xl:table-cell">
                    Added
                  </SortTh>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((z) => (
                  <tr key={z.id} data-testid="zone-row" className="cursor-pointer hover:bg-slate-50 dark:hover:bg-slate-800/40" onClick={() => navigate(`${base}/${z.id}`)}>
                    <Td>
                      <Link to={`${base}/${z.id}`} className="font-medium hover:text-indigo-600 hover:underline" onClick={(e) => e.stopPropagation()}>
                        {z.name}
                      </Link>
                    </Td>
                    {!portal && <Td className="hidden md:table-cell">{z.customerId ? <CustomerName id={z.customerId} /> : <span className="text-slate-400">None</span>}</Td>}
                    {!portal && (
                      <Td className="hidden lg:table-cell">
                        <ServerName id={z.serverId} />
                      </Td>
                    )}
                    <Td>
                      <ZoneStatusBadge status={z.status} />
                    </Td>
                    <Td className="hidden max-w-xs truncate text-xs text-red-700 xl:table-cell dark:text-red-300" title={z.lastError ?? undefined}>
                      {z.lastError ?? ""}
                    </Td>
                    <Td className="hidden text-right font-mono text-xs tabular-nums sm:table-cell">{z.serial}</Td>
                    <AddedTd at={z.createdAt} className="hidden xl:table-cell" />
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </ListBody>
      </Card>
      <ZoneCreateDialog open={canWrite && list.params.get("new") === "1"} onClose={() => setParam("new", null)} base={base} portal={portal} />
    </>
  );
}

export default function ZonesPage() {
  return <ZonesList base="/dns" />;
}
