import { useEffect, useState } from "react";
import { useAuth } from "@/app/auth/AuthProvider";
import {
  useCancelSubscription,
  useChangePlan,
  useCreateSubscription,
  useProrationPreview,
  useSubscriptions,
  useSuspendSubscription,
  useUnsuspendSubscription,
} from "@/api/subscriptions";
import { errorMessage } from "@/api/errors";
import { BILLING_CYCLES, SUBSCRIPTION_STATUSES, type BillingCycle, type Customer, type Product, type Subscription, type SubscriptionQuery } from "@/api/types";
import { Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { useDebounced } from "@/components/Combobox";
import { Alert } from "@/components/Feedback";
import { Checkbox, SelectField, TextField, inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { ConfirmDialog, Modal } from "@/components/Modal";
import { FilterBar, ListBody, useListPage } from "@/components/ListPage";
import { AddedTd, SortTh, Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { formatDay } from "@/lib/dates";
import { useForm } from "@/lib/form";
import { AMOUNT_PATTERN, formatMoney } from "@/lib/money";
import { CYCLE_LABELS, SUBSCRIPTION_STATUS_LABELS as STATUS_LABELS, SubscriptionStatusBadge, options, today } from "../billing/labels";
import { CustomerPicker, ProductPicker } from "../billing/pickers";
import { CustomerName } from "../billing/refs";
import { amount } from "../billing/validators";


export default function SubscriptionsPage() {
  const { can } = useAuth();
  const canWrite = can("subscriptions.write");
  const list = useListPage<SubscriptionQuery>({ pageSize: 25, filters: ["status", "renewingBefore", "customerId"], defaultSort: "-createdAt" });
  const { status, renewingBefore, customerId } = list.values;
  const { setParam } = list;
  const creating = list.params.get("new") === "1" && canWrite;
  const [action, setAction] = useState<{ kind: "plan" | "cancel" | "suspend" | "unsuspend"; sub: Subscription } | null>(null);
  const subscriptions = useSubscriptions(list.query);

  return (
    <>
      <PageHeader
        title="Subscriptions"
        description="Recurring services: the billing run invoices them on their next billing date."
        actions={
          canWrite && (
            <Button icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => setParam("new", "1")}>
              New subscription
            </Button>
          )
        }
      />
      <Card>
        <FilterBar className="sm:items-center">
          <select aria-label="Filter by status" value={status} onChange={(e) => setParam("status", e.target.value || null)} className={`${inputClass} sm:w-44`}>
            <option value="">All statuses</option>
            {SUBSCRIPTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          <label className="flex items-center gap-2 text-sm text-slate-500">
            Renewing before
            <input type="date" aria-label="Renewing before" value={renewingBefore} onChange={(e) => setParam("renewingBefore", e.target.value || null)} className={`${inputClass} sm:w-44`} />
          </label>
          {customerId && (
            <span className="flex items-center gap-1 text-sm">
              <CustomerName id={customerId} />
              <button type="button" aria-label="Clear customer filter" onClick={() => setParam("customerId", null)} className="rounded p-1 text-slate-400 hover:text-slate-700">
                <Icon name="x" className="h-4 w-4" />
              </button>
            </span>
          )}
        </FilterBar>
        <ListBody
          list={list}
          result={subscriptions}
          loading="Loading subscriptions…"
          empty={{ title: "No subscriptions yet", noMatch: "No subscription matches these filters", action: canWrite && <Button onClick={() => setParam("new", "1")}>Create the first subscription</Button> }}
        >
          {(items) => (
            <Table label="Subscriptions">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <Th>Service</Th>
                  <Th className="hidden md:table-cell">Customer</Th>
                  <Th>Price</Th>
                  <Th>Status</Th>
                  <SortTh {...list.sortBy("nextBillingDate")} className="hidden sm:table-cell">
                    Next billing
                  </SortTh>
                  <SortTh {...list.sortBy("createdAt")} className="hidden xl:table-cell">
                    Added
                  </SortTh>
                  {canWrite && <Th className="text-right">Actions</Th>}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((s) => (
                  <tr key={s.id} data-testid="subscription-row">
                    <Td className="font-medium">{s.description || "Subscription"}</Td>
                    <Td className="hidden md:table-cell">
                      <CustomerName id={s.customerId} />
                    </Td>
                    <Td className="tabular-nums">
                      {formatMoney(s.price, s.currency)} <span className="text-xs text-slate-500">{CYCLE_LABELS[s.billingCycle]?.toLowerCase()}</span>
                    </Td>
                    <Td>
                      <SubscriptionStatusBadge status={s.status} />
                      {s.suspendReason && <div className="text-xs text-slate-500">{s.suspendReason === "overdue" ? "unpaid invoice" : "by staff"}</div>}
                      {s.cancelAtPeriodEnd && s.status === "active" && <div className="text-xs text-slate-500">ends at period end</div>}
                    </Td>
                    <Td className="hidden whitespace-nowrap sm:table-cell">{formatDay(s.nextBillingDate)}</Td>
                    <AddedTd at={s.createdAt} className="hidden xl:table-cell" />
                    {canWrite && (
                      <Td className="whitespace-nowrap text-right">
                        <div className="flex justify-end gap-1">
                          {s.status === "active" && (
                            <>
                              <Button size="sm" variant="secondary" onClick={() => setAction({ kind: "plan", sub: s })}>
                                Change plan
                              </Button>
                              <Button size="sm" variant="ghost" onClick={() => setAction({ kind: "suspend", sub: s })}>
                                Suspend
                              </Button>
                            </>
                          )}
                          {s.status === "suspended" && (
                            <Button size="sm" variant="secondary" onClick={() => setAction({ kind: "unsuspend", sub: s })}>
                              Unsuspend
                            </Button>
                          )}
                          {(s.status === "active" || s.status === "suspended") && (
                            <Button size="sm" variant="ghost" onClick={() => setAction({ kind: "cancel", sub: s })}>
                              Cancel
                            </Button>
                          )}
                        </div>
                      </Td>
                    )}
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </ListBody>
      </Card>

      <Modal open={creating} onClose={() => setParam("new", null)} title="New subscription" size="lg">
        {creating && <CreateForm onDone={() => setParam("new", null)} />}
      </Modal>
      <Modal open={action?.kind === "plan"} onClose={() => setAction(null)} title="Change plan" size="lg">
        {action?.kind === "plan" && <ChangePlanForm sub={action.sub} onDone={() => setAction(null)} />}
      </Modal>
      <CancelDialog sub={action?.kind === "cancel" ? action.sub : null} onClose={() => setAction(null)} />
      <SuspendDialog sub={action && (action.kind === "suspend" || action.kind === "unsuspend") ? action.sub : null} kind={action?.kind === "unsuspend" ? "unsuspend" : "suspend"} onClose={() => setAction(null)} />
    </>
  );
}

function CreateForm({ onDone }: { onDone: () => void }) {
  const create = useCreateSubscription();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [product, setProduct] = useState<Product | null>(null);
  const form = useForm(
    { customerId: "", productId: "", billingCycle: "monthly" as BillingCycle, price: "", nextBillingDate: today(), description: "" },
    {
      customerId: (v) => (v ? null : "Choose a customer."),
      productId: (v) => (v ? null : "Choose a product."),
      price: amount("Price", { optional: true, positive: false, nonNegative: true }),
      nextBillingDate: (v) => (v ? null : "Choose the first billing date."),
    },
    { codeFields: { product_cycle_not_offered: "billingCycle", product_retired: "productId" } },
  );
  const cycles = product ? product.prices.map((p) => p.billingCycle) : [...BILLING_CYCLES];
  const cyclePrice = product?.prices.find((p) => p.billingCycle === form.values.billingCycle);
  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="New subscription"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (v) => {
        const s = await create.mutateAsync({
          customerId: v.customerId,
          productId: v.productId,
          billingCycle: v.billingCycle,
          nextBillingDate: v.nextBillingDate,
          ...(v.price.trim() ? { price: v.price.trim() } : {}),
          ...(v.description.trim() ? { description: v.description.trim() } : {}),
        });
        toast(`Subscription ${s.description} created`);
        onDone();
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <CustomerPicker value={customer} autoFocus error={form.error("customerId")} onChange={(c) => { setCustomer(c); form.setValue("customerId", c?.id ?? ""); }} />
      <ProductPicker
        value={product}
        error={form.error("productId")}
        onChange={(p) => {
          setProduct(p);
          form.setValue("productId", p?.id ?? "");
          if (p) form.setValue("billingCycle", p.billingCycle);
        }}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField label="Billing cycle" options={options(CYCLE_LABELS, cycles)} {...form.field("billingCycle")} />
        <TextField label="Price" inputMode="decimal" placeholder={cyclePrice ? cyclePrice.price : "Product price"} hint="Empty: the product's price for the cycle." {...form.field("price")} />
        <TextField label="First billing date" type="date" {...form.field("nextBillingDate")} />
      </div>
      <TextField label="Description" placeholder={product?.name ?? "Shown on invoices"} maxLength={500} {...form.field("description")} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          Create subscription
        </Button>
      </div>
    </form>
  );
}

function ChangePlanForm({ sub, onDone }: { sub: Subscription; onDone: () => void }) {
  const change = useChangePlan();
  const [product, setProduct] = useState<Product | null>(null);
  const form = useForm({ price: "", changeDate: today() }, { price: amount("Price", { optional: true, positive: false, nonNegative: true }) });
  const v = form.values;
  const price = useDebounced(v.price.trim(), 300);
  const previewQuery = product || (price && AMOUNT_PATTERN.test(price)) ? { ...(product ? { productId: product.id } : {}), ...(price && AMOUNT_PATTERN.test(price) ? { price } : {}), ...(v.changeDate ? { changeDate: v.changeDate } : {}) } : null;
  const preview = useProrationPreview(sub.id, previewQuery);
  const p = preview.data;
  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label="Change plan"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (val) => {
        if (!product && !val.price.trim()) {
          form.setFormError("Choose a new product or enter a new price.");
          return;
        }
        await change.mutateAsync({ id: sub.id, body: { ...(product ? { productId: product.id } : {}), ...(val.price.trim() ? { price: val.price.trim() } : {}), ...(val.changeDate ? { changeDate: val.changeDate } : {}) } });
        toast("Plan changed");
        onDone();
      })}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Now: <strong>{sub.description}</strong> at {formatMoney(sub.price, sub.currency)} {CYCLE_LABELS[sub.billingCycle]?.toLowerCase()}.
      </p>
      <ProductPicker label="New product (optional)" value={product} onChange={setProduct} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="New price" inputMode="decimal" placeholder="The product's price" {...form.field("price")} />
        <TextField label="Change date" type="date" {...form.field("changeDate")} />
      </div>
      {previewQuery && (
        <div className="rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800/50" aria-live="polite" data-testid="proration-preview">
          {preview.isFetching && !p ? (
            <span className="text-slate-500">Computing the proration…</span>
          ) : preview.isError ? (
            <span className="text-red-600">{errorMessage(preview.error)}</span>
          ) : p && p.daysLeft === 0 ? (
            <p data-testid="no-proration">
              Nothing to prorate: the new plan applies from the next invoice, on {formatDay(p.periodEnd)}, at{" "}
              {formatMoney(p.newPrice, p.currency)}. Nothing is due now.
            </p>
          ) : p ? (
            <dl className="grid grid-cols-2 gap-x-4 gap-y-1">
              <dt className="text-slate-500">Period</dt>
              <dd>
                {formatDay(p.periodStart)} – {formatDay(p.periodEnd)} ({p.daysLeft} of {p.daysInPeriod} days left)
              </dd>
              <dt className="text-slate-500">Credit for the unused old plan</dt>
              <dd className="tabular-nums">{formatMoney(p.credit.replace(/^-/, ""), p.currency)}</dd>
              <dt className="text-slate-500">Charge for the new plan</dt>
              <dd className="tabular-nums">{formatMoney(p.charge, p.currency)}</dd>
              <dt className="font-medium">{p.dueNow.startsWith("-") ? "Credited to the account" : "Due now"}</dt>
              <dd className="font-medium tabular-nums">{formatMoney(p.dueNow.replace(/^-/, ""), p.currency)}</dd>
            </dl>
          ) : null}
        </div>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          Change plan
        </Button>
      </div>
    </form>
  );
}

function CancelDialog({ sub, onClose }: { sub: Subscription | null; onClose: () => void }) {
  const cancel = useCancelSubscription();
  const [atPeriodEnd, setAtPeriodEnd] = useState(true);
  useEffect(() => {
    cancel.reset();
    setAtPeriodEnd(true);
  }, [sub?.id]);
  return (
    <ConfirmDialog
      open={!!sub}
      title="Cancel subscription?"
      danger
      confirmLabel="Cancel subscription"
      busy={cancel.isPending}
      error={cancel.isError ? <Alert>{errorMessage(cancel.error)}</Alert> : null}
      onCancel={onClose}
      onConfirm={() => sub && cancel.mutate({ id: sub.id, atPeriodEnd }, { onSuccess: () => { toast(atPeriodEnd ? "Cancels at the end of the period" : "Subscription cancelled"); onClose(); } })}
    >
      <p>
        <strong className="text-slate-900 dark:text-slate-100">{sub?.description}</strong> stops renewing.
      </p>
      <Checkbox label="At the end of the paid period" hint="Untick to cancel now." checked={atPeriodEnd} onChange={(e) => setAtPeriodEnd(e.target.checked)} />
    </ConfirmDialog>
  );
}

function SuspendDialog({ sub, kind, onClose }: { sub: Subscription | null; kind: "suspend" | "unsuspend"; onClose: () => void }) {
  const suspend = useSuspendSubscription();
  const unsuspend = useUnsuspendSubscription();
  const m = kind === "suspend" ? suspend : unsuspend;
  useEffect(() => {
    suspend.reset();
    unsuspend.reset();
  }, [sub?.id]);
  return (
    <ConfirmDialog
      open={!!sub}
      title={kind === "suspend" ? "Suspend subscription?" : "Unsuspend subscription?"}
      danger={kind === "suspend"}
      confirmLabel={kind === "suspend" ? "Suspend" : "Unsuspend"}
      busy={m.isPending}
      error={m.isError ? <Alert>{errorMessage(m.error)}</Alert> : null}
      onCancel={onClose}
      onConfirm={() => sub && m.mutate(sub.id, { onSuccess: () => { toast(kind === "suspend" ? "Subscription suspended" : "Subscription active again"); onClose(); } })}
    >
      <p>{kind === "suspend" ? "The service is suspended until you unsuspend it; billing continues." : "The service is restored."}</p>
    </ConfirmDialog>
  );
}
