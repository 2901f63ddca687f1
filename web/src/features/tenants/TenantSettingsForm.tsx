import { useMemo } from "react";
import { useUpdateOwnTenant } from "@/api/tenants";
import { ApiError } from "@/api/errors";
import type { OwnTenant, OwnTenantUpdate } from "@/api/types";
import { Card, CardBody, CardHeader } from "@/components/Card";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { Checkbox, SelectField, TextField } from "@/components/Field";
import { toast } from "@/components/Toast";
import { countryOptions } from "@/lib/countries";
import { currency, required, useForm } from "@/lib/form";
import { amount } from "../billing/validators";

/** `settings.billing` as the server reads it (billing/settings.py), with the server's defaults. */
export interface BillingSettings {
  country: string | null;
  ossEnabled: boolean;
  taxPerLine: boolean;
  pricesIncludeTax: boolean;
  invoiceNumberFormat: string;
  creditNoteNumberFormat: string;
  paymentTermsDays: number;
  invoiceDaysBefore: number;
  unpaidReminderDaysBeforeDue: number;
  overdueReminderDays: number[];
  lateFeeDays: number | null;
  lateFeePercent: string | null;
  lateFeeFixed: string | null;
  lateFeeMinimum: string | null;
  suspendDays: number | null;
  terminateDays: number | null;
  continuousInvoicing: boolean;
}

export const BILLING_DEFAULTS: BillingSettings = {
  country: null,
  ossEnabled: false,
  taxPerLine: false,
  pricesIncludeTax: false,
  invoiceNumberFormat: "INV-{YYYY}-{seq:06}",
  creditNoteNumberFormat: "CN-{YYYY}-{seq:06}",
  paymentTermsDays: 14,
  invoiceDaysBefore: 14,
  unpaidReminderDaysBeforeDue: 3,
  overdueReminderDays: [1, 5, 10],
  lateFeeDays: null,
  lateFeePercent: null,
  lateFeeFixed: null,
  lateFeeMinimum: null,
  suspendDays: 7,
  terminateDays: 30,
  continuousInvoicing: false,
};

const REQUIRED_DAYS = ["paymentTermsDays", "invoiceDaysBefore", "unpaidReminderDaysBeforeDue"] as const;
const OPTIONAL_DAYS = ["lateFeeDays", "suspendDays", "terminateDays"] as const;
const AMOUNTS = ["lateFeePercent", "lateFeeFixed", "lateFeeMinimum"] as const;
const FLAGS = ["ossEnabled", "taxPerLine", "pricesIncludeTax", "continuousInvoicing"] as const;

function storedBilling(tenant: OwnTenant): Record<string, unknown> {
  const b = tenant.settings?.billing;
  return b && typeof b === "object" && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));

function initial(tenant: OwnTenant) {
  const b = { ...BILLING_DEFAULTS, ...storedBilling(tenant) } as BillingSettings;
  return {
    name: tenant.name,
    defaultCurrency: tenant.defaultCurrency,
    country: b.country ?? "",
    ossEnabled: !!b.ossEnabled,
    taxPerLine: !!b.taxPerLine,
    pricesIncludeTax: !!b.pricesIncludeTax,
    invoiceNumberFormat: str(b.invoiceNumberFormat),
    creditNoteNumberFormat: str(b.creditNoteNumberFormat),
    paymentTermsDays: str(b.paymentTermsDays),
    invoiceDaysBefore: str(b.invoiceDaysBefore),
    unpaidReminderDaysBeforeDue: str(b.unpaidReminderDaysBeforeDue),
    overdueReminderDays: Array.isArray(b.overdueReminderDays) ? b.overdueReminderDays.join(", ") : str(b.overdueReminderDays),
    lateFeeDays: str(b.lateFeeDays),
    lateFeePercent: str(b.lateFeePercent),
    lateFeeFixed: str(b.lateFeeFixed),
    lateFeeMinimum: str(b.lateFeeMinimum),
    suspendDays: str(b.suspendDays),
    terminateDays: str(b.terminateDays),
    continuousInvoicing: !!b.continuousInvoicing,
  };
}
type Values = ReturnType<typeof initial>;

