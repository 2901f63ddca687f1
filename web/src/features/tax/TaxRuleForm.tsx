import { useMemo } from "react";
import { useCreateTaxRule, useUpdateTaxRule } from "@/api/tax";
import type { TaxRule, TaxRuleUpdate } from "@/api/types";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { Checkbox, SelectField, TextField } from "@/components/Field";
import { countryOptions } from "@/lib/countries";
import { required, useForm } from "@/lib/form";
import { compare, dec, parseDecimal } from "@/lib/money";
import { rate } from "../billing/validators";

const priority = (v: unknown) => {
  const s = String(v ?? "").trim();
  if (!/^-?\d+$/.test(s)) return "Priority is a whole number.";
  const n = Number(s);
  return n < -1000 || n > 1000 ? "Use -1000 to 1000." : null;
};

export function TaxRuleForm({ rule, onSaved, onCancel }: { rule?: TaxRule; onSaved: (r: TaxRule) => void; onCancel: () => void }) {
  const create = useCreateTaxRule();
  const update = useUpdateTaxRule();
  const countries = useMemo(() => [{ value: "", label: "Choose a country…" }, ...countryOptions()], []);
  const form = useForm(
    {
      name: rule?.name ?? "",
      country: rule?.country ?? "",
      region: rule?.region ?? "",
      postcodePattern: rule?.postcodePattern ?? "",
      rate: rule?.rate ?? "",
      level: String(rule?.level ?? 1),
      compound: rule?.compound ?? false,
      priority: String(rule?.priority ?? 0),
      active: rule?.active ?? true,
    },
    { name: required("Name"), country: required("Country"), rate, priority },
  );
  const v = form.values;

  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label={rule ? "Edit tax rule" : "New tax rule"}
      className="space-y-4"
      onSubmit={form.handleSubmit(async (val) => {
        const fields = {
          name: val.name.trim(),
          country: val.country,
          region: val.region.trim() || null,
          postcodePattern: val.postcodePattern.trim() || null,
          rate: val.rate.trim(),
          level: Number(val.level),
          compound: val.level === "2" && val.compound,
          priority: Number(val.priority),
          active: val.active,
        };
        if (!rule) {
          onSaved(await create.mutateAsync(fields));
          return;
        }
        const body: TaxRuleUpdate = {};
        const same = (k: keyof typeof fields) =>
          k === "rate" ? compare(dec(fields.rate), parseDecimal(rule.rate) ?? dec("0")) === 0 : fields[k] === (rule[k] ?? null);
        for (const k of Object.keys(fields) as Array<keyof typeof fields>) if (!same(k)) (body as Record<string, unknown>)[k] = fields[k];
        onSaved(Object.keys(body).length ? await update.mutateAsync({ id: rule.id, body }) : rule);
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" placeholder="e.g. VAT, GST, State tax" autoFocus {...form.field("name")} />
        <TextField label="Rate (%)" inputMode="decimal" placeholder="19" {...form.field("rate")} />
        <SelectField label="Country" options={countries} {...form.field("country")} />
        <TextField label="Region / state" placeholder="Any" hint="ISO 3166-2 subdivision or name; empty matches the whole country." {...form.field("region")} />
        <TextField label="Postcode pattern" placeholder="Any" hint="e.g. 10* or 90210; * matches any ending." {...form.field("postcodePattern")} />
        <SelectField
          label="Level"
          options={[
            { value: "1", label: "1 — primary tax" },
            { value: "2", label: "2 — second tax (e.g. provincial)" },
          ]}
          {...form.field("level")}
        />
        <TextField label="Priority" type="number" hint="Higher wins when several rules match." {...form.field("priority")} />
      </div>
      <div className="space-y-3">
        {v.level === "2" && (
          <Checkbox
            label="Compound"
            hint="Applied on the subtotal plus the level-1 tax."
            name="compound"
            checked={v.compound}
            onChange={(e) => form.setValue("compound", e.target.checked)}
          />
        )}
        <Checkbox label="Active" hint="Inactive rules are kept but never applied." name="active" checked={v.active} onChange={(e) => form.setValue("active", e.target.checked)} />
      </div>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          {rule ? "Save rule" : "Create rule"}
        </Button>
      </div>
    </form>
  );
}
