import { useSearchParams } from "react-router";
import { useTenants } from "@/api/tenants";
import { Badge, Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { EmptyState, ErrorState, PageLoader } from "@/components/Feedback";
import { Icon } from "@/components/icons";
import { Modal } from "@/components/Modal";
import { Pager, useCursorPager } from "@/components/Pagination";
import { Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { formatDate } from "@/lib/dates";
import { TenantCreateForm } from "./TenantCreateForm";

export default function TenantsPage() {
  const [params, setParams] = useSearchParams();
  const creating = params.get("new") === "1";
  const pager = useCursorPager();
  const list = useTenants({ limit: 25, ...(pager.cursor ? { cursor: pager.cursor } : {}) });
  const items = list.data?.items ?? [];
  const setCreating = (on: boolean) => setParams(on ? { new: "1" } : {}, { replace: true });

  return (
    <>
      <PageHeader
        title="Tenants"
        description="Hosting companies on this installation. Each is fully isolated."
        actions={
          <Button icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => setCreating(true)}>
            New tenant
          </Button>
        }
      />
      <Card>
        {list.isPending ? (
          <PageLoader label="Loading tenants…" />
        ) : list.isError ? (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState title="No tenants yet" action={<Button onClick={() => setCreating(true)}>Create a tenant</Button>} />
        ) : (
          <>
            <Table label="Tenants">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <Th>Name</Th>
                  <Th>Slug</Th>
                  <Th>Status</Th>
                  <Th className="hidden sm:table-cell">Currency</Th>
                  <Th className="hidden md:table-cell">Created</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((t) => (
                  <tr key={t.id}>
                    <Td className="font-medium">{t.name}</Td>
                    <Td className="font-mono text-xs">{t.slug}</Td>
                    <Td>
                      <Badge tone={t.status === "active" ? "green" : t.status === "suspended" ? "red" : "gray"}>{t.status}</Badge>
                    </Td>
                    <Td className="hidden sm:table-cell">{t.defaultCurrency}</Td>
                    <Td className="hidden text-slate-500 md:table-cell">{formatDate(t.createdAt)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={list.isFetching} />
          </>
        )}
      </Card>
      <Modal open={creating} onClose={() => setCreating(false)} title="New tenant" description="Creates the company and its owner login." size="lg">
        <TenantCreateForm
          onCancel={() => setCreating(false)}
          onCreated={(t) => {
            setCreating(false);
            toast(`Tenant ${t.name} created`);
          }}
        />
      </Modal>
    </>
  );
}
