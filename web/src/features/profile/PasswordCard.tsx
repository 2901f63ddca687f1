import { useChangePassword } from "@/api/auth";
import { Card, CardBody, CardHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { Alert } from "@/components/Feedback";
import { TextField } from "@/components/Field";
import { toast } from "@/components/Toast";
import { password, required, useForm } from "@/lib/form";

export function PasswordCard() {
  const change = useChangePassword();
  const form = useForm(
    { currentPassword: "", newPassword: "", confirm: "" },
    {
      currentPassword: required("Current password"),
      newPassword: (v, all) => password(v) ?? (v && v === all.currentPassword ? "Choose a password different from the current one." : null),
      confirm: (v, all) => (v !== all.newPassword ? "The passwords do not match." : null),
    },
  );
  return (
    <Card id="password" className="scroll-mt-20">
      <CardHeader title="Password" description="Use a long passphrase you don't use anywhere else." />
      <CardBody>
        <form
          ref={form.formRef}
          noValidate
          aria-label="Change password"
          className="max-w-md space-y-4"
          onSubmit={form.handleSubmit(async (v) => {
            await change.mutateAsync({ currentPassword: v.currentPassword, newPassword: v.newPassword });
            form.reset();
            toast("Password changed");
          })}
        >
          {form.formError && <Alert>{form.formError}</Alert>}
          <TextField label="Current password" type="password" autoComplete="current-password" {...form.field("currentPassword")} />
          <TextField label="New password" type="password" autoComplete="new-password" hint="At least 10 characters." {...form.field("newPassword")} />
          <TextField label="Repeat new password" type="password" autoComplete="new-password" {...form.field("confirm")} />
          <Button type="submit" loading={form.submitting}>
            Change password
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
