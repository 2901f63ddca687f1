import { Link, useNavigate } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useDomains } from "@/api/domains";
import { DOMAIN_STATUSES, type DomainQuery } from "@/api/types";
import { Badge, Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { FilterBar, ListBody, SearchBox, useListPage } from "@/components/ListPage";
import { AddedTd, SortTh, Table, Td, Th } from "@/components/Table";
import { formatDay } from "@/lib/dates";
import { DOMAIN_STATUS_LABELS, DomainStatusBadge } from "../billing/labels";
import { CustomerName } from "../billing/refs";
import { DomainOrderDialog } from "./DomainOrderDialog";
import { DomainLifecycleNote } from "./lifecycle";

export default function DomainsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const canWrite = can("domains.write");
  const list = useListPage<DomainQuery>({ pageSize: 25, filters: ["q", "status", "expiringBefore"], defaultSort: "-createdAt", search: { param: "q" } });
  const { status, expiringBefore } = list.values;
  const { setParam } = list;
  const order = list.params.get("order") as "register" | "transfer" | null;
  const domains = useDomains(list.query);

  return (
    <>
      <PageHeader
        title="Domains"
        description="Registrations, renewals and transfers, with what each cost."
        actions={
          canWrite && (
            <>
              <Button variant="secondary" icon={<Icon name="arrow-right" className="h-4 w-4" />} onClick={() => setParam("order", "transfer")}>
                Transfer in
              </Button>
              <Button icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => setParam("order", "register")}>
                Register domain
              </Button>
            </>
          )
        }
      />
      <Card>
        <FilterBar>
          <SearchBox label="Search domains" placeholder="Name contains…" {...list.search} />
          <select aria-label="Filter by status" value={status} onChange={(e) => setParam("status", e.target.value || null)} className={`${inputClass} sm:w-44`}>
            <option value="">All statuses</option>
            {DOMAIN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {DOMAIN_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          <input type="date" aria-label="Expiring before" title="Expiring before" value={expiringBefore} onChange={(e) => setParam("expiringBefore", e.target.value || null)} className={`${inputClass} sm:w-44`} />
        </FilterBar>
        <ListBody
          list={list}
          result={domains}
          loading="Loading domains…"
          empty={{ title: "No domains yet", noMatch: "No domain matches these filters", action: canWrite && <Button onClick={() => setParam("order", "register")}>Register the first domain</Button> }}
        >
          {(items) => (
            <Table label="Domains">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <SortTh {...list.sortBy("name")}>Domain</SortTh>
                  <Th className="hidden md:table-cell">Customer</Th>
                  <Th>Status</Th>
                  <SortTh {...list.sortBy("expiresAt")} className="hidden sm:table-cell">
                    Expires
                  </SortTh>
                  <Th className="hidden lg:table-cell">Renewal</Th>
                  <SortTh {...list.sortBy("createdAt")} className="hidden xl:table-cell">
                    Added
                  </SortTh>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((d) => (
                  <tr key={d.id} data-testid="domain-row" className="cursor-pointer hover:bg-slate-50 dark:hover:bg-slate-800/40" onClick={() => navigate(`/domains/${d.id}`)}>
                    <Td>
                      <Link to={`/domains/${d.id}`} className="font-medium hover:text-indigo-600 hover:underline" onClick={(e) => e.stopPropagation()}>
                        {d.unicodeName}
                      </Link>
                      {d.unicodeName !== d.name && <div className="font-mono text-xs text-slate-500">{d.name}</div>}
                    </Td>
                    <Td className="hidden md:table-cell">
                      <CustomerName id={d.customerId} />
                    </Td>
                    <Td>
                      <DomainStatusBadge status={d.status} />
                      <DomainLifecycleNote domain={d} />
                    </Td>
                    <Td className="hidden whitespace-nowrap sm:table-cell">{formatDay(d.expiresAt)}</Td>
                    <Td className="hidden lg:table-cell">{d.autoRenew ? <Badge tone="green">Auto-renew</Badge> : <Badge>Manual</Badge>}</Td>
                    <AddedTd at={d.createdAt} className="hidden xl:table-cell" />
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </ListBody>
      </Card>
      <DomainOrderDialog mode={canWrite ? order : null} onClose={() => setParam("order", null)} />
    </>
  );
}
