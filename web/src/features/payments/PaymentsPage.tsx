import { useEffect, useState } from "react";
import { useAuth } from "@/app/auth/AuthProvider";
import { usePayments } from "@/api/payments";
import type { Payment } from "@/api/types";
import { Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { EmptyState, ErrorState, PageLoader, Spinner } from "@/components/Feedback";
import { Icon } from "@/components/icons";
import { Pager, useCursorPager } from "@/components/Pagination";
import { toast } from "@/components/Toast";
import { formatMoney } from "@/lib/money";
import { useUrlParams } from "@/lib/urlParams";
import { RecordPaymentDialog, RefundDialog, refundable } from "../billing/dialogs";
import { CustomerName } from "../billing/refs";
import { PaymentTable, nonZero } from "../billing/tables";

const PAGE_SIZE = 25;

export default function PaymentsPage() {
  const { can } = useAuth();
  const { params, setParam } = useUrlParams();
  const customerId = params.get("customerId") ?? "";
  const recording = params.get("record") === "1" && can("payments.write");
  const pager = useCursorPager();
  const [refunding, setRefunding] = useState<Payment | null>(null);
  const { reset } = pager;
  useEffect(() => reset(), [customerId, reset]);

  const list = usePayments({ limit: PAGE_SIZE, ...(pager.cursor ? { cursor: pager.cursor } : {}), ...(customerId ? { customerId } : {}) });
  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="Payments"
        description="Money received against invoices, and what was refunded."
        actions={
          can("payments.write") && (
            <Button icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => setParam("record", "1")}>
              Record payment
            </Button>
          )
        }
      />
      <Card>
        {customerId && (
          <div className="flex items-center gap-2 border-b border-slate-200 p-4 text-sm dark:border-slate-800">
            <span className="text-slate-500">Customer:</span>
            <span className="font-medium">
              <CustomerName id={customerId} />
            </span>
            <button type="button" onClick={() => setParam("customerId", null)} className="rounded p-1 text-slate-400 hover:text-slate-700" aria-label="Clear customer filter">
              <Icon name="x" className="h-4 w-4" />
            </button>
          </div>
        )}
        {list.isPending ? (
          <PageLoader label="Loading payments…" />
        ) : list.isError ? (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            title={customerId ? "No payments from this customer" : "No payments yet"}
            action={can("payments.write") && !customerId && <Button onClick={() => setParam("record", "1")}>Record a payment</Button>}
          >
            Payments you record against invoices, and credit applied to them, are listed here.
          </EmptyState>
        ) : (
          <div className="relative">
            {list.isFetching && <Spinner className="absolute right-3 top-3 h-4 w-4 text-slate-400" />}
            <PaymentTable
              items={items}
              actions={
                can("payments.refund")
                  ? (p) =>
                      p.status !== "refunded" && nonZero(refundable(p) ?? "0") ? (
                        <Button size="sm" variant="secondary" onClick={() => setRefunding(p)} aria-label={`Refund payment of ${formatMoney(p.amount, p.currency)}`}>
                          Refund
                        </Button>
                      ) : null
                  : undefined
              }
            />
            <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={list.isFetching} />
          </div>
        )}
      </Card>
      <RecordPaymentDialog
        open={recording}
        onClose={() => setParam("record", null)}
        onDone={(p) => {
          setParam("record", null);
          toast(`Payment of ${formatMoney(p.amount, p.currency)} recorded`);
        }}
      />
      <RefundDialog
        open={!!refunding}
        payment={refunding}
        onClose={() => setRefunding(null)}
        onDone={(number) => {
          setRefunding(null);
          toast(`Refunded; credit note ${number} issued`);
        }}
      />
    </>
  );
}
