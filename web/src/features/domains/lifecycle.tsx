import type { Domain } from "@/api/types";
import { Badge } from "@/components/Card";
import { formatDay } from "@/lib/dates";

export const PENDING_LABELS: Record<NonNullable<Domain["pendingOperation"]>, string> = {
  register: "Registration",
  transfer: "Transfer in",
  renew: "Renewal",
};

/** Shown next to nameservers the registrar job has not sent yet (or that it is still retrying);
 * `withError` adds the registrar's last failure under it. */
export function NameserversPendingBadge({ domain: d, withError = false }: { domain: Pick<Domain, "nameserversPending" | "lastError">; withError?: boolean }) {
  if (!d.nameserversPending) return null;
  const badge = <Badge tone={d.lastError ? "red" : "amber"}>Waiting for the registrar</Badge>;
  if (!withError || !d.lastError) return badge;
  return (
    <span className="block space-y-0.5">
      {badge}
      <span className="block text-xs text-red-600 dark:text-red-400">Registrar error: {d.lastError}</span>
    </span>
  );
}

/** Where the domain stands in its lifecycle: registrar work waiting (and its last error), or
 * the day its grace or redemption period ends. */
export function DomainLifecycleNote({ domain: d }: { domain: Domain }) {
  const lines: Array<{ text: string; tone: "muted" | "warn" | "error"; title?: string }> = [];
  if (d.pendingOperation) lines.push({ text: `${PENDING_LABELS[d.pendingOperation]} waiting for the registrar`, tone: "muted" });
  if (d.nameserversPending) lines.push({ text: "Nameserver change waiting for the registrar", tone: "muted" });
  if (d.lastError) lines.push({ text: `Registrar error: ${d.lastError}`, tone: "error", title: d.lastErrorAt ?? undefined });
  if (d.status === "grace" && d.graceEndsOn) lines.push({ text: `Grace until ${formatDay(d.graceEndsOn)}`, tone: "warn" });
  if ((d.status === "grace" || d.status === "redemption" || d.status === "expired") && d.redemptionEndsOn)
    lines.push({ text: `Redemption until ${formatDay(d.redemptionEndsOn)}`, tone: d.status === "redemption" ? "error" : "muted" });
  if (!lines.length) return null;
  const tones = { muted: "text-slate-500", warn: "text-amber-700 dark:text-amber-400", error: "text-red-600 dark:text-red-400" };
  return (
    <span className="mt-0.5 block space-y-0.5 text-xs" data-testid="domain-lifecycle">
      {lines.map((l) => (
        <span key={l.text} className={`block ${tones[l.tone]}`} title={l.title}>
          {l.text}
        </span>
      ))}
    </span>
  );
}
