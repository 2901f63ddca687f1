import type { EnrolmentToken } from "@/api/types";
import { Alert } from "@/components/Feedback";
import { CopyText } from "@/components/CopyText";
import { formatDateTime } from "@/lib/dates";

export const enrolCommand = (token: string) => `mpanel-agent enrol --token ${token}`;

/** The one-time enrolment token: shown once, right after it is made; the panel keeps only its hash. */
export function EnrolmentTokenPanel({ token, serverName }: { token: EnrolmentToken; serverName: string }) {
  const origin = typeof location !== "undefined" ? location.origin : "https://panel.example.com";
  return (
    <div className="space-y-4 text-sm" data-testid="enrolment-token">
      <Alert tone="warning" title="Copy it now: the token is shown only once.">
        It enrols one agent and expires {formatDateTime(token.enrolmentExpiresAt)}. Lost it? Make a new one on the server's page.
      </Alert>
      <div className="space-y-1">
        <p className="font-medium">
          On <span className="font-mono">{serverName}</span>, with the agent's config pointing at this panel (<span className="font-mono">[panel] url = "{origin}"</span> in
          <span className="font-mono"> /etc/mpanel-agent/agent.toml</span>), run:
        </p>
        <CopyText value={enrolCommand(token.enrolmentToken)} label="Enrol command" testId="enrol-command" />
      </div>
      <p className="text-slate-500 dark:text-slate-400">
        Then start the service (<span className="font-mono">mpanel-agent run</span>). The server turns Online with its first heartbeat.
      </p>
    </div>
  );
}
