import { useUpdateTenant } from "@/api/tenants";
import type { Tenant } from "@/api/types";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { TextField } from "@/components/Field";
import { currency, required, useForm } from "@/lib/form";

/** A platform operator edits a tenant's name and default currency (status has its own confirmation). */
export function TenantEditForm({ tenant, onSaved, onCancel }: { tenant: Tenant; onSaved: (t: Tenant) => void; onCancel: () => void }) {
  const update = useUpdateTenant();
  const form = useForm({ name: tenant.name, defaultCurrency: tenant.defaultCurrency }, { name: required("Name"), defaultCurrency: currency });
  const currencyField = form.field("defaultCurrency");

  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="Edit tenant"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (v) => {
        const body: { name?: string; defaultCurrency?: string } = {};
        if (v.name.trim() !== tenant.name) body.name = v.name.trim();
        if (v.defaultCurrency !== tenant.defaultCurrency) body.defaultCurrency = v.defaultCurrency;
        onSaved(Object.keys(body).length ? await update.mutateAsync({ id: tenant.id, body }) : tenant);
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <p className="text-sm text-slate-500">
        Company ID <span className="font-mono">{tenant.slug}</span> (cannot change: its users sign in with it).
      </p>
      <TextField label="Company name" autoFocus {...form.field("name")} />
      <TextField
        label="Default currency"
        maxLength={3}
        hint="For new customers, products and TLDs; existing ones keep theirs."
        {...currencyField}
        onChange={(e) => currencyField.onChange({ target: { value: e.target.value.toUpperCase() } })}
      />
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onCancel} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          Save
        </Button>
      </div>
    </form>
  );
}
