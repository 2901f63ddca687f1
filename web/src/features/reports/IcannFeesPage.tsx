import { useState, type FormEvent } from "react";
import { useIcannFeeReport } from "@/api/domains";
import { Card, CardBody, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { EmptyState, ErrorState, PageLoader } from "@/components/Feedback";
import { TextField } from "@/components/Field";
import { Stat } from "@/components/Stat";
import { Table, Td, Th } from "@/components/Table";
import { formatMoney } from "@/lib/money";
import { useUrlParams } from "@/lib/urlParams";

const year = new Date().getFullYear();
const monthName = (ym: string) => {
  const [y, m] = ym.split("-").map(Number);
  return new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric" }).format(new Date(y, m - 1, 1));
};

/** The ICANN transaction fees owed for gTLD registrations, renewals and transfers, per month. */
export default function IcannFeesPage() {
  const { params, setParams } = useUrlParams();
  const from = params.get("from") ?? `${year}-01-01`;
  const to = params.get("to") ?? `${year + 1}-01-01`;
  const [draft, setDraft] = useState({ from, to });
  const report = useIcannFeeReport({ from, to });

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setParams(new URLSearchParams(draft), { replace: true });
  };
  const r = report.data;
  return (
    <>
      <PageHeader title="ICANN fees" description="Fees owed to ICANN for gTLD operations, by month (UTC). The end date is exclusive." />
      <Card>
        <form onSubmit={apply} className="flex flex-col gap-3 border-b border-slate-200 p-4 sm:flex-row sm:items-end dark:border-slate-800" aria-label="Report period">
          <TextField label="From" type="date" value={draft.from} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} />
          <TextField label="To (exclusive)" type="date" value={draft.to} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} />
          <Button type="submit">Show</Button>
        </form>
        {report.isPending ? (
          <PageLoader label="Computing the report…" />
        ) : report.isError ? (
          <div className="p-4">
            <ErrorState error={report.error} onRetry={() => report.refetch()} />
          </div>
        ) : !r || r.months.length === 0 ? (
          <EmptyState title="No months in this period" />
        ) : (
          <>
            <CardBody>
              <dl className="grid gap-4 sm:grid-cols-3">
                <Stat label="Fees owed" value={formatMoney(r.amount, r.currency)} testId="icann-total" />
                <Stat label="Operations" value={r.operations} />
                <Stat label="Domain-years" value={r.domainYears} />
              </dl>
            </CardBody>
            <Table label="ICANN fees by month">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <Th>Month</Th>
                  <Th className="text-right">Operations</Th>
                  <Th className="text-right">Domain-years</Th>
                  <Th className="text-right">Fees</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {r.months.map((m) => (
                  <tr key={m.month}>
                    <Td>{monthName(m.month)}</Td>
                    <Td className="text-right tabular-nums">{m.operations}</Td>
                    <Td className="text-right tabular-nums">{m.domainYears}</Td>
                    <Td className="text-right tabular-nums">{formatMoney(m.amount, r.currency)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </>
        )}
      </Card>
    </>
  );
}
