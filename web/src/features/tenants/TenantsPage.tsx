import { useTenants } from "@/api/tenants";
import type { TenantQuery } from "@/api/types";
import { Badge, Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { Icon } from "@/components/icons";
import { ListBody, useListPage } from "@/components/ListPage";
import { Modal } from "@/components/Modal";
import { SortTh, Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { formatDate } from "@/lib/dates";
import { TenantCreateForm } from "./TenantCreateForm";

export default function TenantsPage() {
  const list = useListPage<TenantQuery>({ pageSize: 25, defaultSort: "-createdAt" });
  const creating = list.params.get("new") === "1";
  const tenants = useTenants(list.query);
  const setCreating = (on: boolean) => list.setParam("new", on ? "1" : null);

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
        <ListBody list={list} result={tenants} loading="Loading tenants…" empty={{ title: "No tenants yet", action: <Button onClick={() => setCreating(true)}>Create a tenant</Button> }}>
          {(items) => (
            <Table label="Tenants">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <SortTh {...list.sortBy("name")}>Name</SortTh>
                  <SortTh {...list.sortBy("slug")}>Slug</SortTh>
                  <Th>Status</Th>
                  <Th className="hidden sm:table-cell">Currency</Th>
                  <SortTh {...list.sortBy("createdAt")} className="hidden md:table-cell">
                    Created
                  </SortTh>
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
          )}
        </ListBody>
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
