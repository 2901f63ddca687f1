import { useState, type ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useDeleteServer, useNewEnrolmentToken, useResyncServer, useRevokeServer, useServer, useUpdateServer } from "@/api/servers";
import { errorMessage } from "@/api/errors";
import type { EnrolmentToken, Server } from "@/api/types";
import { Badge, Card, CardBody, CardHeader, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { Alert, ErrorState, PageLoader } from "@/components/Feedback";
import { Icon } from "@/components/icons";
import { ConfirmDialog, Modal } from "@/components/Modal";
import { DetailList, Stat } from "@/components/Stat";
import { toast } from "@/components/Toast";
import { formatAgo, formatDateTime } from "@/lib/dates";
import { useNow } from "@/lib/useNow";
import { ROLE_LABELS, ServerStatusBadge } from "../hosting/labels";
import { EnrolmentTokenPanel } from "./EnrolmentToken";
import { ServerForm } from "./ServerForm";
import { ServerMetrics } from "./ServerMetrics";

type Dialog = "edit" | "token" | "revoke" | "delete" | null;

export default function ServerDetailPage() {
  const { serverId } = useParams();
  const { can } = useAuth();
  const server = useServer(serverId, true);
  const now = useNow();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [token, setToken] = useState<EnrolmentToken | null>(null);
  const update = useUpdateServer();
  const resync = useResyncServer();
  const newToken = useNewEnrolmentToken();

  if (server.isPending) return <PageLoader label="Loading server…" />;
  if (server.isError) {
    return (
      <>
        <PageHeader title="Server" />
        <ErrorState error={server.error} onRetry={() => server.refetch()} />
        <p className="mt-4 text-sm">
          <Link to="/servers" className="font-medium text-indigo-600 hover:underline">
            Back to servers
          </Link>
        </p>
      </>
    );
  }
  const s = server.data;
  const write = can("servers.write");
  const inMaintenance = s.status === "maintenance";
  const act = async (fn: () => Promise<string>) => {
    try {
      toast(await fn());
    } catch (e) {
      toast(errorMessage(e), "error", 6000);
    }
  };

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link to="/servers" className="hover:text-indigo-600 hover:underline">
          Servers
        </Link>{" "}
        / {s.name}
      </nav>
      <PageHeader
        title={s.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span data-testid="server-status">
              <ServerStatusBadge status={s.status} />
            </span>
            <span className="font-mono">{s.hostname}</span>
            <span title={formatDateTime(s.lastHeartbeatAt)}>· heartbeat {formatAgo(s.lastHeartbeatAt, now)}</span>
          </span>
        }
        actions={
          write && (
            <>
              <Button variant="secondary" icon={<Icon name="pencil" className="h-4 w-4" />} onClick={() => setDialog("edit")}>
                Edit
              </Button>
              <Button
                variant="secondary"
                icon={<Icon name={inMaintenance ? "play" : "pause"} className="h-4 w-4" />}
                loading={update.isPending}
                onClick={() =>
                  act(async () => {
                    await update.mutateAsync({ id: s.id, body: { maintenance: !inMaintenance } });
                    return inMaintenance ? `${s.name} is back in service` : `${s.name} is in maintenance: it gets no new objects`;
                  })
                }
              >
                {inMaintenance ? "End maintenance" : "Maintenance"}
              </Button>
              <Button
                variant="secondary"
                icon={<Icon name="refresh" className="h-4 w-4" />}
                loading={resync.isPending}
                onClick={() =>
                  act(async () => {
                    const n = (await resync.mutateAsync(s.id)).objects ?? 0;
                    return `Re-sending ${n} object${n === 1 ? "" : "s"} to ${s.name}`;
                  })
                }
              >
                Resync
              </Button>
              <Button
                variant="secondary"
                icon={<Icon name="key" className="h-4 w-4" />}
                loading={newToken.isPending}
                onClick={async () => {
                  try {
                    setToken(await newToken.mutateAsync(s.id));
                    setDialog("token");
                  } catch (e) {
                    toast(errorMessage(e), "error", 6000);
                  }
                }}
              >
                New enrolment token
              </Button>
              {s.enrolled && !s.credentialRevokedAt && (
                <Button variant="secondary" icon={<Icon name="ban" className="h-4 w-4" />} onClick={() => setDialog("revoke")}>
                  Revoke credential
                </Button>
              )}
              <Button variant="danger" icon={<Icon name="trash" className="h-4 w-4" />} onClick={() => setDialog("delete")}>
                Delete
              </Button>
            </>
          )
        }
      />
      <div className="space-y-6">
        {s.lastError && (
          <Alert title="Last error" tone="error">
            <span className="whitespace-pre-wrap break-words font-mono text-xs">{s.lastError}</span>
          </Alert>
        )}
        {s.status === "pending" && (
          <Alert tone="info" title="The agent has not enrolled yet.">
            Run <span className="font-mono">mpanel-agent enrol --token …</span> on the node with the token shown when it was added
            {s.enrolmentExpiresAt ? ` (valid until ${formatDateTime(s.enrolmentExpiresAt)})` : ""}, or make a new token.
          </Alert>
        )}
        <div className="grid gap-6 lg:grid-cols-3">
          <Card className="lg:col-span-2">
            <CardHeader title="Node" />
            <CardBody>
              <DetailList items={nodeDetails(s)} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Now" description={s.lastHeartbeatAt ? `Reported ${formatAgo(s.lastHeartbeatAt, now)}` : "No heartbeat yet"} />
            <CardBody>
              <LastMetrics server={s} />
            </CardBody>
          </Card>
        </div>
        <ServerMetrics serverId={s.id} />
      </div>
      <Modal open={dialog === "edit"} onClose={() => setDialog(null)} title={`Edit ${s.name}`} size="lg">
        {dialog === "edit" && <ServerForm server={s} onDone={() => setDialog(null)} />}
      </Modal>
      <Modal
        open={dialog === "token" && !!token}
        onClose={() => {
          setToken(null);
          setDialog(null);
        }}
        title={`Enrol ${s.name}`}
        size="lg"
        footer={
          <Button
            onClick={() => {
              setToken(null);
              setDialog(null);
            }}
          >
            Done
          </Button>
        }
      >
        {token && <EnrolmentTokenPanel token={token} serverName={s.hostname} />}
      </Modal>
      <RevokeDialog server={s} open={dialog === "revoke"} onClose={() => setDialog(null)} />
      <DeleteDialog server={s} open={dialog === "delete"} onClose={() => setDialog(null)} />
    </>
  );
}

