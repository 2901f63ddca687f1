import { useState } from "react";
import { usePayInvoice, useSavedCards } from "@/api/stripe";
import { errorMessage } from "@/api/errors";
import type { InvoicePayOut } from "@/api/types";
import { Button } from "@/components/Button";
import { Card, CardBody, CardHeader } from "@/components/Card";
import { Alert } from "@/components/Feedback";
import { toast } from "@/components/Toast";
import { formatMoney } from "@/lib/money";
import { CardForm, loadStripeJs } from "./CardForm";

/** "Pay now" on an open invoice: the default saved card at once, or a new card through
 * Stripe.js. When the bank asks for authentication (SCA), Stripe.js shows its challenge. */
export function PayNow({
  invoiceId,
  customerId,
  balance,
  currency,
}: {
  invoiceId: string;
  customerId: string | null | undefined;
  balance: string;
  currency: string;
}) {
  const cards = useSavedCards(customerId);
  const pay = usePayInvoice(invoiceId);
  const [pending, setPending] = useState<InvoicePayOut | null>(null);
  const [error, setError] = useState<string | null>(null);
  const saved = cards.data?.find((c) => c.isDefault);

  function done() {
    setPending(null);
    toast("Payment received. Thank you!");
  }

  async function authenticate(result: InvoicePayOut) {
    try {
      const stripe = await loadStripeJs(result.publishableKey);
      const outcome = await stripe.handleNextAction({ clientSecret: result.clientSecret ?? "" });
      if (outcome.error) setError(outcome.error.message ?? "The payment was not confirmed.");
      else done();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  function start(paymentMethodId?: string) {
    setError(null);
    pay.mutate(paymentMethodId ? { paymentMethodId } : {}, {
      onSuccess: (result) => {
        if (result.attempt.status === "succeeded") done();
        else if (result.attempt.status === "requires_action") void authenticate(result);
        else setPending(result);
      },
      onError: (e) => setError(errorMessage(e)),
    });
  }

  return (
    <Card>
      <CardHeader title="Pay now" description={`${formatMoney(balance, currency)} is due.`} />
      <CardBody className="space-y-3">
        {error && <Alert>{error}</Alert>}
        {pending?.clientSecret ? (
          <CardForm
            mode="payment"
            clientSecret={pending.clientSecret}
            publishableKey={pending.publishableKey}
            submitLabel={`Pay ${formatMoney(balance, currency)}`}
            onDone={done}
          />
        ) : (
          <div className="flex flex-wrap gap-2">
            {saved && (
              <Button loading={pay.isPending} onClick={() => start(saved.id)}>
                Pay with <span className="capitalize">{saved.brand}</span> •••• {saved.last4}
              </Button>
            )}
            <Button variant={saved ? "secondary" : "primary"} loading={pay.isPending && !saved} onClick={() => start()}>
              Pay with a new card
            </Button>
          </div>
        )}
      </CardBody>
    </Card>
  );
}
