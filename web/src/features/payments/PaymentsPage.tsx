import { useState } from "react";
import { useAuth } from "@/app/auth/AuthProvider";
import { usePayments } from "@/api/payments";
import type { Payment, PaymentQuery } from "@/api/types";
import { Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { Icon } from "@/components/icons";
import { ListBody, useListPage } from "@/components/ListPage";
import { toast } from "@/components/Toast";
import { formatMoney } from "@/lib/money";
import { RecordPaymentDialog, RefundDialog, refundable } from "../billing/dialogs";
import { CustomerName } from "../billing/refs";
import { PaymentTable, nonZero } from "../billing/tables";

const PAGE_SIZE = 25;

export default function PaymentsPage() {
  const { can } = useAuth();
  const list = useListPage<PaymentQuery>({ pageSize: PAGE_SIZE, filters: ["customerId"], defaultSort: "-createdAt" });
  const { customerId } = list.values;
  const { setParam } = list;
  const recording = list.params.get("record") === "1" && can("payments.write");
  const [refunding, setRefunding] = useState<Payment | null>(null);
  const payments = usePayments(list.query);

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
        <ListBody
          list={list}
          result={payments}
          loading="Loading payments…"
          empty={{
            title: "No payments yet",
            noMatch: "No payments from this customer",
            hint: "Payments you record against invoices, and credit applied to them, are listed here.",
            action: can("payments.write") && <Button onClick={() => setParam("record", "1")}>Record a payment</Button>,
          }}
        >
          {(items) => (
            <PaymentTable
              items={items}
              sort={list.sortState}
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
          )}
        </ListBody>
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
