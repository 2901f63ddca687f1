import { useEffect, useRef, useState } from "react";
import type { Stripe, StripeCardElement } from "@stripe/stripe-js";
import { Button } from "@/components/Button";
import { Alert, Spinner } from "@/components/Feedback";

export const STRIPE_UNAVAILABLE =
  "Card entry could not be loaded: Stripe.js did not load (no connection to js.stripe.com). Try again later, or pay by bank transfer.";

/** Stripe.js, loaded on demand from @stripe/stripe-js with the tenant's publishable key. */
export async function loadStripeJs(publishableKey: string | null | undefined): Promise<Stripe> {
  if (!publishableKey) throw new Error("Card payments have no publishable key: ask us to finish setting them up.");
  const { loadStripe } = await import("@stripe/stripe-js");
  let stripe: Stripe | null = null;
  try {
    stripe = await loadStripe(publishableKey);
  } catch {
    stripe = null;
  }
  if (!stripe) throw new Error(STRIPE_UNAVAILABLE);
  return stripe;
}

/** Stripe Elements' card field for a SetupIntent (save a card) or a PaymentIntent (pay now).
 * The card number never touches MPanel: Stripe.js confirms the client secret directly. */
export function CardForm({
  mode,
  clientSecret,
  publishableKey,
  submitLabel,
  onDone,
}: {
  mode: "setup" | "payment";
  clientSecret: string;
  publishableKey: string | null | undefined;
  submitLabel: string;
  onDone: () => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const [stripe, setStripe] = useState<Stripe | null>(null);
  const [card, setCard] = useState<StripeCardElement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    let mounted: StripeCardElement | null = null;
    loadStripeJs(publishableKey)
      .then((s) => {
        if (cancelled || !container.current) return;
        mounted = s.elements({ clientSecret }).create("card");
        mounted.mount(container.current);
        setStripe(s);
        setCard(mounted);
      })
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : STRIPE_UNAVAILABLE))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
      mounted?.destroy();
    };
  }, [clientSecret, publishableKey]);

  async function submit() {
    if (!stripe || !card) return;
    setBusy(true);
    setError(null);
    const result =
      mode === "setup"
        ? await stripe.confirmCardSetup(clientSecret, { payment_method: { card } })
        : await stripe.confirmCardPayment(clientSecret, { payment_method: { card } });
    setBusy(false);
    if (result.error) setError(result.error.message ?? "The card was not accepted.");
    else onDone();
  }

  return (
    <div className="space-y-3">
      <div
        ref={container}
        data-testid="card-element"
        aria-label="Card details"
        className="min-h-10 rounded-md border border-slate-300 bg-white px-3 py-2.5 dark:border-slate-700 dark:bg-slate-900"
      >
        {loading && <Spinner className="h-4 w-4" />}
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      <Button onClick={submit} loading={busy} disabled={!card}>
        {submitLabel}
      </Button>
    </div>
  );
}