function nodeDetails(s: Server): Array<[string, ReactNode]> {
  const capacity = Object.entries(s.capacity ?? {});
  return [
    ["Host name", <span key="h" className="font-mono">{s.hostname}</span>],
    ["Roles", <span key="r" className="inline-flex flex-wrap gap-1">{s.roles.map((r) => <Badge key={r}>{ROLE_LABELS[r] ?? r}</Badge>)}</span>],
    ["Credential", s.credentialRevokedAt ? `Revoked ${formatDateTime(s.credentialRevokedAt)}` : s.enrolled ? "Issued (agent enrolled)" : "None yet"],
    ["Enrolment token", s.enrolmentExpiresAt ? `Unused, expires ${formatDateTime(s.enrolmentExpiresAt)}` : "None outstanding"],
    ["Agent version", s.agentVersion],
    ["Last heartbeat", formatDateTime(s.lastHeartbeatAt, "Never")],
    ["Capacity", capacity.length ? capacity.map(([k, v]) => `${k.replace(/_/g, " ")}: ${String(v)}`).join(", ") : "No limits"],
    ["Added", formatDateTime(s.createdAt)],
  ];
}

function LastMetrics({ server }: { server: Server }) {
  const m = server.lastMetrics as Record<string, number> | null;
  if (!m) return <p className="text-sm text-slate-500">The agent has not reported metrics yet.</p>;
  const pct = (k: string) => (typeof m[k] === "number" ? `${m[k].toFixed(1)} %` : "—");
  const num = (k: string) => (typeof m[k] === "number" ? m[k].toFixed(2) : "—");
  const uptime = typeof m.uptimeSeconds === "number" ? formatUptime(m.uptimeSeconds) : "—";
  return (
    <dl className="grid grid-cols-2 gap-4">
      <Stat label="CPU" value={pct("cpuPercent")} testId="now-cpu" />
      <Stat label="Memory" value={pct("memoryPercent")} />
      <Stat label="Disk" value={pct("diskPercent")} />
      <Stat label="Load" value={`${num("load1")} / ${num("load5")} / ${num("load15")}`} hint="1, 5, 15 min" className="col-span-2" />
      <Stat label="Uptime" value={uptime} className="col-span-2" />
    </dl>
  );
}

export function formatUptime(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d ? `${d} d ${h} h` : h ? `${h} h ${m} min` : `${m} min`;
}

function RevokeDialog({ server, open, onClose }: { server: Server; open: boolean; onClose: () => void }) {
  const revoke = useRevokeServer();
  return (
    <ConfirmDialog
      open={open}
      title="Revoke the node credential?"
      confirmLabel="Revoke credential"
      danger
      busy={revoke.isPending}
      error={revoke.error ? <Alert>{errorMessage(revoke.error)}</Alert> : null}
      onCancel={() => {
        revoke.reset();
        onClose();
      }}
      onConfirm={async () => {
        try {
          await revoke.mutateAsync(server.id);
          toast(`${server.name}'s credential revoked`);
          onClose();
        } catch {
          // shown in the dialog
        }
      }}
    >
      <p>
        The agent on <strong>{server.hostname}</strong> is refused from now on and the server goes offline. To bring it back, make a new enrolment token and enrol the agent again.
      </p>
    </ConfirmDialog>
  );
}

function DeleteDialog({ server, open, onClose }: { server: Server; open: boolean; onClose: () => void }) {
  const del = useDeleteServer();
  const navigate = useNavigate();
  return (
    <ConfirmDialog
      open={open}
      title="Delete server?"
      confirmLabel="Delete server"
      danger
      busy={del.isPending}
      error={del.error ? <Alert>{errorMessage(del.error)}</Alert> : null}
      onCancel={() => {
        del.reset();
        onClose();
      }}
      onConfirm={async () => {
        try {
          await del.mutateAsync(server.id);
          toast(`${server.name} deleted`);
          navigate("/servers");
        } catch {
          // The API's refusal (objects still on it) shows in the dialog.
        }
      }}
    >
      <p>
        <strong>{server.name}</strong> and its metrics are removed from MPanel. A server that still holds zones, sites or other objects cannot be deleted.
      </p>
    </ConfirmDialog>
  );
}
