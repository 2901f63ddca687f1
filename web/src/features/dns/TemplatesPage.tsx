import { useState } from "react";
import { Link } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useDeleteTemplate, useTemplates } from "@/api/dns";
import { errorMessage } from "@/api/errors";
import type { DnsTemplate } from "@/api/types";
import { Badge, Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { Alert, EmptyState, ErrorState, PageLoader } from "@/components/Feedback";
import { Icon } from "@/components/icons";
import { ConfirmDialog, Modal } from "@/components/Modal";
import { Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { useUrlParams } from "@/lib/urlParams";
import { TemplateForm } from "./TemplateForm";

export default function TemplatesPage() {
  const { can } = useAuth();
  const write = can("dns.templates");
  const templates = useTemplates();
  const { params, setParam } = useUrlParams();
  const [editing, setEditing] = useState<DnsTemplate | null>(null);
  const [deleting, setDeleting] = useState<DnsTemplate | null>(null);
  const del = useDeleteTemplate();
  const creating = write && params.get("new") === "1";

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link to="/dns" className="hover:text-indigo-600 hover:underline">
          DNS
        </Link>{" "}
        / Templates
      </nav>
      <PageHeader
        title="Zone templates"
        description="The records a new zone starts with. Placeholders such as {ip} and {mx} are filled in when the zone is made."
        actions={
          write && (
            <Button icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => setParam("new", "1")}>
              New template
            </Button>
          )
        }
      />
      <Card>
        {templates.isPending ? (
          <PageLoader label="Loading templates…" />
        ) : templates.isError ? (
          <div className="p-4">
            <ErrorState error={templates.error} onRetry={() => templates.refetch()} />
          </div>
        ) : templates.data.length === 0 ? (
          <EmptyState title="No templates yet" action={write && <Button onClick={() => setParam("new", "1")}>Create a template</Button>}>
            Until there is a default template, new zones get NS, A, AAAA and MX records from the variables given.
          </EmptyState>
        ) : (
          <Table label="Templates">
            <thead className="bg-slate-50 dark:bg-slate-900/60">
              <tr>
                <Th>Template</Th>
                <Th className="hidden md:table-cell">Records</Th>
                {write && (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {templates.data.map((t) => (
                <tr key={t.id} data-testid="template-row" className="align-top">
                  <Td>
                    <span className="font-medium">{t.name}</span> {t.isDefault && <Badge tone="indigo">Default</Badge>}
                    <div className="text-xs text-slate-500">
                      {t.records.length} record{t.records.length === 1 ? "" : "s"}
                    </div>
                  </Td>
                  <Td className="hidden md:table-cell">
                    <ul className="space-y-0.5 font-mono text-xs text-slate-600 dark:text-slate-300">
                      {t.records.slice(0, 6).map((r, i) => (
                        <li key={i}>
                          {r.name} {r.ttl ?? ""} {r.type} {r.content}
                        </li>
                      ))}
                      {t.records.length > 6 && <li className="text-slate-400">… {t.records.length - 6} more</li>}
                    </ul>
                  </Td>
                  {write && (
                    <Td className="whitespace-nowrap text-right">
                      <Button variant="ghost" size="sm" aria-label={`Edit ${t.name}`} onClick={() => setEditing(t)} icon={<Icon name="pencil" className="h-4 w-4" />} />
                      <Button variant="ghost" size="sm" aria-label={`Delete ${t.name}`} onClick={() => setDeleting(t)} icon={<Icon name="trash" className="h-4 w-4" />} />
                    </Td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Modal open={creating || !!editing} onClose={() => (editing ? setEditing(null) : setParam("new", null))} title={editing ? `Edit ${editing.name}` : "New template"} size="lg">
        {(creating || editing) && <TemplateForm key={editing?.id ?? "new"} template={editing ?? undefined} onDone={() => (editing ? setEditing(null) : setParam("new", null))} />}
      </Modal>
      <ConfirmDialog
        open={!!deleting}
        title="Delete template?"
        confirmLabel="Delete template"
        danger
        busy={del.isPending}
        error={del.error ? <Alert>{errorMessage(del.error)}</Alert> : null}
        onCancel={() => {
          del.reset();
          setDeleting(null);
        }}
        onConfirm={async () => {
          if (!deleting) return;
          try {
            await del.mutateAsync(deleting.id);
            toast(`Template ${deleting.name} deleted`);
            setDeleting(null);
          } catch {
            // shown in the dialog
          }
        }}
      >
        <p>Zones already made from it keep their records.</p>
      </ConfirmDialog>
    </>
  );
}
