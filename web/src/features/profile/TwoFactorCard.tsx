import { useEffect, useState } from "react";
import QRCode from "qrcode";
import { useAuth } from "@/app/auth/AuthProvider";
import { useTotpDisable, useTotpEnroll, useTotpVerify } from "@/api/auth";
import type { TotpEnrollOut } from "@/api/types";
import { ApiError } from "@/api/errors";
import { Badge, Card, CardBody, CardHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { Alert, ErrorState, Spinner } from "@/components/Feedback";
import { TextField } from "@/components/Field";
import { toast } from "@/components/Toast";
import { totpCode, useForm } from "@/lib/form";

/** The QR code is drawn in the browser: the secret never goes to a third-party service. */
function QrCode({ uri }: { uri: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(uri, { margin: 1, width: 200, errorCorrectionLevel: "M" })
      .then((url) => live && setSrc(url))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [uri]);
  if (failed) return <Alert>Could not draw the QR code; type the key below into your app instead.</Alert>;
  if (!src) return <div className="flex h-[200px] w-[200px] items-center justify-center"><Spinner /></div>;
  return <img src={src} width={200} height={200} alt="QR code for your authenticator app" className="rounded-md bg-white p-1 ring-1 ring-slate-200" data-testid="totp-qr" />;
}

const groupSecret = (s: string) => s.replace(/(.{4})/g, "$1 ").trim();

function CodeForm({ label, submitLabel, danger, onSubmit, onCancel }: { label: string; submitLabel: string; danger?: boolean; onSubmit: (code: string) => Promise<unknown>; onCancel?: () => void }) {
  const form = useForm({ code: "" }, { code: totpCode });
  return (
    <form
      ref={form.formRef}
      noValidate
      onSubmit={form.handleSubmit(async (v) => {
        try {
          await onSubmit(v.code.replace(/\s/g, ""));
        } catch (e) {
          // "totp_invalid" and friends belong on the code field.
          if (e instanceof ApiError && e.code.startsWith("totp") && !e.details.length) {
            throw new ApiError(e.status, e.code, e.message, [{ field: "code", message: e.message }]);
          }
          throw e;
        }
      })}
      className="max-w-xs space-y-3"
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <TextField
        label={label}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        placeholder="123456"
        className="font-mono tracking-[0.3em]"
        {...form.field("code")}
      />
      <div className="flex gap-2">
        <Button type="submit" variant={danger ? "danger" : "primary"} loading={form.submitting}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="secondary" onClick={onCancel} disabled={form.submitting}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}

export function TwoFactorCard() {
  const { me } = useAuth();
  const enroll = useTotpEnroll();
  const verify = useTotpVerify();
  const disable = useTotpDisable();
  const [pending, setPending] = useState<TotpEnrollOut | null>(null);
  const enabled = !!me?.totpEnabled;

  return (
    <Card id="two-factor" className="scroll-mt-20">
      <CardHeader
        title="Two-factor authentication"
        description="A 6-digit code from an authenticator app (1Password, Google Authenticator, Aegis…) is asked at every sign-in."
        actions={enabled ? <Badge tone="green">On</Badge> : <Badge>Off</Badge>}
      />
      <CardBody className="space-y-4">
        {enabled ? (
          <>
            <p className="text-sm text-slate-600 dark:text-slate-300">To turn it off, confirm with a current code from your app.</p>
            <CodeForm
              label="Current code"
              submitLabel="Disable two-factor"
              danger
              onSubmit={async (code) => {
                await disable.mutateAsync(code);
                toast("Two-factor authentication disabled");
              }}
            />
          </>
        ) : pending ? (
          <div className="grid gap-6 md:grid-cols-[auto_1fr]">
            <QrCode uri={pending.otpauthUri} />
            <div className="space-y-4">
              <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-600 dark:text-slate-300">
                <li>Scan the QR code with your authenticator app.</li>
                <li>
                  Or enter this key by hand:{" "}
                  <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs select-all dark:bg-slate-800" data-testid="totp-secret">
                    {groupSecret(pending.secret)}
                  </code>
                </li>
                <li>Type the 6-digit code it shows to finish.</li>
              </ol>
              <CodeForm
                label="Code from the app"
                submitLabel="Verify and enable"
                onCancel={() => setPending(null)}
                onSubmit={async (code) => {
                  await verify.mutateAsync(code);
                  setPending(null);
                  toast("Two-factor authentication enabled");
                }}
              />
            </div>
          </div>
        ) : (
          <>
            {enroll.isError && <ErrorState error={enroll.error} />}
            <Button loading={enroll.isPending} onClick={() => enroll.mutate(undefined, { onSuccess: setPending })}>
              Set up two-factor
            </Button>
          </>
        )}
      </CardBody>
    </Card>
  );
}
