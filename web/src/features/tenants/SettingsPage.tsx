import { useAuth } from "@/app/auth/AuthProvider";
import { useOwnTenant } from "@/api/tenants";
import { PageHeader } from "@/components/Card";
import { ErrorState, PageLoader } from "@/components/Feedback";
import { StripeSettingsCard } from "../stripe/StripeSettingsCard";
import { MailServerCard } from "../email/MailServerCard";
import { BrandingCard } from "./BrandingCard";
import { TenantSettingsForm } from "./TenantSettingsForm";

/** The own tenant: name, currency and the billing automation in `settings.billing`. */
export default function SettingsPage() {
  const { can } = useAuth();
  const tenant = useOwnTenant();
  return (
    <>
      <PageHeader title="Settings" description="Your company, tax, invoice numbering, the billing run and card payments." />
      {tenant.isPending ? (
        <PageLoader label="Loading settings…" />
      ) : tenant.isError ? (
        <ErrorState error={tenant.error} onRetry={() => tenant.refetch()} />
      ) : (
        <div className="space-y-6">
          <TenantSettingsForm key={tenant.data.id} tenant={tenant.data} canWrite={can("tenant.write")} />
          {can("tenant.write") && <StripeSettingsCard slug={tenant.data.slug} />}
          <BrandingCard key={`b-${tenant.data.id}`} tenant={tenant.data} canWrite={can("tenant.write")} />
          {can("email.write") && <MailServerCard />}
        </div>
      )}
    </>
  );
}
