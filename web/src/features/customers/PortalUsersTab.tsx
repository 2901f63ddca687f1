import { useAuth } from "@/app/auth/AuthProvider";
import { useCreatePortalUser, usePortalUsers } from "@/api/customers";
import type { Customer } from "@/api/types";
import { Badge, Card, CardBody, CardHeader } from "@/components/Card";
import { Alert, EmptyState, ErrorState, PageLoader } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { TextField } from "@/components/Field";
import { Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { formatRelative } from "@/lib/dates";
import { email, password, useForm } from "@/lib/form";

/** Client-portal logins: they see only this customer's invoices. */
export function PortalUsersTab({ customer }: { customer: Customer }) {
  const { can } = useAuth();
  const users = usePortalUsers(customer.id, can("users.read"));
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      {can("users.read") && (
        <Card>
          <CardHeader title="Portal logins" description="People who sign in to see this customer's invoices." />
          {users.isPending ? (
            <PageLoader label="Loading logins…" />
          ) : users.isError ? (
            <div className="p-4">
              <ErrorState error={users.error} onRetry={() => users.refetch()} />
            </div>
          ) : users.data.length === 0 ? (
            <EmptyState title="No portal login yet">Create one so the customer can see and download their invoices.</EmptyState>
          ) : (
            <Table label="Portal logins">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <Th>Login</Th>
                  <Th>Status</Th>
                  <Th className="hidden sm:table-cell">Last sign-in</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {users.data.map((u) => (
                  <tr key={u.id}>
                    <Td>
                      <div className="font-medium">{u.name || u.email}</div>
                      {u.name && <div className="text-xs text-slate-500">{u.email}</div>}
                    </Td>
                    <Td>{u.isActive ? <Badge tone="green">Active</Badge> : <Badge tone="red">Inactive</Badge>}</Td>
                    <Td className="hidden text-slate-500 sm:table-cell">{formatRelative(u.lastLoginAt)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      )}
      {can("users.write") && <PortalUserForm customer={customer} />}
    </div>
  );
}

function PortalUserForm({ customer }: { customer: Customer }) {
  const create = useCreatePortalUser(customer.id);
  const form = useForm({ email: customer.email, name: customer.name, password: "" }, { email, password });
  return (
    <Card>
      <CardHeader title="Create a portal login" description="They sign in with this e-mail and password and see only this customer." />
      <CardBody>
        <form
          ref={form.formRef}
          noValidate
          aria-label="New portal login"
          className="space-y-4"
          onSubmit={form.handleSubmit(async (v) => {
            const u = await create.mutateAsync({ email: v.email.trim(), name: v.name.trim(), password: v.password });
            toast(`Portal login ${u.email} created`);
            form.reset({ email: "", name: "", password: "" });
          })}
        >
          {form.formError && <Alert>{form.formError}</Alert>}
          <TextField label="Login e-mail" type="email" autoComplete="off" {...form.field("email")} />
          <TextField label="Name" autoComplete="off" {...form.field("name")} />
          <TextField label="Password" type="password" autoComplete="new-password" hint="At least 10 characters; share it with them securely." {...form.field("password")} />
          <div className="flex justify-end">
            <Button type="submit" loading={form.submitting}>
              Create portal login
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
