import { useEffect, useState } from "react";
import { Link, useNavigate } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useDomains } from "@/api/domains";
import { DOMAIN_STATUSES, type DomainStatus } from "@/api/types";
import { Badge, Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { EmptyState, ErrorState, PageLoader, Spinner } from "@/components/Feedback";
import { inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { Pager, useCursorPager } from "@/components/Pagination";
import { Table, Td, Th } from "@/components/Table";
import { formatDay } from "@/lib/dates";
import { useUrlParams } from "@/lib/urlParams";
import { DOMAIN_STATUS_LABELS, DomainStatusBadge } from "../billing/labels";
import { CustomerName } from "../billing/refs";
import { DomainOrderDialog } from "./DomainOrderDialog";
import { DomainLifecycleNote } from "./lifecycle";

export default function DomainsPage() {
  const { can } = useAuth();
  const navigate = useNavigate();
  const canWrite = can("domains.write");
  const { params, setParam, clear } = useUrlParams();
  const q = params.get("q") ?? "";
  const status = (params.get("status") ?? "") as DomainStatus | "";
  const expiringBefore = params.get("expiringBefore") ?? "";
  const order = params.get("order") as "register" | "transfer" | null;
  const [search, setSearch] = useState(q);
  const pager = useCursorPager();
  useEffect(() => setSearch(q), [q]);
  useEffect(() => {
    if (search === q) return;
    const t = setTimeout(() => setParam("q", search.trim() || null), 300);
    return () => clearTimeout(t);
  }, [search]);
  const { reset } = pager;
  useEffect(() => reset(), [q, status, expiringBefore, reset]);

  const list = useDomains({
    limit: 25,
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
    ...(q ? { q } : {}),
    ...(status ? { status } : {}),
    ...(expiringBefore ? { expiringBefore } : {}),
  });
  const items = list.data?.items ?? [];
  const filtered = !!(q || status || expiringBefore);

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
        <div className="flex flex-col gap-3 border-b border-slate-200 p-4 sm:flex-row dark:border-slate-800">
          <div className="relative flex-1">
            <Icon name="search" className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" />
            <input type="search" aria-label="Search domains" placeholder="Name contains…" value={search} onChange={(e) => setSearch(e.target.value)} className={`${inputClass} pl-9`} />
          </div>
          <select aria-label="Filter by status" value={status} onChange={(e) => setParam("status", e.target.value || null)} className={`${inputClass} sm:w-44`}>
            <option value="">All statuses</option>
            {DOMAIN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {DOMAIN_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          <input type="date" aria-label="Expiring before" title="Expiring before" value={expiringBefore} onChange={(e) => setParam("expiringBefore", e.target.value || null)} className={`${inputClass} sm:w-44`} />
        </div>
        {list.isPending ? (
          <PageLoader label="Loading domains…" />
        ) : list.isError ? (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            title={filtered ? "No domain matches these filters" : "No domains yet"}
            action={filtered ? <Button variant="secondary" onClick={() => clear()}>Clear filters</Button> : canWrite && <Button onClick={() => setParam("order", "register")}>Register the first domain</Button>}
          />
        ) : (
          <div className="relative">
            {list.isFetching && <Spinner className="absolute right-3 top-3 h-4 w-4 text-slate-400" />}
            <Table label="Domains">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <Th>Domain</Th>
                  <Th className="hidden md:table-cell">Customer</Th>
                  <Th>Status</Th>
                  <Th className="hidden sm:table-cell">Expires</Th>
                  <Th className="hidden lg:table-cell">Renewal</Th>
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
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={list.isFetching} />
          </div>
        )}
      </Card>
      <DomainOrderDialog mode={canWrite ? order : null} onClose={() => setParam("order", null)} />
    </>
  );
}
