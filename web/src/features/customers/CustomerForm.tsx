import { useMemo } from "react";
import { useCreateCustomer, useUpdateCustomer } from "@/api/customers";
import { CUSTOMER_STATUSES, type Customer, type CustomerCreate, type CustomerKind, type CustomerStatus, type CustomerUpdate } from "@/api/types";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { Checkbox, FieldShell, SelectField, TextField, inputClass } from "@/components/Field";
import { countryOptions } from "@/lib/countries";
import { email, required, useForm } from "@/lib/form";
import { cn } from "@/lib/cn";
import { CUSTOMER_STATUS_LABELS, options } from "../billing/labels";

interface Props {
  /** Edit this customer; without it the form creates one. */
  customer?: Customer;
  onSaved: (c: Customer) => void;
  onCancel: () => void;
}

const OPTIONAL = ["companyName", "phone", "addressLine1", "addressLine2", "city", "region", "postcode", "vatId"] as const;

function initial(c?: Customer) {
  return {
    kind: (c?.kind ?? "person") as CustomerKind,
    name: c?.name ?? "",
    companyName: c?.companyName ?? "",
    email: c?.email ?? "",
    phone: c?.phone ?? "",
    addressLine1: c?.addressLine1 ?? "",
    addressLine2: c?.addressLine2 ?? "",
    city: c?.city ?? "",
    region: c?.region ?? "",
    postcode: c?.postcode ?? "",
    country: c?.country ?? "",
    vatId: c?.vatId ?? "",
    taxExempt: c?.taxExempt ?? false,
    currency: c?.currency ?? "",
    notes: c?.notes ?? "",
    status: (c?.status ?? "active") as CustomerStatus,
  };
}

const currencyCode = (v: unknown) => {
  const s = String(v ?? "");
  return !s || /^[A-Z]{3}$/.test(s) ? null : "Use a 3-letter ISO 4217 code, e.g. EUR.";
};

