import { useEffect, useRef, useState, type ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { exportZone, useDeleteRecord, useDeleteZone, useRecords, useZone, useZoneOperations } from "@/api/dns";
import { ApiError, errorMessage } from "@/api/errors";
import type { DnsRecord, Zone } from "@/api/types";
import { Card, CardBody, CardHeader, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { Alert, EmptyState, ErrorState, PageLoader, Spinner } from "@/components/Feedback";
import { inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { ConfirmDialog } from "@/components/Modal";
import { Pager, useCursorPager } from "@/components/Pagination";
import { DetailList } from "@/components/Stat";
import { Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { formatAgo, formatDateTime } from "@/lib/dates";
import { useNow } from "@/lib/useNow";
import { CustomerName } from "../billing/refs";
import { OperationStatusBadge, ZoneStatusBadge } from "../hosting/labels";
import { ServerName } from "../hosting/refs";
import { ImportDialog } from "./ImportDialog";
import { RecordForm } from "./RecordForm";
import { RECORD_TYPES, displayContent } from "./records";

/** One zone: its records (inline add/edit/delete), state on its node, operations, export/import. */
export function ZoneView({ base, portal = false }: { base: string; portal?: boolean }) {
  const { zoneId } = useParams();
  const { can } = useAuth();
  const navigate = useNavigate();
  const zone = useZone(zoneId);
  const [dialog, setDialog] = useState<"import" | "delete" | null>(null);
  // Deleted here, or seen deleting: a 404 then means the node removed it, not a wrong link.
  const deleting = useRef(false);
  if (zone.data?.status === "deleting") deleting.current = true;
  const gone = zone.isError && zone.error instanceof ApiError && zone.error.status === 404 && deleting.current;
  useEffect(() => {
    if (!gone) return;
    toast("Zone deleted from its DNS node");
    navigate(base, { replace: true });
  }, [gone]);

  if (zone.isPending) return <PageLoader label="Loading zone…" />;
  if (zone.isError) {
    return (
      <>
        <PageHeader title="DNS zone" />
        <ErrorState error={zone.error} onRetry={() => zone.refetch()} />
        <p className="mt-4 text-sm">
          <Link to={base} className="font-medium text-indigo-600 hover:underline">
            Back to DNS
          </Link>
        </p>
      </>
    );
  }
  const z = zone.data;
  const write = can("dns.write") && z.status !== "deleting";
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link to={base} className="hover:text-indigo-600 hover:underline">
          DNS
        </Link>{" "}
        / {z.name}
      </nav>
      <PageHeader
        title={z.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <ZoneStatusBadge status={z.status} />
            <span>
              Serial <span className="font-mono">{z.serial}</span>
            </span>
            {(z.status === "pending" || z.status === "deleting") && <Spinner className="h-3.5 w-3.5 text-slate-400" />}
          </span>
        }
        actions={
          <>
            {!portal && can("jobs.read") && (
              <Link to={`/jobs?entityId=${z.id}`} className="inline-flex items-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800">
                <Icon name="activity" className="h-4 w-4" />
                Jobs
              </Link>
            )}
            <Button variant="secondary" icon={<Icon name="download" className="h-4 w-4" />} onClick={() => download(z)}>
              Export
            </Button>
            {write && (
              <Button variant="secondary" icon={<Icon name="upload" className="h-4 w-4" />} onClick={() => setDialog("import")}>
                Import
              </Button>
            )}
            {write && (
              <Button variant="danger" icon={<Icon name="trash" className="h-4 w-4" />} onClick={() => setDialog("delete")}>
                Delete zone
              </Button>
            )}
          </>
        }
      />
      <div className="space-y-6">
        <ZoneState zone={z} portal={portal} />
        <Records zone={z} write={write} />
        <Operations zone={z} />
      </div>
      <ImportDialog zone={z} open={dialog === "import"} onClose={() => setDialog(null)} />
      <DeleteZoneDialog zone={z} open={dialog === "delete"} onClose={() => setDialog(null)} onDeleted={() => (deleting.current = true)} />
    </>
  );
}

async function download(z: Zone) {
  try {
    const text = await exportZone(z.id);
    const url = URL.createObjectURL(new Blob([text], { type: "text/dns" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${z.name}.zone`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (e) {
    toast(errorMessage(e), "error", 6000);
  }
}

function ZoneState({ zone: z, portal }: { zone: Zone; portal: boolean }) {
  return (
    <Card>
      <CardHeader title="State" />
      <CardBody className="space-y-4">
        {z.status === "pending" && (
          <Alert tone="info" title="Waiting for the DNS node.">
            Version {z.version} is queued for its node (version {z.appliedVersion} is applied). This page updates when the node answers.
          </Alert>
        )}
        {z.status === "deleting" && <Alert tone="warning" title="Being deleted.">The zone is removed from its node, then from MPanel.</Alert>}
        {z.status === "error" && z.lastError && (
          <Alert title="The DNS node refused the latest version.">
            <span className="whitespace-pre-wrap break-words font-mono text-xs">{z.lastError}</span>
          </Alert>
        )}
        <DetailList
          items={[
            ...(portal
              ? []
              : ([
                  ["Customer", z.customerId ? <CustomerName key="c" id={z.customerId} /> : "None"],
                  ["Server", <ServerName key="s" id={z.serverId} />],
                ] as Array<[string, ReactNode]>)),
            ["Default TTL", `${z.defaultTtl} s`],
            ["Version", `${z.appliedVersion} of ${z.version} applied`],
            ["Last error", z.lastError ? <span key="e" className="font-mono text-xs">{z.lastError}</span> : null],
            ["Updated", formatDateTime(z.updatedAt)],
          ]}
        />
      </CardBody>
    </Card>
  );
}

function Records({ zone: z, write }: { zone: Zone; write: boolean }) {
  const [type, setType] = useState("");
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const [deleting, setDeleting] = useState<DnsRecord | null>(null);
  const pager = useCursorPager();
  const { reset } = pager;
  useEffect(() => reset(), [type, reset]);
  const records = useRecords(z.id, { limit: 100, ...(pager.cursor ? { cursor: pager.cursor } : {}), ...(type ? { type } : {}) });
  const del = useDeleteRecord(z.id);
  const items = records.data?.items ?? [];
  const cols = write ? 5 : 4;
  return (
    <Card>
      <CardHeader
        title="Records"
        description="MPanel's copy is the truth: every change bumps the serial and goes to the DNS node."
        actions={
          <div className="flex items-center gap-2">
            <select aria-label="Filter by type" value={type} onChange={(e) => setType(e.target.value)} className={`${inputClass} w-32`}>
              <option value="">All types</option>
              {RECORD_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            {write && editing !== "new" && (
              <Button className="whitespace-nowrap" icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => setEditing("new")}>
                Add record
              </Button>
            )}
          </div>
        }
      />
      {records.isPending ? (
        <PageLoader label="Loading records…" />
      ) : records.isError ? (
        <div className="p-4">
          <ErrorState error={records.error} onRetry={() => records.refetch()} />
        </div>
      ) : (
        <div className="relative">
          {records.isFetching && <Spinner className="absolute right-3 top-3 h-4 w-4 text-slate-400" />}
          <Table label="Records">
            <thead className="bg-slate-50 dark:bg-slate-900/60">
              <tr>
                <Th>Name</Th>
                <Th>Type</Th>
                <Th className="hidden text-right sm:table-cell">TTL</Th>
                <Th>Content</Th>
                {write && (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {editing === "new" && (
                <tr className="bg-indigo-50/40 dark:bg-indigo-500/5">
                  <td colSpan={cols} className="px-4 py-3">
                    <RecordForm zoneId={z.id} zoneName={z.name} defaultTtl={z.defaultTtl} onDone={() => setEditing(null)} />
                  </td>
                </tr>
              )}
              {items.length === 0 && editing !== "new" && (
                <tr>
                  <td colSpan={cols}>
                    <EmptyState title={type ? `No ${type} records` : "No records yet"} action={write && !type && <Button onClick={() => setEditing("new")}>Add the first record</Button>} />
                  </td>
                </tr>
              )}
              {items.map((r) =>
                editing === r.id ? (
                  <tr key={r.id} className="bg-indigo-50/40 dark:bg-indigo-500/5">
                    <td colSpan={cols} className="px-4 py-3">
                      <RecordForm zoneId={z.id} zoneName={z.name} defaultTtl={z.defaultTtl} record={r} onDone={() => setEditing(null)} />
                    </td>
                  </tr>
                ) : (
                  <tr key={r.id} data-testid="record-row">
                    <Td className="font-mono text-xs">{r.name}</Td>
                    <Td className="font-mono text-xs font-semibold">{r.type}</Td>
                    <Td className="hidden text-right font-mono text-xs tabular-nums sm:table-cell">{r.ttl}</Td>
                    <Td className="max-w-md break-all font-mono text-xs">{displayContent(r.type, r.content)}</Td>
                    {write && (
                      <Td className="whitespace-nowrap text-right">
                        <Button variant="ghost" size="sm" aria-label={`Edit ${r.type} ${r.name}`} onClick={() => setEditing(r.id)} icon={<Icon name="pencil" className="h-4 w-4" />} />
                        <Button variant="ghost" size="sm" aria-label={`Delete ${r.type} ${r.name}`} onClick={() => setDeleting(r)} icon={<Icon name="trash" className="h-4 w-4" />} />
                      </Td>
                    )}
                  </tr>
                ),
              )}
            </tbody>
          </Table>
          <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={records.data?.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={records.isFetching} />
        </div>
      )}
      <ConfirmDialog
        open={!!deleting}
        title="Delete record?"
        confirmLabel="Delete record"
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
            toast(`${deleting.type} record deleted`);
            setDeleting(null);
          } catch {
            // shown in the dialog
          }
        }}
      >
        {deleting && (
          <p className="break-all font-mono text-xs">
            {deleting.name} {deleting.ttl} {deleting.type} {displayContent(deleting.type, deleting.content)}
          </p>
        )}
      </ConfirmDialog>
    </Card>
  );
}

function Operations({ zone: z }: { zone: Zone }) {
  const now = useNow(5000);
  const unsettled = z.status === "pending" || z.status === "deleting";
  const ops = useZoneOperations(z.id, unsettled);
  // A change of the zone (a new version) makes a new operation: ask again.
  const { refetch } = ops;
  useEffect(() => void refetch(), [z.version, z.status, refetch]);
  return (
    <Card>
      <CardHeader title="Recent operations" description="What was sent to the DNS node, and what it answered." />
      {ops.isPending ? (
        <PageLoader label="Loading operations…" />
      ) : ops.isError ? (
        <div className="p-4">
          <ErrorState error={ops.error} onRetry={() => ops.refetch()} />
        </div>
      ) : ops.data.length === 0 ? (
        <EmptyState title="Nothing sent yet" />
      ) : (
        <Table label="Operations">
          <thead className="bg-slate-50 dark:bg-slate-900/60">
            <tr>
              <Th>Version</Th>
              <Th>Status</Th>
              <Th className="text-right">Attempts</Th>
              <Th className="hidden md:table-cell">Sent</Th>
              <Th className="hidden md:table-cell">Finished</Th>
              <Th>Error</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {ops.data.map((o) => (
              <tr key={o.id} data-testid="operation-row" className="align-top">
                <Td className="font-mono text-xs">v{o.version}</Td>
                <Td>
                  <OperationStatusBadge status={o.status} />
                </Td>
                <Td className="text-right tabular-nums">{o.attempts}</Td>
                <Td className="hidden whitespace-nowrap text-xs md:table-cell" title={formatDateTime(o.createdAt)}>
                  {formatAgo(o.createdAt, now)}
                </Td>
                <Td className="hidden whitespace-nowrap text-xs md:table-cell" title={formatDateTime(o.finishedAt)}>
                  {o.finishedAt ? formatAgo(o.finishedAt, now) : "—"}
                </Td>
                <Td className="max-w-md whitespace-pre-wrap break-words font-mono text-xs text-red-700 dark:text-red-300">{o.lastError ?? ""}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

function DeleteZoneDialog({ zone: z, open, onClose, onDeleted }: { zone: Zone; open: boolean; onClose: () => void; onDeleted: () => void }) {
  const del = useDeleteZone();
  return (
    <ConfirmDialog
      open={open}
      title="Delete zone?"
      confirmLabel="Delete zone"
      danger
      busy={del.isPending}
      error={del.error ? <Alert>{errorMessage(del.error)}</Alert> : null}
      onCancel={() => {
        del.reset();
        onClose();
      }}
      onConfirm={async () => {
        try {
          await del.mutateAsync(z.id);
          onDeleted();
          toast(`${z.name} is being deleted`, "info");
          onClose();
        } catch {
          // shown in the dialog
        }
      }}
    >
      <p>
        <strong>{z.name}</strong> and all its records are removed from its DNS node, then from MPanel. Name servers stop answering for it.
      </p>
    </ConfirmDialog>
  );
}

export default function ZonePage() {
  return <ZoneView base="/dns" />;
}
