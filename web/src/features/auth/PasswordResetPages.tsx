import { useState, type ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { confirmPasswordReset, requestPasswordReset } from "@/api/auth";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { TextField } from "@/components/Field";
import { email as emailRule, useForm } from "@/lib/form";

function Shell({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4 py-10">
      <div className="mb-8 flex items-center gap-2">
        <img src="/favicon.svg" alt="" className="h-9 w-9" />
        <span className="text-2xl font-semibold tracking-tight">MPanel</span>
      </div>
      <div className="w-full max-w-sm space-y-4 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8 dark:bg-slate-900 dark:ring-slate-800">
        <h1 className="text-xl font-semibold">{title}</h1>
        {children}
        <Link to="/login" className="block text-center text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Back to sign in
        </Link>
      </div>
    </div>
  );
}

/** Ask for a reset link. The answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const [sent, setSent] = useState(false);
  const form = useForm({ email: "" }, { email: emailRule });
  return (
    <Shell title="Forgot your password?">
      {sent ? (
        <Alert tone="success">If an account uses this address, an e-mail with a link to choose a new password is on its way.</Alert>
      ) : (
        <form
          ref={form.formRef}
          noValidate
          aria-label="Reset password"
          className="space-y-4"
          onSubmit={form.handleSubmit(async (v) => {
            await requestPasswordReset({ email: v.email.trim() });
            setSent(true);
          })}
        >
          <p className="text-sm text-slate-500">Enter your e-mail address and we will send you a link.</p>
          {form.formError && <Alert>{form.formError}</Alert>}
          <TextField label="E-mail" type="email" autoComplete="username" autoFocus {...form.field("email")} />
          <Button type="submit" className="w-full" loading={form.submitting}>
            Send the link
          </Button>
        </form>
      )}
    </Shell>
  );
}

/** The link's page: choose a new password with the token from the e-mail. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [done, setDone] = useState(false);
  const form = useForm(
    { newPassword: "", repeat: "" },
    {
      newPassword: (v) => (v.length < 10 ? "At least 10 characters." : null),
      repeat: (v, all) => (v !== all.newPassword ? "The passwords differ." : null),
    },
  );
  return (
    <Shell title="Choose a new password">
      {done ? (
        <Alert tone="success">Your password is set. Sign in with it; every other session has ended.</Alert>
      ) : !token ? (
        <Alert>This link is incomplete. Open the link from the e-mail again.</Alert>
      ) : (
        <form
          ref={form.formRef}
          noValidate
          aria-label="New password"
          className="space-y-4"
          onSubmit={form.handleSubmit(async (v) => {
            await confirmPasswordReset({ token, newPassword: v.newPassword });
            setDone(true);
          })}
        >
          {form.formError && <Alert>{form.formError}</Alert>}
          <TextField label="New password" type="password" autoComplete="new-password" autoFocus {...form.field("newPassword")} />
          <TextField label="Repeat the password" type="password" autoComplete="new-password" {...form.field("repeat")} />
          <Button type="submit" className="w-full" loading={form.submitting}>
            Set the password
          </Button>
        </form>
      )}
    </Shell>
  );
}

export default ForgotPasswordPage;
