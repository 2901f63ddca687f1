import { useEmailLog, useRetryEmail } from "@/api/email";
import type { Email, EmailQuery } from "@/api/types";
import { useAuth } from "@/app/auth/AuthProvider";
import { Button } from "@/components/Button";
import { Badge, Card, PageHeader } from "@/components/Card";
import { SelectField, TextField } from "@/components/Field";
import { ListBody, useListPage } from "@/components/ListPage";
import { SortTh, Table, Td, Th } from "@/components/Table";
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
  const list = useListPage<EmailQuery>({ pageSize: 50, filters: ["status", "to"], defaultSort: "-createdAt", search: { param: "to" } });
  const log = useEmailLog(list.query);
  return (
    <>
      <PageHeader title="Email log" description="Every e-mail: queued, sent or failed. Failed ones can be sent again." />
      <Card>
        <div className="flex flex-wrap gap-3 border-b border-slate-200 p-4 dark:border-slate-800">
          <SelectField
            label="Status"
            value={list.values.status}
            onChange={(e) => list.setParam("status", e.target.value || null)}
            options={[{ value: "", label: "All" }, ...Object.keys(TONES).map((s) => ({ value: s, label: s }))]}
          />
          <TextField label="Recipient" value={list.search.value} onChange={(e) => list.search.onChange(e.target.value)} />
        </div>
        <ListBody
          list={list}
          result={log}
          loading="Loading e-mails…"
          empty={{ title: "No e-mails yet", noMatch: "No e-mail matches these filters" }}
        >
          {(items) => (
            <Table label="Email log">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <SortTh {...list.sortBy("createdAt")}>When</SortTh>
                  <Th>Status</Th>
                  <Th>Kind</Th>
                  <SortTh {...list.sortBy("toAddress")}>To</SortTh>
                  <Th className="hidden md:table-cell">Subject</Th>
                  <Th className="hidden lg:table-cell">Error</Th>
                  <Th />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((e) => (
                  <Row key={e.id} email={e} canRetry={can("email.write")} />
                ))}
              </tbody>
            </Table>
          )}
        </ListBody>
      </Card>
    </>
  );
}