/** New or edited customer: person or company, billing address, VAT id (checked by the server). */
export function CustomerForm({ customer, onSaved, onCancel }: Props) {
  const create = useCreateCustomer();
  const update = useUpdateCustomer();
  const editing = !!customer;
  const form = useForm(initial(customer), {
    name: required("Name"),
    email,
    country: required("Country"),
    currency: currencyCode,
    companyName: (v, all) => (all.kind === "company" && !String(v).trim() ? "Company name is required for a company." : null),
  });
  const countries = useMemo(() => [{ value: "", label: "Choose a country…" }, ...countryOptions()], []);
  const v = form.values;

  const submit = form.handleSubmit(async (values) => {
    const trimmed = (k: (typeof OPTIONAL)[number]) => String(values[k]).trim();
    if (!customer) {
      const body: CustomerCreate = {
        kind: values.kind,
        name: values.name.trim(),
        email: values.email.trim(),
        country: values.country,
        taxExempt: values.taxExempt,
      };
      for (const k of OPTIONAL) {
        if (k === "companyName" && values.kind !== "company") continue;
        if (trimmed(k)) body[k] = trimmed(k);
      }
      if (values.currency) body.currency = values.currency;
      if (values.notes.trim()) body.notes = values.notes.trim();
      onSaved(await create.mutateAsync(body));
      return;
    }
    // Edit: send what changed; an emptied optional field becomes null (cleared).
    const body: CustomerUpdate = {};
    if (values.kind !== customer.kind) body.kind = values.kind;
    if (values.name.trim() !== customer.name) body.name = values.name.trim();
    if (values.email.trim() !== customer.email) body.email = values.email.trim();
    if (values.country !== customer.country) body.country = values.country;
    if (values.taxExempt !== customer.taxExempt) body.taxExempt = values.taxExempt;
    if (values.currency && values.currency !== customer.currency) body.currency = values.currency;
    if (values.status !== customer.status) body.status = values.status;
    if (values.notes.trim() !== (customer.notes ?? "")) body.notes = values.notes.trim();
    for (const k of OPTIONAL) {
      const next = k === "companyName" && values.kind !== "company" ? "" : trimmed(k);
      if (next !== (customer[k] ?? "")) body[k] = next || null;
    }
    onSaved(Object.keys(body).length ? await update.mutateAsync({ id: customer.id, body }) : customer);
  });

  return (
    <form ref={form.formRef} noValidate aria-label={editing ? "Edit customer" : "New customer"} className="space-y-5" onSubmit={submit}>
      {form.formError && <Alert>{form.formError}</Alert>}

      <fieldset>
        <legend className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300">Type</legend>
        <div className="inline-flex rounded-md p-0.5 ring-1 ring-slate-300 dark:ring-slate-700" role="radiogroup" aria-label="Type">
          {(["person", "company"] as const).map((k) => (
            <label
              key={k}
              className={cn(
                "cursor-pointer rounded px-3 py-1.5 text-sm font-medium",
                v.kind === k ? "bg-indigo-600 text-white" : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800",
              )}
            >
              <input type="radio" name="kind" value={k} checked={v.kind === k} onChange={() => form.setValue("kind", k)} className="sr-only" />
              {k === "person" ? "Person" : "Company"}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        {v.kind === "company" && <TextField label="Company name" autoComplete="organization" {...form.field("companyName")} containerClassName="sm:col-span-2" />}
        <TextField label={v.kind === "company" ? "Contact name" : "Name"} autoComplete="name" autoFocus {...form.field("name")} />
        <TextField label="E-mail" type="email" autoComplete="email" {...form.field("email")} />
        <TextField label="Phone" type="tel" autoComplete="tel" {...form.field("phone")} />
        <SelectField label="Country" options={countries} {...form.field("country")} />
      </div>

      <fieldset className="space-y-4 rounded-md border border-slate-200 p-4 dark:border-slate-700">
        <legend className="px-1 text-sm font-medium">Billing address</legend>
        <TextField label="Address line 1" autoComplete="address-line1" {...form.field("addressLine1")} />
        <TextField label="Address line 2" autoComplete="address-line2" {...form.field("addressLine2")} />
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField label="Postcode" autoComplete="postal-code" {...form.field("postcode")} />
          <TextField label="City" autoComplete="address-level2" {...form.field("city")} />
          <TextField label="Region / state" autoComplete="address-level1" {...form.field("region")} />
        </div>
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="VAT ID"
          spellCheck={false}
          hint="Checked against the country's format, e.g. DE136695976."
          {...form.field("vatId")}
          onChange={(e) => form.setValue("vatId", e.target.value.toUpperCase())}
        />
        <TextField
          label="Currency"
          maxLength={3}
          placeholder={editing ? undefined : "Tenant default"}
          hint={editing ? "Cannot change while the customer holds account credit." : "Leave empty for the tenant's currency."}
          {...form.field("currency")}
          onChange={(e) => form.setValue("currency", e.target.value.toUpperCase())}
        />
        {editing && (
          <SelectField label="Status" options={options(CUSTOMER_STATUS_LABELS, CUSTOMER_STATUSES)} {...form.field("status")} />
        )}
        <div className={editing ? "flex items-end pb-2" : "sm:col-span-2"}>
          <Checkbox
            label="Tax exempt"
            hint="No tax is added to this customer's invoices."
            name="taxExempt"
            checked={v.taxExempt}
            onChange={(e) => form.setValue("taxExempt", e.target.checked)}
          />
        </div>
      </div>
      {form.error("taxExempt") && <p className="text-xs text-red-600">{form.error("taxExempt")}</p>}

      <FieldShell label="Notes" error={form.error("notes")} hint="Only staff see these.">
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            rows={3}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            className={inputClass}
            {...form.field("notes")}
          />
        )}
      </FieldShell>

      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          {editing ? "Save customer" : "Create customer"}
        </Button>
      </div>
    </form>
  );
}