const WHOLE = /^\d+$/;
const days =
  (label: string, optional = false) =>
  (v: unknown) => {
    const s = String(v ?? "").trim();
    if (!s) return optional ? null : `${label} is required.`;
    return WHOLE.test(s) ? null : `${label} must be a whole number of days.`;
  };
const dayList = (v: unknown) =>
  String(v ?? "")
    .split(/[\s,]+/)
    .filter(Boolean)
    .every((d) => WHOLE.test(d))
    ? null
    : "List whole numbers of days, e.g. 1, 5, 10.";

/** The whole `settings.billing` object from the form (the server replaces it, it does not merge it). */
export function billingFromValues(v: Values, stored: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stored, country: v.country || null, invoiceNumberFormat: v.invoiceNumberFormat.trim(), creditNoteNumberFormat: v.creditNoteNumberFormat.trim() };
  for (const k of FLAGS) out[k] = v[k];
  for (const k of REQUIRED_DAYS) out[k] = Number(v[k].trim());
  for (const k of OPTIONAL_DAYS) out[k] = v[k].trim() ? Number(v[k].trim()) : null;
  for (const k of AMOUNTS) out[k] = v[k].trim() || null;
  out.overdueReminderDays = v.overdueReminderDays.split(/[\s,]+/).filter(Boolean).map(Number);
  return out;
}

/** "settings.billing.overdueReminderDays.1" names the list's field, not a field called "1". */
function listErrorsOnTheirField(e: unknown): unknown {
  if (!(e instanceof ApiError)) return e;
  const details = e.details.map((d) => (typeof d.field === "string" ? { ...d, field: d.field.replace(/(overdueReminderDays)\.\d+$/, "$1") } : d));
  return new ApiError(e.status, e.code, e.message, details, e.retryAfter);
}

