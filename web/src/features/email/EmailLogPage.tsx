import { useState } from "react";
import { useEmailLog, useRetryEmail } from "@/api/email";
import type { Email, EmailQuery } from "@/api/types";
import { useAuth } from "@/app/auth/AuthProvider";
import { Button } from "@/components/Button";
import { Badge, Card, PageHeader } from "@/components/Card";
import { EmptyState, ErrorState, PageLoader } from "@/components/Feedback";
import { SelectField, TextField } from "@/components/Field";
import { Pager, useCursorPager } from "@/components/Pagination";
import { Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { formatDateTime } from "@/lib/dates";

const TONES = { queued: "amber", sending: "indigo", sent: "green", failed: "red" } as const;

function Row({ email, canRetry }: { email: Email; canRetry: boolean }) {
  const retry = useRetryEmail();
  return (
    <tr data-testid="email-row">
      <Td className="whitespace-nowrap text-slate-500">{formatDateTime(email.sentAt ?? email.createdAt)}</Td>
      <Td>
        <Badge tone={TONES[email.status]}>{email.status}</Badge>
      </Td>
      <Td className="font-mono text-xs">{email.kind}</Td>
      <Td>{email.toAddress}</Td>
      <Td className="hidden md:table-cell">{email.subject ?? <span className="text-slate-400">—</span>}</Td>
      <Td className="hidden max-w-xs truncate text-xs text-red-600 lg:table-cell" title={email.lastError ?? ""}>
        {email.lastError ?? ""}
        {email.attempts > 0 && email.status !== "sent" && <span className="text-slate-500"> ({email.attempts} tries)</span>}
      </Td>
      <Td className="text-right">
        {canRetry && email.status !== "sent" && (
          <Button
            size="sm"
            variant="secondary"
            loading={retry.isPending}
            onClick={async () => {
              await retry.mutateAsync(email.id);
              toast("The e-mail will be sent again.");
            }}
          >
            Retry
          </Button>
        )}
      </Td>
    </tr>
  );
}

/** Staff: what was sent to whom, what is waiting, and what failed (with the server's answer). */
export default function EmailLogPage() {
  const { can } = useAuth();
  const [status, setStatus] = useState("");
  const [to, setTo] = useState("");
  const pager = useCursorPager();
  const query: EmailQuery = { limit: 50 };
  if (status) query.status = status as NonNullable<EmailQuery["status"]>;
  if (to.trim()) query.to = to.trim();
  if (pager.cursor) query.cursor = pager.cursor;
  const log = useEmailLog(query);
  return (
    <>
      <PageHeader title="Email log" description="Every e-mail: queued, sent or failed. Failed ones can be sent again." />
      <Card>
        <div className="flex flex-wrap gap-3 p-4">
          <SelectField
            label="Status"
            value={status}
            onChange={(e) => {
              pager.reset();
              setStatus(e.target.value);
            }}
            options={[{ value: "", label: "All" }, ...Object.keys(TONES).map((s) => ({ value: s, label: s }))]}
          />
          <TextField
            label="Recipient"
            value={to}
            onChange={(e) => {
              pager.reset();
              setTo(e.target.value);
            }}
          />
        </div>
        {log.isPending ? (
          <PageLoader />
        ) : log.isError ? (
          <ErrorState error={log.error} onRetry={() => log.refetch()} />
        ) : log.data.items.length === 0 ? (
          <EmptyState title="No e-mails yet" />
        ) : (
          <>
            <Table label="Email log">
              <thead>
                <tr>
                  <Th>When</Th>
                  <Th>Status</Th>
                  <Th>Kind</Th>
                  <Th>To</Th>
                  <Th className="hidden md:table-cell">Subject</Th>
                  <Th className="hidden lg:table-cell">Error</Th>
                  <Th />
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((e) => (
                  <Row key={e.id} email={e} canRetry={can("email.write")} />
                ))}
              </tbody>
            </Table>
            <Pager
              page={pager.page}
              hasPrev={pager.hasPrev}
              nextCursor={log.data.nextCursor}
              onPrev={pager.prev}
              onNext={pager.next}
              busy={log.isFetching}
            />
          </>
        )}
      </Card>
    </>
  );
}
