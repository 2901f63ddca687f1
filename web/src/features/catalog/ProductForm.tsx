import { useState } from "react";
import { useCreateProduct, useUpdateProduct } from "@/api/catalog";
import { ApiError, splitRowErrors } from "@/api/errors";
import {
  BILLING_CYCLES,
  PRODUCT_STATUSES,
  PRODUCT_TYPES,
  type BillingCycle,
  type Product,
  type ProductCreate,
  type ProductStatus,
  type ProductType,
  type ProductUpdate,
} from "@/api/types";
import { Alert } from "@/components/Feedback";
import { Button } from "@/components/Button";
import { FieldShell, SelectField, TextField, inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { required, useForm } from "@/lib/form";
import { AMOUNT_PATTERN } from "@/lib/money";
import { cn } from "@/lib/cn";
import { CYCLE_LABELS, PRODUCT_STATUS_LABELS, PRODUCT_TYPE_LABELS, options } from "../billing/labels";

interface PriceRow {
  billingCycle: BillingCycle;
  price: string;
  setupFee: string;
}
const LIMITS = [
  ["diskMb", "Disk (MB)"],
  ["bandwidthGb", "Bandwidth (GB)"],
  ["sites", "Sites"],
  ["mailboxes", "Mailboxes"],
  ["databases", "Databases"],
] as const;
type LimitKey = (typeof LIMITS)[number][0];

const currencyCode = (v: unknown) => (!v || /^[A-Z]{3}$/.test(String(v)) ? null : "Use a 3-letter ISO 4217 code, e.g. EUR.");

export function ProductForm({ product, onSaved, onCancel }: { product?: Product; onSaved: (p: Product) => void; onCancel: () => void }) {
  const create = useCreateProduct();
  const update = useUpdateProduct();
  const [prices, setPrices] = useState<PriceRow[]>(
    product?.prices.length ? product.prices.map((p) => ({ ...p })) : [{ billingCycle: "monthly", price: "", setupFee: "0" }],
  );
  const [limits, setLimits] = useState<Record<LimitKey, string>>(() =>
    Object.fromEntries(LIMITS.map(([k]) => [k, product?.provisioningSpec?.[k] == null ? "" : String(product.provisioningSpec[k])])) as Record<LimitKey, string>,
  );
  const [rowErrors, setRowErrors] = useState<Record<number, Record<string, string>>>({});
  const [submitted, setSubmitted] = useState(false);
  const form = useForm(
    {
      name: product?.name ?? "",
      type: (product?.type ?? "hosting") as ProductType,
      description: product?.description ?? "",
      status: (product?.status ?? "active") as ProductStatus,
      currency: product?.currency ?? "",
      billingCycle: (product?.billingCycle ?? "monthly") as BillingCycle,
    },
    { name: required("Name"), currency: currencyCode },
  );
  const v = form.values;
  const clientRows = prices.map((p, i) => {
    const e: Record<string, string> = {};
    if (!AMOUNT_PATTERN.test(p.price.trim())) e.price = "Enter a price, e.g. 9.99.";
    if (p.setupFee.trim() && !AMOUNT_PATTERN.test(p.setupFee.trim())) e.setupFee = "Enter an amount or 0.";
    if (prices.findIndex((q) => q.billingCycle === p.billingCycle) !== i) e.billingCycle = "Each cycle once.";
    return e;
  });
  const errs = (i: number) => ({ ...(submitted ? clientRows[i] : {}), ...(rowErrors[i] ?? {}) });
  const usedCycles = new Set(prices.map((p) => p.billingCycle));
  const setRow = (i: number, patch: Partial<PriceRow>) => {
    setPrices((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setRowErrors({});
  };
  const defaultCycle = usedCycles.has(v.billingCycle) ? v.billingCycle : prices[0]?.billingCycle;
  const limitError = (k: LimitKey) => (submitted && limits[k].trim() && !/^\d+$/.test(limits[k].trim()) ? "A whole number, or empty for unlimited." : null);

  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label={product ? "Edit product" : "New product"}
      className="space-y-5"
      onSubmit={(ev) => {
        setSubmitted(true);
        setRowErrors({});
        if (clientRows.some((r) => Object.keys(r).length) || LIMITS.some(([k]) => limitError(k) || (limits[k].trim() && !/^\d+$/.test(limits[k].trim())))) {
          ev.preventDefault();
          form.setFormError(null); // the server's word on the previous try no longer applies
          return;
        }
        void form.handleSubmit(async (val) => {
          const priceList = prices.map((p) => ({ billingCycle: p.billingCycle, price: p.price.trim(), setupFee: p.setupFee.trim() || "0" }));
          const spec =
            val.type === "hosting"
              ? (Object.fromEntries(LIMITS.map(([k]) => [k, limits[k].trim() ? Number(limits[k].trim()) : null])) as Record<LimitKey, number | null>)
              : undefined;
          try {
            if (!product) {
              const body: ProductCreate = {
                name: val.name.trim(),
                type: val.type,
                description: val.description.trim(),
                status: val.status,
                prices: priceList,
                billingCycle: defaultCycle,
                ...(val.currency ? { currency: val.currency } : {}),
                ...(spec ? { provisioningSpec: spec } : {}),
              };
              onSaved(await create.mutateAsync(body));
            } else {
              const body: ProductUpdate = { prices: priceList, billingCycle: defaultCycle };
              if (val.name.trim() !== product.name) body.name = val.name.trim();
              if (val.description.trim() !== product.description) body.description = val.description.trim();
              if (val.status !== product.status) body.status = val.status;
              if (val.currency && val.currency !== product.currency) body.currency = val.currency;
              if (spec) body.provisioningSpec = spec;
              onSaved(await update.mutateAsync({ id: product.id, body }));
            }
          } catch (e) {
            const { rows, rest } = splitRowErrors(e, "prices");
            setRowErrors(rows);
            // Every detail sits on its price row: no "Some fields are not valid." above the form too.
            if (Object.keys(rows).length && rest instanceof ApiError && !rest.details.length) return;
            throw rest;
          }
        })(ev);
      }}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" autoFocus {...form.field("name")} />
        <SelectField
          label="Type"
          options={options(PRODUCT_TYPE_LABELS, PRODUCT_TYPES)}
          disabled={!!product}
          hint={product ? "The type cannot change: services depend on it." : undefined}
          {...form.field("type")}
        />
        <SelectField label="Status" options={options(PRODUCT_STATUS_LABELS, PRODUCT_STATUSES)} hint="Hidden: not offered to new orders. Retired: kept for history." {...form.field("status")} />
        <TextField
          label="Currency"
          maxLength={3}
          placeholder="Tenant default"
          {...form.field("currency")}
          onChange={(e) => form.setValue("currency", e.target.value.toUpperCase())}
        />
      </div>
      <FieldShell label="Description" error={form.error("description")}>
        {({ id }) => <textarea id={id} rows={2} className={inputClass} {...form.field("description")} />}
      </FieldShell>

      <fieldset className="space-y-3 rounded-md border border-slate-200 p-4 dark:border-slate-700">
        <legend className="px-1 text-sm font-medium">Prices per billing cycle</legend>
        {prices.map((p, i) => {
          const e = errs(i);
          return (
            <div key={i} className="grid grid-cols-2 gap-3 sm:grid-cols-[minmax(0,1fr)_8rem_8rem_auto_2.5rem] sm:items-start" data-testid="price-row">
              <div>
                <select aria-label={`Billing cycle, price ${i + 1}`} value={p.billingCycle} onChange={(ev) => setRow(i, { billingCycle: ev.target.value as BillingCycle })} className={cn(inputClass, e.billingCycle && "ring-red-500")}>
                  {BILLING_CYCLES.map((c) => (
                    <option key={c} value={c}>
                      {CYCLE_LABELS[c]}
                    </option>
                  ))}
                </select>
                {e.billingCycle && <p className="mt-1 text-xs text-red-600" data-field-error>{e.billingCycle}</p>}
              </div>
              <div>
                <input aria-label={`Price, price ${i + 1}`} inputMode="decimal" placeholder="Price" value={p.price} aria-invalid={e.price ? true : undefined} onChange={(ev) => setRow(i, { price: ev.target.value })} className={cn(inputClass, "text-right tabular-nums", e.price && "ring-red-500")} />
                {e.price && <p className="mt-1 text-xs text-red-600" data-field-error>{e.price}</p>}
              </div>
              <div>
                <input aria-label={`Setup fee, price ${i + 1}`} inputMode="decimal" placeholder="Setup fee" value={p.setupFee} aria-invalid={e.setupFee ? true : undefined} onChange={(ev) => setRow(i, { setupFee: ev.target.value })} className={cn(inputClass, "text-right tabular-nums", e.setupFee && "ring-red-500")} />
                {e.setupFee && <p className="mt-1 text-xs text-red-600" data-field-error>{e.setupFee}</p>}
              </div>
              <label className="flex items-center gap-2 pt-2 text-sm">
                <input type="radio" name="billingCycle" checked={defaultCycle === p.billingCycle} onChange={() => form.setValue("billingCycle", p.billingCycle)} />
                Default
              </label>
              <button type="button" onClick={() => setPrices((rows) => rows.filter((_, j) => j !== i))} disabled={prices.length === 1} className="rounded p-2 text-slate-400 hover:text-red-600 disabled:opacity-30" aria-label={`Remove price ${i + 1}`}>
                <Icon name="trash" className="h-4 w-4" />
              </button>
            </div>
          );
        })}
        {prices.length < BILLING_CYCLES.length && (
          <Button
            variant="secondary"
            size="sm"
            icon={<Icon name="plus" className="h-4 w-4" />}
            onClick={() => setPrices((rows) => [...rows, { billingCycle: BILLING_CYCLES.find((c) => !usedCycles.has(c))!, price: "", setupFee: "0" }])}
          >
            Add a cycle
          </Button>
        )}
      </fieldset>

      {v.type === "hosting" && (
        <fieldset className="rounded-md border border-slate-200 p-4 dark:border-slate-700">
          <legend className="px-1 text-sm font-medium">Plan limits</legend>
          <p className="mb-3 text-xs text-slate-500">Empty means unlimited.</p>
          <div className="grid gap-3 sm:grid-cols-3">
            {LIMITS.map(([k, label]) => (
              <TextField key={k} label={label} inputMode="numeric" placeholder="Unlimited" value={limits[k]} error={limitError(k)} onChange={(e) => setLimits((l) => ({ ...l, [k]: e.target.value }))} />
            ))}
          </div>
        </fieldset>
      )}

      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          {product ? "Save product" : "Create product"}
        </Button>
      </div>
    </form>
  );
}
