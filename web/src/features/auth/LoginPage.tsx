import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { ApiError } from "@/api/errors";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { TextField } from "@/components/Field";
import { Icon } from "@/components/icons";
import { email as emailRule, required, totpCode as totpRule, useForm } from "@/lib/form";
import { useTheme } from "@/lib/theme";

type Step = "credentials" | "totp";

function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/";
}

export default function LoginPage() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [theme, , toggleTheme] = useTheme();
  const [step, setStep] = useState<Step>("credentials");
  const [showTenant, setShowTenant] = useState(!!params.get("tenant"));
  const [tenantRequired, setTenantRequired] = useState(false);
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const tenantRef = useRef<HTMLInputElement>(null);

  const creds = useForm(
    { email: "", password: "", tenant: params.get("tenant") ?? "" },
    { email: emailRule, password: required("Password") },
  );
  const totp = useForm({ totpCode: "" }, { totpCode: totpRule });

  // Count down a 429's Retry-After.
  useEffect(() => {
    if (!retryAt) return;
    const t = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= retryAt) setRetryAt(null);
    }, 1000);
    return () => clearInterval(t);
  }, [retryAt]);
  const waitSecs = retryAt ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : 0;

  const attempt = async (totpCode?: string) => {
    const { email, password, tenant } = creds.values;
    try {
      await signIn({
        email: email.trim(),
        password,
        ...(tenant.trim() ? { tenant: tenant.trim() } : {}),
        ...(totpCode ? { totpCode } : {}),
      });
      navigate(safeNext(params.get("next")), { replace: true });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 429 || e.code === "rate_limited") {
        setRetryAt(Date.now() + (e.retryAfter ?? 30) * 1000);
        setNow(Date.now());
        throw e;
      }
      if (e.code === "totp_required" || e.code === "totp_invalid") {
        if (step === "totp" && totpCode) {
          // A wrong or expired code: show it on the code field.
          throw new ApiError(e.status, e.code, e.message, [{ field: "totpCode", message: e.message }]);
        }
        setStep("totp");
        return;
      }
      if (e.code === "tenant_required") {
        setShowTenant(true);
        setTenantRequired(true);
        setStep("credentials");
        creds.setFormError(e.message);
        setTimeout(() => tenantRef.current?.focus(), 0);
        return;
      }
      if (step === "totp" && e.code === "invalid_credentials") {
        setStep("credentials");
        creds.setFormError(e.message);
        return;
      }
      throw e;
    }
  };

  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4 py-10">
      <button
        type="button"
        onClick={toggleTheme}
        className="fixed right-4 top-4 rounded p-2 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
        aria-label={theme === "dark" ? "Switch to light theme" : "Switch to dark theme"}
      >
        <Icon name={theme === "dark" ? "sun" : "moon"} />
      </button>
      <div className="mb-8 flex items-center gap-2">
        <img src="/favicon.svg" alt="" className="h-9 w-9" />
        <span className="text-2xl font-semibold tracking-tight">MPanel</span>
      </div>
      <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8 dark:bg-slate-900 dark:ring-slate-800">
        {step === "credentials" ? (
          <form ref={creds.formRef} onSubmit={creds.handleSubmit(() => attempt())} noValidate className="space-y-4" aria-label="Sign in">
            <div className="flex items-start justify-between gap-2">
              <div>
                <h1 className="text-xl font-semibold">Sign in</h1>
                <p className="mt-1 text-sm text-slate-500">to your control panel</p>
              </div>
              {/* No blur on press: the e-mail field's "required" message would move the card under the pointer. */}
              <Link to="/forgot-password" onMouseDown={(e) => e.preventDefault()} className="mt-1 text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">
                Forgot password?
              </Link>
            </div>
            {creds.formError && (
              <Alert tone={tenantRequired && !creds.values.tenant ? "info" : "error"}>
                {creds.formError}
                {waitSecs > 0 && <span> Try again in {waitSecs} s.</span>}
              </Alert>
            )}
            <TextField label="E-mail" type="email" autoComplete="username" autoFocus {...creds.field("email")} />
            <TextField label="Password" type="password" autoComplete="current-password" {...creds.field("password")} />
            {showTenant ? (
              <TextField
                ref={tenantRef}
                label="Company ID"
                hint="The short name of your hosting company's account, e.g. acme."
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                {...creds.field("tenant")}
              />
            ) : (
              <button type="button" className="text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400" onClick={() => setShowTenant(true)}>
                Sign in to a specific company
              </button>
            )}
            <Button type="submit" className="w-full" loading={creds.submitting} disabled={waitSecs > 0}>
              {waitSecs > 0 ? `Try again in ${waitSecs} s` : "Sign in"}
            </Button>
          </form>
        ) : (
          <form
            ref={totp.formRef}
            onSubmit={totp.handleSubmit((v) => attempt(v.totpCode.replace(/\s/g, "")))}
            noValidate
            className="space-y-4"
            aria-label="Two-factor authentication"
          >
            <div>
              <h1 className="text-xl font-semibold">Two-factor authentication</h1>
              <p className="mt-1 text-sm text-slate-500">Enter the 6-digit code from your authenticator app.</p>
            </div>
            {totp.formError && (
              <Alert>
                {totp.formError}
                {waitSecs > 0 && <span> Try again in {waitSecs} s.</span>}
              </Alert>
            )}
            <TextField
              label="Authentication code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              maxLength={7}
              autoFocus
              placeholder="123456"
              className="text-center font-mono text-lg tracking-[0.4em]"
              {...totp.field("totpCode")}
            />
            <Button type="submit" className="w-full" loading={totp.submitting} disabled={waitSecs > 0}>
              {waitSecs > 0 ? `Try again in ${waitSecs} s` : "Verify"}
            </Button>
            <button
              type="button"
              className="w-full text-center text-xs font-medium text-slate-500 hover:underline"
              onClick={() => {
                totp.reset();
                setStep("credentials");
              }}
            >
              Back
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
