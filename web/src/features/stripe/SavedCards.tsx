import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useCreateSetupIntent, useSavedCards, useSetDefaultCard } from "@/api/stripe";
import { errorMessage } from "@/api/errors";
import type { SetupIntentOut } from "@/api/types";
import { Button } from "@/components/Button";
import { Card, CardBody, CardHeader } from "@/components/Card";
import { Alert, EmptyState, ErrorState, PageLoader } from "@/components/Feedback";
import { toast } from "@/components/Toast";
import { CardForm } from "./CardForm";

/** The customer's saved cards (from Stripe) and "Save a card": a SetupIntent confirmed with
 * Stripe.js Elements. The default card is the one unpaid invoices are charged to. */
export function SavedCards({ customerId }: { customerId: string | null | undefined }) {
  const qc = useQueryClient();
  const cards = useSavedCards(customerId);
  const setup = useCreateSetupIntent();
  const makeDefault = useSetDefaultCard(customerId);
  const [intent, setIntent] = useState<SetupIntentOut | null>(null);

  return (
    <Card>
      <CardHeader
        title="Saved cards"
        description="Your default card pays invoices automatically on their due date."
        actions={
          !intent && (
            <Button
              size="sm"
              loading={setup.isPending}
              onClick={() => customerId && setup.mutate(customerId, { onSuccess: setIntent })}
            >
              Save a card
            </Button>
          )
        }
      />
      <CardBody>
        {setup.isError && <Alert className="mb-3">{errorMessage(setup.error)}</Alert>}
        {intent && (
          <div className="mb-4">
            <CardForm
              mode="setup"
              clientSecret={intent.clientSecret}
              publishableKey={intent.publishableKey}
              submitLabel="Save card"
              onDone={() => {
                setIntent(null);
                toast("Card saved.");
                void qc.invalidateQueries({ queryKey: ["stripe", "cards", customerId] });
              }}
            />
          </div>
        )}
        {cards.isPending ? (
          <PageLoader label="Loading cards…" />
        ) : cards.isError ? (
          <ErrorState error={cards.error} />
        ) : cards.data.length === 0 ? (
          <EmptyState title="No card saved" />
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800">
            {cards.data.map((c) => (
              <li key={c.id} className="flex items-center justify-between py-2 text-sm">
                <span>
                  <span className="capitalize">{c.brand}</span> •••• {c.last4}
                  <span className="ml-2 text-slate-500">
                    {c.expMonth}/{c.expYear}
                  </span>
                </span>
                {c.isDefault ? (
                  <span className="text-xs font-medium text-emerald-700 dark:text-emerald-400">Default</span>
                ) : (
                  <Button size="sm" variant="secondary" onClick={() => makeDefault.mutate(c.id)}>
                    Make default
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
