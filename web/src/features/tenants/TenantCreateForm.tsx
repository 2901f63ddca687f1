import { useState } from "react";
import { useCreateTenant } from "@/api/tenants";
import type { Tenant } from "@/api/types";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { TextField } from "@/components/Field";
import { currency, email, password, required, slug, slugify, useForm } from "@/lib/form";

export function TenantCreateForm({ onCreated, onCancel }: { onCreated: (t: Tenant) => void; onCancel: () => void }) {
  const create = useCreateTenant();
  const [slugEdited, setSlugEdited] = useState(false);
  const form = useForm(
    { name: "", slug: "", defaultCurrency: "USD", ownerName: "", ownerEmail: "", ownerPassword: "" },
    { name: required("Name"), slug, defaultCurrency: currency, ownerName: required("Owner name"), ownerEmail: email, ownerPassword: password },
  );
  const nameField = form.field("name");
  const slugField = form.field("slug");
  const currencyField = form.field("defaultCurrency");

  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="New tenant"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (v) => {
        const t = await create.mutateAsync({
          name: v.name.trim(),
          slug: v.slug,
          defaultCurrency: v.defaultCurrency,
          ownerName: v.ownerName.trim(),
          ownerEmail: v.ownerEmail.trim(),
          ownerPassword: v.ownerPassword,
        });
        onCreated(t);
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Company name"
          autoFocus
          {...nameField}
          onChange={(e) => {
            nameField.onChange(e);
            if (!slugEdited) form.setValue("slug", slugify(e.target.value));
          }}
        />
        <TextField
          label="Slug"
          hint="Used to sign in (Company ID) and in URLs."
          autoCapitalize="none"
          spellCheck={false}
          {...slugField}
          onChange={(e) => {
            setSlugEdited(true);
            slugField.onChange({ target: { value: e.target.value.toLowerCase() } });
          }}
        />
        <TextField
          label="Default currency"
          maxLength={3}
          {...currencyField}
          onChange={(e) => currencyField.onChange({ target: { value: e.target.value.toUpperCase() } })}
        />
      </div>
      <fieldset className="space-y-4 rounded-md border border-slate-200 p-4 dark:border-slate-700">
        <legend className="px-1 text-sm font-medium">Owner account</legend>
        <TextField label="Owner name" {...form.field("ownerName")} />
        <TextField label="Owner e-mail" type="email" autoComplete="off" {...form.field("ownerEmail")} />
        <TextField label="Owner password" type="password" autoComplete="new-password" hint="At least 10 characters." {...form.field("ownerPassword")} />
      </fieldset>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          Create tenant
        </Button>
      </div>
    </form>
  );
}
