import { useState } from "react";
import { useAuth } from "@/app/auth/AuthProvider";
import { useDeleteUser, useUsers } from "@/api/users";
import type { Role, User, UserQuery } from "@/api/types";
import { ROLES } from "@/api/types";
import { Badge, Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { Alert } from "@/components/Feedback";
import { inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { FilterBar, ListBody, SearchBox, useListPage } from "@/components/ListPage";
import { ConfirmDialog, Modal } from "@/components/Modal";
import { AddedTd, SortTh, Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { errorMessage } from "@/api/errors";
import { formatRelative, formatDateTime } from "@/lib/dates";
import { ROLE_LABELS } from "./roles";
import { UserCreateForm } from "./UserCreateForm";
import { UserEditForm } from "./UserEditForm";

const PAGE_SIZE = 25;
const ROLE_TONE: Record<Role, "indigo" | "green" | "amber" | "gray"> = { owner: "indigo", admin: "green", support: "amber", client: "gray" };

export default function UsersPage() {
  const { me, can } = useAuth();
  const canWrite = can("users.write");
  const list = useListPage<UserQuery>({ pageSize: PAGE_SIZE, filters: ["q", "role"], defaultSort: "-createdAt", search: { param: "q" } });
  const { role } = list.values;
  const { setParam } = list;
  const [editing, setEditing] = useState<User | null>(null);
  const [deleting, setDeleting] = useState<User | null>(null);
  const del = useDeleteUser();
  const creating = list.params.get("new") === "1" && canWrite;
  const users = useUsers(list.query);

  return (
    <>
      <PageHeader
        title="Users"
        description="Staff and client logins of this tenant."
        actions={
          canWrite && (
            <Button icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => setParam("new", "1")}>
              New user
            </Button>
          )
        }
      />
      <Card>
        <FilterBar>
          <SearchBox label="Search users" placeholder="Search by name or e-mail" {...list.search} />
          <select aria-label="Filter by role" value={role} onChange={(e) => setParam("role", e.target.value || null)} className={`${inputClass} sm:w-44`}>
            <option value="">All roles</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </FilterBar>

        <ListBody
          list={list}
          result={users}
          loading="Loading users…"
          empty={{ title: "No users yet", noMatch: "No user matches these filters", action: canWrite && <Button onClick={() => setParam("new", "1")}>Create the first user</Button> }}
        >
          {(items) => (
            <Table label="Users">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <SortTh {...list.sortBy("email")}>User</SortTh>
                  <Th>Role</Th>
                  <Th className="hidden md:table-cell">Status</Th>
                  <SortTh {...list.sortBy("lastLoginAt")} className="hidden lg:table-cell">
                    Last sign-in
                  </SortTh>
                  <SortTh {...list.sortBy("createdAt")} className="hidden xl:table-cell">
                    Added
                  </SortTh>
                  {canWrite && <Th className="w-24 text-right">Actions</Th>}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((u) => {
                  const self = u.id === me?.id;
                  return (
                    <tr key={u.id} data-testid="user-row" className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
                      <Td>
                        <div className="font-medium">
                          {u.name || u.email} {self && <span className="text-xs font-normal text-slate-500">(you)</span>}
                        </div>
                        {u.name && <div className="text-xs text-slate-500">{u.email}</div>}
                      </Td>
                      <Td>
                        <Badge tone={ROLE_TONE[u.role as Role] ?? "gray"}>{ROLE_LABELS[u.role as Role] ?? u.role}</Badge>
                      </Td>
                      <Td className="hidden md:table-cell">
                        <div className="flex flex-wrap gap-1">
                          {u.isActive ? <Badge tone="green">Active</Badge> : <Badge tone="red">Inactive</Badge>}
                          {u.totpEnabled && <Badge>2FA</Badge>}
                        </div>
                      </Td>
                      <Td className="hidden text-slate-500 lg:table-cell" title={formatDateTime(u.lastLoginAt)}>
                        {formatRelative(u.lastLoginAt)}
                      </Td>
                      <AddedTd at={u.createdAt} className="hidden xl:table-cell" />
                      {canWrite && (
                        <Td className="text-right whitespace-nowrap">
                          <button
                            type="button"
                            onClick={() => setEditing(u)}
                            className="rounded p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 dark:hover:bg-slate-800 dark:hover:text-slate-100"
                            aria-label={`Edit ${u.email}`}
                            title="Edit"
                          >
                            <Icon name="pencil" className="h-4 w-4" />
                          </button>
                          <button
                            type="button"
                            onClick={() => {
                              del.reset();
                              setDeleting(u);
                            }}
                            disabled={self}
                            className="rounded p-1.5 text-slate-500 hover:bg-red-50 hover:text-red-600 disabled:opacity-30 disabled:hover:bg-transparent dark:hover:bg-red-950"
                            aria-label={`Delete ${u.email}`}
                            title={self ? "You cannot delete yourself" : "Delete"}
                          >
                            <Icon name="trash" className="h-4 w-4" />
                          </button>
                        </Td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
        </ListBody>
      </Card>

      <Modal open={creating} onClose={() => setParam("new", null)} title="New user" description="They can sign in right away with this password.">
        <UserCreateForm
          onCancel={() => setParam("new", null)}
          onCreated={(u) => {
            setParam("new", null);
            toast(`User ${u.email} created`);
          }}
        />
      </Modal>

      <Modal open={!!editing} onClose={() => setEditing(null)} title="Edit user">
        {editing && (
          <UserEditForm
            user={editing}
            isSelf={editing.id === me?.id}
            onCancel={() => setEditing(null)}
            onSaved={(u) => {
              setEditing(null);
              toast(`User ${u.email} saved`);
            }}
          />
        )}
      </Modal>

      <ConfirmDialog
        open={!!deleting}
        title="Delete user?"
        danger
        confirmLabel="Delete user"
        busy={del.isPending}
        error={del.isError ? <Alert>{errorMessage(del.error)}</Alert> : null}
        onCancel={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          del.mutate(deleting.id, {
            onSuccess: () => {
              toast(`User ${deleting.email} deleted`);
              setDeleting(null);
            },
          })
        }
      >
        <p>
          <strong className="text-slate-900 dark:text-slate-100">{deleting?.email}</strong> will no longer be able to sign in. Their actions stay in the
          audit log. To keep the account but block sign-in, deactivate it instead.
        </p>
      </ConfirmDialog>
    </>
  );
}
