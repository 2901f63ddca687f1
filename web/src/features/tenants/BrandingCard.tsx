import { useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/api/client";
import { errorMessage } from "@/api/errors";
import { ownTenantKey, useUpdateOwnTenant } from "@/api/tenants";
import type { OwnTenant } from "@/api/types";
import { Button } from "@/components/Button";
import { Card, CardBody, CardHeader } from "@/components/Card";
import { Alert } from "@/components/Feedback";
import { TextField } from "@/components/Field";
import { toast } from "@/components/Toast";
import { useForm } from "@/lib/form";

const FIELDS = [
  ["legalName", "Legal name", "Shown on invoices; the company name when empty."],
  ["taxId", "Tax ID", "VAT or tax registration number."],
  ["addressLine1", "Address", ""],
  ["addressLine2", "Address (2nd line)", ""],
  ["postcode", "Postcode", ""],
  ["city", "City", ""],
  ["region", "Region", ""],
  ["country", "Country (ISO code)", "e.g. DE"],
  ["email", "Billing e-mail", "Reply-To of customer e-mails."],
  ["phone", "Phone", ""],
  ["website", "Website", ""],
  ["invoiceFooter", "Invoice footer", "Payment instructions, bank details."],
] as const;
type Key = (typeof FIELDS)[number][0];

/** The tenant's identity on invoices and e-mails (`settings.branding`) and its logo. */
export function BrandingCard({ tenant, canWrite }: { tenant: OwnTenant; canWrite: boolean }) {
  const stored = (tenant.settings?.branding ?? {}) as Partial<Record<Key, string | null>>;
  const form = useForm(Object.fromEntries(FIELDS.map(([k]) => [k, stored[k] ?? ""])) as Record<Key, string>);
  const update = useUpdateOwnTenant();
  const qc = useQueryClient();
  const file = useRef<HTMLInputElement>(null);
  const [logoError, setLogoError] = useState<string | null>(null);
  const [logoBusy, setLogoBusy] = useState(false);
  const hasLogo = !!tenant.settings?.logo;

  const upload = async (picked: File | undefined) => {
    if (!picked) return;
    setLogoError(null);
    setLogoBusy(true);
    try {
      const body = new FormData();
      body.append("file", picked);
      const saved = await unwrap(
        api.PUT("/api/tenant/logo", { body: body as never, bodySerializer: (b: unknown) => b as FormData }),
      );
      qc.setQueryData(ownTenantKey, saved);
      toast("Logo uploaded.");
    } catch (e) {
      setLogoError(errorMessage(e));
    } finally {
      setLogoBusy(false);
      if (file.current) file.current.value = "";
    }
  };

  return (
    <Card>
      <CardHeader title="Invoices and e-mails" description="Your company's details on invoice PDFs and customer e-mails." />
      <CardBody>
        <form
          ref={form.formRef}
          noValidate
          aria-label="Branding"
          className="space-y-4"
          onSubmit={form.handleSubmit(async (values) => {
            const branding = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() || null]));
            try {
              await update.mutateAsync({ settings: { branding } });
              toast("Details saved.");
            } catch (e) {
              form.applyServerError(e);
            }
          })}
        >
          {form.formError && <Alert>{form.formError}</Alert>}
          <div className="grid gap-4 sm:grid-cols-2">
            {FIELDS.map(([key, label, hint]) => (
              <TextField key={key} label={label} hint={hint || undefined} disabled={!canWrite} {...form.field(key)} />
            ))}
          </div>
          {canWrite && (
            <Button type="submit" loading={form.submitting}>
              Save details
            </Button>
          )}
        </form>
        <div className="mt-6 space-y-2">
          <p className="text-sm font-medium">Logo {hasLogo ? "(uploaded)" : "(none)"}</p>
          {logoError && <Alert>{logoError}</Alert>}
          {canWrite && (
            <label className="inline-flex cursor-pointer items-center gap-2 text-sm">
              <input
                ref={file}
                type="file"
                accept="image/png,image/jpeg"
                aria-label="Upload logo"
                disabled={logoBusy}
                onChange={(e) => void upload(e.target.files?.[0])}
              />
            </label>
          )}
          <p className="text-xs text-slate-500">PNG or JPEG, at most 512 KiB.</p>
        </div>
      </CardBody>
    </Card>
  );
}
