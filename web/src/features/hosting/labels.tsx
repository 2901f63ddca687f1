import { Badge } from "@/components/Card";
import type { JobStatus, ServerRole, ServerStatus, ZoneStatus } from "@/api/types";

type Tone = "gray" | "green" | "red" | "indigo" | "amber";

export const SERVER_STATUS_LABELS: Record<ServerStatus, string> = { pending: "Not enrolled", online: "Online", offline: "Offline", maintenance: "Maintenance" };
const SERVER_TONES: Record<ServerStatus, Tone> = { pending: "indigo", online: "green", offline: "red", maintenance: "amber" };
export function ServerStatusBadge({ status }: { status: ServerStatus }) {
  return <Badge tone={SERVER_TONES[status] ?? "gray"}>{SERVER_STATUS_LABELS[status] ?? status}</Badge>;
}

export const ROLE_LABELS: Record<ServerRole, string> = { web: "Web", dns: "DNS", mail: "Mail", database: "Database", ftp: "FTP", backup: "Backup" };

export const ZONE_STATUS_LABELS: Record<ZoneStatus, string> = { pending: "Pending", active: "Active", error: "Error", deleting: "Deleting" };
const ZONE_TONES: Record<ZoneStatus, Tone> = { pending: "indigo", active: "green", error: "red", deleting: "amber" };
export function ZoneStatusBadge({ status }: { status: ZoneStatus }) {
  return (
    <span data-testid="zone-status">
      <Badge tone={ZONE_TONES[status] ?? "gray"}>{ZONE_STATUS_LABELS[status] ?? status}</Badge>
    </span>
  );
}

export const JOB_STATUS_LABELS: Record<JobStatus, string> = { todo: "Queued", doing: "Running", succeeded: "Succeeded", failed: "Failed", cancelled: "Cancelled", aborted: "Aborted" };
const JOB_TONES: Record<JobStatus, Tone> = { todo: "gray", doing: "indigo", succeeded: "green", failed: "red", cancelled: "gray", aborted: "amber" };
export function JobStatusBadge({ status }: { status: string }) {
  const s = status as JobStatus;
  return <Badge tone={JOB_TONES[s] ?? "gray"}>{JOB_STATUS_LABELS[s] ?? status}</Badge>;
}

/** Operation states of the agent protocol (queued, sent, succeeded, failed, superseded). */
export function OperationStatusBadge({ status }: { status: string }) {
  const tone: Tone = status === "succeeded" ? "green" : status === "failed" ? "red" : status === "sent" ? "indigo" : "gray";
  return <Badge tone={tone}>{status.charAt(0).toUpperCase() + status.slice(1)}</Badge>;
}
