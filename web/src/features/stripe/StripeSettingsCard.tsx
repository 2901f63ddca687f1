import { useState } from "react";
import { useStripeSettings, useUpdateStripeSettings } from "@/api/stripe";
import { ApiError, errorMessage } from "@/api/errors";
import type { StripeSettingsUpdate } from "@/api/types";
import { Button } from "@/components/Button";
import { Card, CardBody, CardHeader } from "@/components/Card";
import { Alert, ErrorState, PageLoader } from "@/components/Feedback";
import { TextField } from "@/components/Field";
import { toast } from "@/components/Toast";

/** Settings -> Payments: the tenant's own Stripe keys. Secrets are write-only: the form shows
 * whether each is set (and its last four characters) and sends only what is typed. */
export function StripeSettingsCard({ slug }: { slug: string }) {
  const settings = useStripeSettings();
  const update = useUpdateStripeSettings();
  const [form, setForm] = useState({ secretKey: "", publishableKey: "", webhookSecret: "" });
  const s = settings.data;

  function fieldError(field: string): string | undefined {
    const e = update.error;
    if (!(e instanceof ApiError)) return undefined;
    return e.details.find((d) => d.field === field || d.field?.endsWith(`.${field}`))?.message;
  }

  function save(body: StripeSettingsUpdate) {
    update.mutate(body, {
      onSuccess: () => {
        setForm({ secretKey: "", publishableKey: "", webhookSecret: "" });
        toast("Payment settings saved.");
      },
    });
  }

  const typed = Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== "")) as StripeSettingsUpdate;
  return (
    <Card id="payments">
      <CardHeader
        title="Payments (Stripe)"
        description={
          <>
            Card payments go to your own Stripe account. Point a Stripe webhook at{" "}
            <code className="text-xs">/api/webhooks/stripe/{slug}</code>.
          </>
        }
      />
      <CardBody className="space-y-4">
        {settings.isPending ? (
          <PageLoader label="Loading payment settings…" />
        ) : settings.isError ? (
          <ErrorState error={settings.error} />
        ) : (
          <>
            {s && (
              <Alert tone={s.secretKeySet || s.usesPlatformDefault ? "info" : "warning"}>
                {s.secretKeySet
                  ? `Your secret key ending in ${s.secretKeyLast4} is set${s.liveMode ? " (live mode)" : " (test mode)"}.`
                  : s.usesPlatformDefault
                    ? "No keys of your own: card payments use the platform's Stripe account."
                    : "Card payments are off until a secret key is set."}
                {s.webhookSecretSet ? ` Webhook secret ending in ${s.webhookSecretLast4} is set.` : ""}
              </Alert>
            )}
            {update.isError && !(update.error instanceof ApiError && update.error.details.length) && (
              <Alert>{errorMessage(update.error)}</Alert>
            )}
            <div className="grid gap-4 sm:grid-cols-3">
              <TextField
                label="Secret key"
                type="password"
                autoComplete="off"
                placeholder={s?.secretKeySet ? `•••• ${s.secretKeyLast4}` : "sk_live_…"}
                value={form.secretKey}
                onChange={(e) => setForm({ ...form, secretKey: e.target.value })}
                error={fieldError("secretKey")}
              />
              <TextField
                label="Publishable key"
                placeholder={s?.publishableKey ?? "pk_live_…"}
                value={form.publishableKey}
                onChange={(e) => setForm({ ...form, publishableKey: e.target.value })}
                error={fieldError("publishableKey")}
              />
              <TextField
                label="Webhook signing secret"
                type="password"
                autoComplete="off"
                placeholder={s?.webhookSecretSet ? `•••• ${s.webhookSecretLast4}` : "whsec_…"}
                value={form.webhookSecret}
                onChange={(e) => setForm({ ...form, webhookSecret: e.target.value })}
                error={fieldError("webhookSecret")}
              />
            </div>
            <div className="flex gap-2">
              <Button loading={update.isPending} disabled={Object.keys(typed).length === 0} onClick={() => save(typed)}>
                Save keys
              </Button>
              {s?.secretKeySet && (
                <Button
                  variant="secondary"
                  onClick={() => save({ secretKey: "", publishableKey: "", webhookSecret: "" })}
                >
                  Remove my keys
                </Button>
              )}
            </div>
          </>
        )}
      </CardBody>
    </Card>
  );
}