/** The own tenant's name, currency and billing automation; read-only without `tenant.write`. */
export function TenantSettingsForm({ tenant, canWrite }: { tenant: OwnTenant; canWrite: boolean }) {
  const update = useUpdateOwnTenant();
  const form = useForm(initial(tenant), {
    name: required("Name"),
    defaultCurrency: currency,
    invoiceNumberFormat: required("Invoice number format"),
    creditNoteNumberFormat: required("Credit note number format"),
    paymentTermsDays: days("Payment terms"),
    invoiceDaysBefore: days("Days before"),
    unpaidReminderDaysBeforeDue: days("Reminder days"),
    overdueReminderDays: dayList,
    lateFeeDays: days("Late fee days", true),
    lateFeePercent: amount("Late fee percent", { optional: true, positive: false }),
    lateFeeFixed: amount("Late fee", { optional: true, positive: false }),
    lateFeeMinimum: amount("Minimum late fee", { optional: true, positive: false }),
    suspendDays: days("Suspend after", true),
    terminateDays: days("Terminate after", true),
  });
  const countries = useMemo(() => [{ value: "", label: "Not set (domestic only)" }, ...countryOptions()], []);
  const v = form.values;
  const flagError = FLAGS.map((k) => form.error(k)).find(Boolean);

  const submit = form.handleSubmit(async (values) => {
    const body: OwnTenantUpdate = { settings: { billing: billingFromValues(values, storedBilling(tenant)) } };
    if (values.name.trim() !== tenant.name) body.name = values.name.trim();
    if (values.defaultCurrency !== tenant.defaultCurrency) body.defaultCurrency = values.defaultCurrency;
    try {
      await update.mutateAsync(body);
    } catch (e) {
      throw listErrorsOnTheirField(e);
    }
    toast("Settings saved");
  });

  const flag = (k: (typeof FLAGS)[number], label: string, hint: string) => (
    <Checkbox label={label} hint={hint} name={k} checked={v[k]} onChange={(e) => form.setValue(k, e.target.checked)} />
  );

  return (
    <form ref={form.formRef} noValidate aria-label="Tenant settings" className="space-y-6" onSubmit={submit}>
      {form.formError && <Alert>{form.formError}</Alert>}
      <fieldset disabled={!canWrite} className="space-y-6">
        <Card>
          <CardHeader title="Company" description="Shown to your staff and clients." />
          <CardBody className="grid gap-4 sm:grid-cols-2">
            <TextField label="Company name" autoComplete="organization" {...form.field("name")} />
            <TextField
              label="Default currency"
              maxLength={3}
              hint="For new customers without their own currency."
              {...form.field("defaultCurrency")}
              onChange={(e) => form.setValue("defaultCurrency", e.target.value.toUpperCase())}
            />
          </CardBody>
        </Card>

        <Card>
          <CardHeader title="Tax" description="Where you sell from decides reverse charge and OSS for EU VAT." />
          <CardBody className="space-y-4">
            <SelectField label="Country" options={countries} {...form.field("country")} containerClassName="sm:max-w-sm" />
            <div className="grid gap-4 sm:grid-cols-3">
              {flag("ossEnabled", "OSS enabled", "Charge EU consumers their own country's VAT.")}
              {flag("taxPerLine", "Tax per line", "Round tax on each line instead of the total.")}
              {flag("pricesIncludeTax", "Prices include tax", "Catalog prices are gross.")}
            </div>
            {flagError && <p className="text-xs text-red-600 dark:text-red-400">{flagError}</p>}
          </CardBody>
        </Card>

        <Card>
          <CardHeader title="Numbering and terms" />
          <CardBody className="grid gap-4 sm:grid-cols-3">
            <TextField label="Invoice number format" spellCheck={false} hint="e.g. INV-{YYYY}-{seq:06}" {...form.field("invoiceNumberFormat")} />
            <TextField label="Credit note number format" spellCheck={false} hint="e.g. CN-{YYYY}-{seq:06}" {...form.field("creditNoteNumberFormat")} />
            <TextField label="Payment terms (days)" inputMode="numeric" {...form.field("paymentTermsDays")} />
          </CardBody>
        </Card>

        <Card>
          <CardHeader title="Billing run" description="What the daily run does with subscriptions and unpaid invoices." />
          <CardBody className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-3">
              <TextField label="Invoice days before renewal" inputMode="numeric" {...form.field("invoiceDaysBefore")} />
              <TextField label="Reminder days before due" inputMode="numeric" {...form.field("unpaidReminderDaysBeforeDue")} />
              <TextField label="Overdue reminders (days)" hint="Days after the due date, e.g. 1, 5, 10." {...form.field("overdueReminderDays")} />
              <TextField label="Suspend after (days overdue)" inputMode="numeric" hint="Empty: never." {...form.field("suspendDays")} />
              <TextField label="Terminate after (days overdue)" inputMode="numeric" hint="Empty: never." {...form.field("terminateDays")} />
            </div>
            {flag("continuousInvoicing", "Continuous invoicing", "Invoice every due period, even while earlier invoices are unpaid.")}
          </CardBody>
        </Card>

        <Card>
          <CardHeader title="Late fees" description="Leave the days empty to charge no late fee." />
          <CardBody className="grid gap-4 sm:grid-cols-4">
            <TextField label="Late fee after (days)" inputMode="numeric" {...form.field("lateFeeDays")} />
            <TextField label="Late fee percent" inputMode="decimal" {...form.field("lateFeePercent")} />
            <TextField label="Late fee fixed" inputMode="decimal" {...form.field("lateFeeFixed")} />
            <TextField label="Late fee minimum" inputMode="decimal" {...form.field("lateFeeMinimum")} />
          </CardBody>
        </Card>
      </fieldset>
      {canWrite ? (
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => form.reset(initial(tenant))} disabled={form.submitting}>
            Reset
          </Button>
          <Button type="submit" loading={form.submitting}>
            Save settings
          </Button>
        </div>
      ) : (
        <p className="text-sm text-slate-500">You can view these settings; changing them needs the tenant.write permission.</p>
      )}
    </form>
  );
}
