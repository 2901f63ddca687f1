import { useAuth } from "@/app/auth/AuthProvider";
import { useCustomer } from "@/api/customers";
import { Card, CardBody, CardHeader } from "@/components/Card";
import { ErrorState, PageLoader } from "@/components/Feedback";
import { DetailList } from "@/components/Stat";
import { countryName } from "@/lib/countries";
import { formatMoney } from "@/lib/money";
import ProfilePage from "../profile/ProfilePage";
import { customerLabel } from "../billing/pickers";
import { SavedCards } from "../stripe/SavedCards";

/** The client's login (password, 2FA) and, read-only, the billing details their invoices carry. */
export default function PortalProfilePage() {
  const { me } = useAuth();
  const customer = useCustomer(me?.customerId);
  const c = customer.data;
  return (
    <div className="space-y-6">
      <ProfilePage />
      <Card>
        <CardHeader title="Billing details" description="To change them, contact us." />
        <CardBody>
          {customer.isPending ? (
            <PageLoader label="Loading…" />
          ) : customer.isError ? (
            <ErrorState error={customer.error} />
          ) : c ? (
            <DetailList
              items={[
                ["Billed to", customerLabel(c)],
                ["E-mail", c.email],
                ["Address", [c.addressLine1, c.addressLine2, [c.postcode, c.city].filter(Boolean).join(" "), c.region, countryName(c.country)].filter(Boolean).join(", ")],
                ["VAT ID", c.vatId],
                ["Account credit", formatMoney(c.creditBalance, c.currency)],
              ]}
            />
          ) : null}
        </CardBody>
      </Card>
      {me?.customerId && <SavedCards customerId={me.customerId} />}
    </div>
  );
}
