import { usePaymentAttempts } from "@/api/stripe";
import type { PaymentAttempt } from "@/api/types";
import { Badge, Card, CardHeader } from "@/components/Card";
import { EmptyState, ErrorState, PageLoader } from "@/components/Feedback";
import { Table, Td, Th } from "@/components/Table";
import { formatDateTime, formatDay } from "@/lib/dates";
import { formatMoney } from "@/lib/money";

const TONES: Record<PaymentAttempt["status"], "green" | "red" | "amber" | "gray" | "indigo"> = {
  succeeded: "green",
  failed: "red",
  requires_action: "amber",
  scheduled: "indigo",
  pending: "gray",
  processing: "indigo",
  skipped: "gray",
};
const TRIGGERS: Record<PaymentAttempt["trigger"], string> = {
  billing_run: "Auto-charge",
  portal: "Client portal",
  staff: "Staff",
};

/** Card charges tried for an invoice: auto-charges on the dunning schedule and portal payments. */
export function PaymentAttempts({ invoiceId }: { invoiceId: string | undefined }) {
  const attempts = usePaymentAttempts(invoiceId);
  return (
    <Card>
      <CardHeader title="Payment attempts" description="Card charges and the dunning retries." />
      {attempts.isPending ? (
        <PageLoader label="Loading attempts…" />
      ) : attempts.isError ? (
        <div className="p-4">
          <ErrorState error={attempts.error} />
        </div>
      ) : attempts.data.length === 0 ? (
        <EmptyState title="No card charge tried yet" />
      ) : (
        <Table label="Payment attempts">
          <thead>
            <tr>
              <Th>When</Th>
              <Th>Kind</Th>
              <Th>Status</Th>
              <Th className="text-right">Amount</Th>
              <Th>Reason</Th>
            </tr>
          </thead>
          <tbody>
            {attempts.data.map((a) => (
              <tr key={a.id}>
                <Td>{a.attemptedAt ? formatDateTime(a.attemptedAt) : formatDay(a.scheduledFor)}</Td>
                <Td>
                  {TRIGGERS[a.trigger]}
                  {a.attemptNo ? ` #${a.attemptNo}` : ""}
                </Td>
                <Td>
                  <Badge tone={TONES[a.status]}>{a.status.replace("_", " ")}</Badge>
                </Td>
                <Td className="text-right tabular-nums">{formatMoney(a.amount, a.currency)}</Td>
                <Td className="text-slate-500">{a.failureMessage ?? ""}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
