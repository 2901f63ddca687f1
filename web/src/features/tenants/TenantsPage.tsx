import { useState } from "react";
import { useAuth } from "@/app/auth/AuthProvider";
import { errorMessage } from "@/api/errors";
import { useTenants, useUpdateTenant } from "@/api/tenants";
import type { Tenant, TenantQuery, TenantStatus } from "@/api/types";
import { Badge, Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { Alert } from "@/components/Feedback";
import { Icon } from "@/components/icons";
import { ListBody, useListPage } from "@/components/ListPage";
import { ConfirmDialog, Modal } from "@/components/Modal";
import { SortTh, Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { formatDate } from "@/lib/dates";
import { TenantCreateForm } from "./TenantCreateForm";
import { TenantEditForm } from "./TenantEditForm";

export const TENANT_STATUS_LABELS: Record<TenantStatus, string> = { active: "Active", suspended: "Suspended", closed: "Closed" };
const iconButton =
  "rounded p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 dark:hover:bg-slate-800 dark:hover:text-slate-100";

export default function TenantsPage() {
  const list = useListPage<TenantQuery>({ pageSize: 25, defaultSort: "-createdAt" });
  const creating = list.params.get("new") === "1";
  const tenants = useTenants(list.query);
  const setCreating = (on: boolean) => list.setParam("new", on ? "1" : null);
  const { me } = useAuth();
  const [editing, setEditing] = useState<Tenant | null>(null);
  // The tenant whose status is being changed, and to what: suspend an active one, reactivate the others.
  const [changing, setChanging] = useState<{ tenant: Tenant; to: TenantStatus } | null>(null);
  const update = useUpdateTenant();
  const askStatus = (tenant: Tenant) => {
    update.reset();
    setChanging({ tenant, to: tenant.status === "active" ? "suspended" : "active" });
  };

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
                  <Th className="w-24 text-right">Actions</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((t) => (
                  <tr key={t.id} data-testid="tenant-row">
                    <Td className="font-medium">
                      {t.name} {t.id === me?.tenantId && <span className="text-xs font-normal text-slate-500">(yours)</span>}
                    </Td>
                    <Td className="font-mono text-xs">{t.slug}</Td>
                    <Td>
                      <Badge tone={t.status === "active" ? "green" : t.status === "suspended" ? "red" : "gray"}>{TENANT_STATUS_LABELS[t.status] ?? t.status}</Badge>
                    </Td>
                    <Td className="hidden sm:table-cell">{t.defaultCurrency}</Td>
                    <Td className="hidden text-slate-500 md:table-cell">{formatDate(t.createdAt)}</Td>
                    <Td className="text-right whitespace-nowrap">
                      <button type="button" onClick={() => setEditing(t)} className={iconButton} aria-label={`Edit ${t.name}`} title="Edit">
                        <Icon name="pencil" className="h-4 w-4" />
                      </button>
                      {t.status === "active" ? (
                        <button type="button" onClick={() => askStatus(t)} className={iconButton} aria-label={`Suspend ${t.name}`} title="Suspend">
                          <Icon name="pause" className="h-4 w-4" />
                        </button>
                      ) : (
                        <button type="button" onClick={() => askStatus(t)} className={iconButton} aria-label={`Reactivate ${t.name}`} title="Reactivate">
                          <Icon name="play" className="h-4 w-4" />
                        </button>
                      )}
                    </Td>
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
      <Modal open={!!editing} onClose={() => setEditing(null)} title="Edit tenant">
        {editing && (
          <TenantEditForm
            tenant={editing}
            onCancel={() => setEditing(null)}
            onSaved={(t) => {
              setEditing(null);
              toast(`Tenant ${t.name} saved`);
            }}
          />
        )}
      </Modal>
      <ConfirmDialog
        open={!!changing}
        title={changing?.to === "suspended" ? "Suspend tenant?" : "Reactivate tenant?"}
        danger={changing?.to === "suspended"}
        confirmLabel={changing?.to === "suspended" ? "Suspend tenant" : "Reactivate tenant"}
        busy={update.isPending}
        error={update.isError ? <Alert>{errorMessage(update.error)}</Alert> : null}
        onCancel={() => setChanging(null)}
        onConfirm={() =>
          changing &&
          update.mutate(
            { id: changing.tenant.id, body: { status: changing.to } },
            {
              onSuccess: (t) => {
                toast(t.status === "suspended" ? `Tenant ${t.name} suspended` : `Tenant ${t.name} reactivated`);
                setChanging(null);
              },
            },
          )
        }
      >
        {changing?.to === "suspended" ? (
          <p>
            The users of <strong className="text-slate-900 dark:text-slate-100">{changing.tenant.name}</strong> cannot sign in while it is suspended.
            Its data is kept, and you can reactivate it at any time.
          </p>
        ) : (
          <p>
            <strong className="text-slate-900 dark:text-slate-100">{changing?.tenant.name}</strong> and its users can sign in again.
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
