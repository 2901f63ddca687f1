import { useDomains } from "@/api/domains";
import { Badge, Card, PageHeader } from "@/components/Card";
import { EmptyState, ErrorState, PageLoader, Spinner } from "@/components/Feedback";
import { Pager, useCursorPager } from "@/components/Pagination";
import { Table, Td, Th } from "@/components/Table";
import { formatDay } from "@/lib/dates";
import { DomainStatusBadge } from "../billing/labels";
import { NameserversPendingBadge } from "../domains/lifecycle";

/** The client's domains (the API shows them only their own), read-only. */
export default function PortalDomainsPage() {
  const pager = useCursorPager();
  const list = useDomains({ limit: 25, ...(pager.cursor ? { cursor: pager.cursor } : {}) });

  return (
    <>
      <PageHeader title="Domains" description="Your domain names, when they expire, whether they renew by themselves and their nameservers." />
      <Card>
        {list.isPending ? (
          <PageLoader label="Loading your domains…" />
        ) : list.isError ? (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          </div>
        ) : list.data.items.length === 0 ? (
          <EmptyState title="No domains yet">Domains registered or transferred for you appear here.</EmptyState>
        ) : (
          <div className="relative">
            {list.isFetching && <Spinner className="absolute right-3 top-3 h-4 w-4 text-slate-400" />}
            <Table label="Your domains">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <Th>Domain</Th>
                  <Th>Status</Th>
                  <Th className="hidden sm:table-cell">Expires</Th>
                  <Th className="hidden sm:table-cell">Renewal</Th>
                  <Th className="hidden md:table-cell">Nameservers</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {list.data.items.map((d) => (
                  <tr key={d.id} data-testid="domain-row">
                    <Td>
                      <span className="font-medium">{d.unicodeName}</span>
                      {d.unicodeName !== d.name && <div className="font-mono text-xs text-slate-500">{d.name}</div>}
                    </Td>
                    <Td>
                      <DomainStatusBadge status={d.status} />
                    </Td>
                    <Td className="hidden whitespace-nowrap sm:table-cell">{formatDay(d.expiresAt)}</Td>
                    <Td className="hidden sm:table-cell">{d.autoRenew ? <Badge tone="green">Auto-renew</Badge> : <Badge>Manual</Badge>}</Td>
                    <Td className="hidden md:table-cell">
                      {d.nameservers.length ? <div className="font-mono text-xs whitespace-pre-line">{d.nameservers.join("\n")}</div> : <div className="text-xs text-slate-500">Registrar defaults</div>}
                      <NameserversPendingBadge domain={d} withError />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={list.data.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={list.isFetching} />
          </div>
        )}
      </Card>
    </>
  );
}
