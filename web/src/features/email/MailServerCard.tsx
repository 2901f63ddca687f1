import { useState } from "react";
import { useDeleteSmtpSettings, useSaveSmtpSettings, useSmtpSettings, useTestSmtp } from "@/api/email";
import type { SmtpSettings } from "@/api/types";
import { errorMessage } from "@/api/errors";
import { Button } from "@/components/Button";
import { Card, CardBody, CardHeader } from "@/components/Card";
import { Alert, PageLoader } from "@/components/Feedback";
import { SelectField, TextField } from "@/components/Field";
import { toast } from "@/components/Toast";
import { useForm } from "@/lib/form";

function MailServerForm({ current }: { current: SmtpSettings | null }) {
  const form = useForm({
    host: current?.host ?? "",
    port: String(current?.port ?? 587),
    username: current?.username ?? "",
    password: "",
    fromAddress: current?.fromAddress ?? "",
    tls: current?.tls ?? "auto",
  });
  const save = useSaveSmtpSettings();
  const remove = useDeleteSmtpSettings();
  const test = useTestSmtp();
  const [to, setTo] = useState("");
  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="Mail server"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (v) => {
        try {
          await save.mutateAsync({
            host: v.host.trim(),
            port: Number(v.port),
            username: v.username.trim() || null,
            ...(v.password ? { password: v.password } : {}),
            fromAddress: v.fromAddress.trim(),
            tls: v.tls as SmtpSettings["tls"],
          });
          toast("Mail server saved.");
        } catch (e) {
          form.applyServerError(e);
        }
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Host" {...form.field("host")} />
        <TextField label="Port" inputMode="numeric" {...form.field("port")} />
        <TextField label="User name" autoComplete="off" {...form.field("username")} />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          hint={current?.passwordSet ? "Stored (encrypted). Leave empty to keep it." : undefined}
          {...form.field("password")}
        />
        <TextField label="From address" type="email" {...form.field("fromAddress")} />
        <SelectField
          label="TLS"
          options={[
            { value: "auto", label: "STARTTLS when offered" },
            { value: "starttls", label: "STARTTLS required" },
            { value: "tls", label: "TLS (port 465)" },
            { value: "none", label: "None" },
          ]}
          {...form.field("tls")}
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" loading={form.submitting}>
          Save mail server
        </Button>
        {current && (
          <Button variant="secondary" loading={remove.isPending} onClick={() => void remove.mutateAsync()}>
            Use the platform's server
          </Button>
        )}
      </div>
      {current && (
        <div className="flex flex-wrap items-end gap-2">
          <TextField label="Send a test to" type="email" value={to} onChange={(e) => setTo(e.target.value)} />
          <Button
            variant="secondary"
            loading={test.isPending}
            onClick={async () => {
              try {
                await test.mutateAsync(to.trim());
                toast("Test e-mail sent.");
              } catch (e) {
                toast(errorMessage(e), "error");
              }
            }}
          >
            Send test
          </Button>
        </div>
      )}
    </form>
  );
}

/** The tenant's own SMTP server; without one, the platform's (SMTP_URL) sends. */
export function MailServerCard() {
  const smtp = useSmtpSettings();
  return (
    <Card>
      <CardHeader title="Mail server" description="Send customer e-mails through your own SMTP server. Without one, the platform's server is used." />
      <CardBody>
        {smtp.isPending ? <PageLoader /> : smtp.isError ? <Alert>{errorMessage(smtp.error)}</Alert> : <MailServerForm current={smtp.data} />}
      </CardBody>
    </Card>
  );
}
