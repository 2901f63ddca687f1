import { useState } from "react";
import { useAuth } from "@/app/auth/AuthProvider";
import { useCreateTld, useDeleteTld, useTlds, useUpdateTld } from "@/api/catalog";
import { errorMessage, splitRowErrors } from "@/api/errors";
import { TLD_ACTIONS, type Tld, type TldAction, type TldCreate, type TldQuery, type TldUpdate } from "@/api/types";
import { Badge, Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { Alert } from "@/components/Feedback";
import { SelectField, TextField, inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { ConfirmDialog, Modal } from "@/components/Modal";
import { FilterBar, ListBody, SearchBox, useListPage } from "@/components/ListPage";
import { AddedTd, SortTh, Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { useForm } from "@/lib/form";
import { AMOUNT_PATTERN, formatMoney } from "@/lib/money";
import { cn } from "@/lib/cn";
import { amount } from "../billing/validators";

const ACTION_LABELS: Record<TldAction, string> = { register: "Register", renew: "Renew", transfer: "Transfer" };
interface Row {
  action: TldAction;
  years: string;
  price: string;
}

const priceOf = (t: Tld, action: TldAction) => t.prices.filter((p) => p.action === action).sort((a, b) => a.years - b.years)[0];


// Whole days, 0 to 365, like the server.
const days = (v: unknown) => (/^(0|[1-9]\d{0,2})$/.test(String(v).trim()) && Number(v) <= 365 ? null : "Whole days, 0 to 365.");

export default function TldsPage() {
  const { can } = useAuth();
  const canWrite = can("catalog.write");
  const list = useListPage<TldQuery>({ pageSize: 50, filters: ["q"], defaultSort: "-createdAt", search: { param: "q", clean: (text) => text.trim().replace(/^\./, "") } });
  const { q } = list.values;
  const { setParam } = list;
  const creating = list.params.get("new") === "1" && canWrite;
  const [editing, setEditing] = useState<Tld | null>(null);
  const [deleting, setDeleting] = useState<Tld | null>(null);
  const del = useDeleteTld();
  const tlds = useTlds(list.query);

  return (
    <>
      <PageHeader
        title="TLD pricing"
        description="What registering, renewing and transferring a domain costs, per extension and number of years."
        actions={
          canWrite && (
            <Button icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => setParam("new", "1")}>
              Add TLD
            </Button>
          )
        }
      />
      <Card>
        <FilterBar>
          <SearchBox label="Search TLDs" placeholder="e.g. com" className="sm:max-w-sm sm:flex-1" {...list.search} />
        </FilterBar>
        <ListBody
          list={list}
          result={tlds}
          loading="Loading TLDs…"
          empty={{
            title: "No TLDs priced yet",
            noMatch: `No TLD contains “${q}”`,
            hint: "Domains can only be registered in TLDs listed here.",
            action: canWrite && <Button onClick={() => setParam("new", "1")}>Price the first TLD</Button>,
          }}
        >
          {(items) => (
            <Table label="TLD prices">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <SortTh {...list.sortBy("tld")}>TLD</SortTh>
                  {TLD_ACTIONS.map((a) => (
                    <Th key={a} className="text-right">
                      {ACTION_LABELS[a]}
                    </Th>
                  ))}
                  <Th className="hidden text-right md:table-cell">Redemption</Th>
                  <Th className="hidden text-right lg:table-cell">Grace / redemption</Th>
                  <Th className="hidden lg:table-cell">Registrar</Th>
                  <SortTh {...list.sortBy("createdAt")} className="hidden xl:table-cell">
                    Added
                  </SortTh>
                  {canWrite && <Th className="w-24 text-right">Actions</Th>}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((t) => (
                  <tr key={t.id} data-testid="tld-row">
                    <Td>
                      <span className="font-mono font-medium">.{t.tld}</span>
                      {t.icannFeeApplies && (
                        <span className="ml-2">
                          <Badge tone="indigo">ICANN fee</Badge>
                        </span>
                      )}
                    </Td>
                    {TLD_ACTIONS.map((a) => {
                      const p = priceOf(t, a);
                      return (
                        <Td key={a} className="text-right tabular-nums">
                          {p ? (
                            <>
                              {formatMoney(p.price, t.currency)}
                              {p.years > 1 && <span className="text-xs text-slate-500"> /{p.years}y</span>}
                            </>
                          ) : (
                            <span className="text-slate-400">—</span>
                          )}
                        </Td>
                      );
                    })}
                    <Td className="hidden text-right tabular-nums md:table-cell">{formatMoney(t.redemptionFee, t.currency)}</Td>
                    <Td className="hidden whitespace-nowrap text-right tabular-nums lg:table-cell" data-testid="tld-periods">
                      {t.graceDays} d / {t.redemptionDays} d
                    </Td>
                    <Td className="hidden lg:table-cell">{t.registrar}</Td>
                    <AddedTd at={t.createdAt} className="hidden xl:table-cell" />
                    {canWrite && (
                      <Td className="whitespace-nowrap text-right">
                        <button type="button" onClick={() => setEditing(t)} className="rounded p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 dark:hover:bg-slate-800" aria-label={`Edit .${t.tld}`}>
                          <Icon name="pencil" className="h-4 w-4" />
                        </button>
                        <button type="button" onClick={() => { del.reset(); setDeleting(t); }} className="rounded p-1.5 text-slate-500 hover:bg-red-50 hover:text-red-600 dark:hover:bg-red-950" aria-label={`Delete .${t.tld}`}>
                          <Icon name="trash" className="h-4 w-4" />
                        </button>
                      </Td>
                    )}
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </ListBody>
      </Card>
      <Modal open={creating} onClose={() => setParam("new", null)} title="Add TLD" size="lg">
        <TldForm onCancel={() => setParam("new", null)} onSaved={(t) => { setParam("new", null); toast(`.${t.tld} added`); }} />
      </Modal>
      <Modal open={!!editing} onClose={() => setEditing(null)} title={`Edit .${editing?.tld ?? ""}`} size="lg">
        {editing && <TldForm tld={editing} onCancel={() => setEditing(null)} onSaved={(t) => { setEditing(null); toast(`.${t.tld} saved`); }} />}
      </Modal>
      <ConfirmDialog
        open={!!deleting}
        title="Remove this TLD?"
        danger
        confirmLabel="Remove TLD"
        busy={del.isPending}
        error={del.isError ? <Alert>{errorMessage(del.error)}</Alert> : null}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && del.mutate(deleting.id, { onSuccess: () => { toast(`.${deleting.tld} removed`); setDeleting(null); } })}
      >
        <p>
          Domains can no longer be registered in <strong className="font-mono">.{deleting?.tld}</strong>. A TLD that domains still use cannot be removed.
        </p>
      </ConfirmDialog>
    </>
  );
}

function TldForm({ tld, onSaved, onCancel }: { tld?: Tld; onSaved: (t: Tld) => void; onCancel: () => void }) {
  const create = useCreateTld();
  const update = useUpdateTld();
  const [rows, setRows] = useState<Row[]>(
    tld?.prices.length
      ? tld.prices.map((p) => ({ action: p.action, years: String(p.years), price: p.price }))
      : TLD_ACTIONS.map((a) => ({ action: a, years: "1", price: "" })),
  );
  const [rowErrors, setRowErrors] = useState<Record<number, Record<string, string>>>({});
  const [submitted, setSubmitted] = useState(false);
  const form = useForm(
    { tld: tld?.tld ?? "", currency: tld?.currency ?? "", registrar: tld?.registrar ?? "manual", redemptionFee: tld?.redemptionFee ?? "0", graceDays: String(tld?.graceDays ?? 30), redemptionDays: String(tld?.redemptionDays ?? 30), icann: tld ? (tld.icannFeeApplies ? "yes" : "no") : "auto" },
    {
      tld: (v) => (String(v).trim().replace(/^\./, "") ? null : "TLD is required, e.g. com or co.uk."),
      redemptionFee: amount("Redemption fee", { positive: false }),
      graceDays: days,
      redemptionDays: days,
      currency: (v) => (!v || /^[A-Z]{3}$/.test(String(v)) ? null : "Use a 3-letter ISO 4217 code."),
    },
  );
  const clientRows = rows.map((r, i) => {
    const e: Record<string, string> = {};
    if (!AMOUNT_PATTERN.test(r.price.trim())) e.price = "Enter a price.";
    if (!/^(10|[1-9])$/.test(r.years.trim())) e.years = "1 to 10.";
    if (rows.findIndex((o) => o.action === r.action && o.years.trim() === r.years.trim()) !== i) e.years = "Listed twice.";
    return e;
  });
  const errs = (i: number) => ({ ...(submitted ? clientRows[i] : {}), ...(rowErrors[i] ?? {}) });
  const setRow = (i: number, patch: Partial<Row>) => {
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setRowErrors({});
  };

  return (
    <form
      ref={form.formRef}
      noValidate
      aria-label={tld ? "Edit TLD" : "New TLD"}
      className="space-y-5"
      onSubmit={(ev) => {
        setSubmitted(true);
        setRowErrors({});
        if (clientRows.some((r) => Object.keys(r).length)) {
          ev.preventDefault();
          return;
        }
        void form.handleSubmit(async (v) => {
          const prices = rows.map((r) => ({ action: r.action, years: Number(r.years), price: r.price.trim() }));
          try {
            if (!tld) {
              const body: TldCreate = { tld: v.tld.trim().replace(/^\./, "").toLowerCase(), prices, registrar: v.registrar.trim() || "manual", redemptionFee: v.redemptionFee.trim() || "0", graceDays: Number(v.graceDays), redemptionDays: Number(v.redemptionDays) };
              if (v.currency) body.currency = v.currency;
              if (v.icann !== "auto") body.icannFeeApplies = v.icann === "yes";
              onSaved(await create.mutateAsync(body));
            } else {
              const body: TldUpdate = { prices };
              if (v.currency && v.currency !== tld.currency) body.currency = v.currency;
              if (v.registrar.trim() !== tld.registrar) body.registrar = v.registrar.trim();
              if (v.redemptionFee.trim() !== tld.redemptionFee) body.redemptionFee = v.redemptionFee.trim();
              if (Number(v.graceDays) !== tld.graceDays) body.graceDays = Number(v.graceDays);
              if (Number(v.redemptionDays) !== tld.redemptionDays) body.redemptionDays = Number(v.redemptionDays);
              if ((v.icann === "yes") !== tld.icannFeeApplies) body.icannFeeApplies = v.icann === "yes";
              onSaved(await update.mutateAsync({ id: tld.id, body }));
            }
          } catch (e) {
            const { rows: byRow, rest } = splitRowErrors(e, "prices");
            setRowErrors(byRow);
            throw rest;
          }
        })(ev);
      }}
    >
      {form.formError && <Alert>{form.formError}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="TLD" placeholder="com" autoFocus={!tld} disabled={!!tld} hint={tld ? "The TLD itself cannot change: domains use it." : "Without the dot; co.uk works too."} {...form.field("tld")} />
        <TextField label="Currency" maxLength={3} placeholder="Tenant default" {...form.field("currency")} onChange={(e) => form.setValue("currency", e.target.value.toUpperCase())} />
        <TextField label="Registrar" {...form.field("registrar")} />
        <TextField label="Redemption fee" inputMode="decimal" hint="Charged to restore a domain in redemption." {...form.field("redemptionFee")} />
        <TextField label="Grace days" inputMode="numeric" hint="After expiry, still renewable at the renewal price." {...form.field("graceDays")} />
        <TextField label="Redemption days" inputMode="numeric" hint="After grace, restorable for the redemption fee; then released." {...form.field("redemptionDays")} />
        <SelectField
          label="ICANN fee"
          options={[
            ...(tld ? [] : [{ value: "auto", label: "Automatic (gTLDs yes, ccTLDs no)" }]),
            { value: "yes", label: "Applies" },
            { value: "no", label: "Does not apply" },
          ]}
          {...form.field("icann")}
        />
      </div>
      <fieldset className="space-y-3 rounded-md border border-slate-200 p-4 dark:border-slate-700">
        <legend className="px-1 text-sm font-medium">Prices</legend>
        {rows.map((r, i) => {
          const e = errs(i);
          return (
            <div key={i} className="grid grid-cols-[minmax(0,1fr)_5rem_8rem_2.5rem] items-start gap-3" data-testid="tld-price-row">
              <select aria-label={`Action, price ${i + 1}`} value={r.action} onChange={(ev) => setRow(i, { action: ev.target.value as TldAction })} className={inputClass}>
                {TLD_ACTIONS.map((a) => (
                  <option key={a} value={a}>
                    {ACTION_LABELS[a]}
                  </option>
                ))}
              </select>
              <div>
                <input aria-label={`Years, price ${i + 1}`} inputMode="numeric" value={r.years} aria-invalid={e.years ? true : undefined} onChange={(ev) => setRow(i, { years: ev.target.value })} className={cn(inputClass, "text-right", e.years && "ring-red-500")} />
                {e.years && <p className="mt-1 text-xs text-red-600" data-field-error>{e.years}</p>}
              </div>
              <div>
                <input aria-label={`Price, price ${i + 1}`} inputMode="decimal" placeholder="0.00" value={r.price} aria-invalid={e.price ? true : undefined} onChange={(ev) => setRow(i, { price: ev.target.value })} className={cn(inputClass, "text-right tabular-nums", e.price && "ring-red-500")} />
                {e.price && <p className="mt-1 text-xs text-red-600" data-field-error>{e.price}</p>}
              </div>
              <button type="button" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))} className="rounded p-2 text-slate-400 hover:text-red-600" aria-label={`Remove price ${i + 1}`}>
                <Icon name="trash" className="h-4 w-4" />
              </button>
            </div>
          );
        })}
        <Button variant="secondary" size="sm" icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => setRows((rs) => [...rs, { action: "register", years: String(Math.min(10, rs.filter((x) => x.action === "register").length + 1)), price: "" }])}>
          Add a price
        </Button>
      </fieldset>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" loading={form.submitting}>
          {tld ? "Save TLD" : "Add TLD"}
        </Button>
      </div>
    </form>
  );
}
