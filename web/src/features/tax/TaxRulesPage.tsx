import { useMemo, useState } from "react";
import { useAuth } from "@/app/auth/AuthProvider";
import { useDeleteTaxRule, useTaxRules } from "@/api/tax";
import { errorMessage } from "@/api/errors";
import type { TaxRule, TaxRuleQuery } from "@/api/types";
import { Badge, Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { Alert } from "@/components/Feedback";
import { inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { ConfirmDialog, Modal } from "@/components/Modal";
import { FilterBar, ListBody, useListPage } from "@/components/ListPage";
import { AddedTd, SortTh, Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { countryName, countryOptions } from "@/lib/countries";
import { formatRate } from "@/lib/money";
import { TaxRuleForm } from "./TaxRuleForm";

export default function TaxRulesPage() {
  const { can } = useAuth();
  const canWrite = can("tax.write");
  const list = useListPage<TaxRuleQuery>({ pageSize: 50, filters: ["country"], defaultSort: "-createdAt" });
  const { country } = list.values;
  const { setParam } = list;
  const creating = list.params.get("new") === "1" && canWrite;
  const [editing, setEditing] = useState<TaxRule | null>(null);
  const [deleting, setDeleting] = useState<TaxRule | null>(null);
  const del = useDeleteTaxRule();
  const countries = useMemo(() => countryOptions(), []);
  const rules = useTaxRules(list.query);

  return (
    <>
      <PageHeader
        title="Tax rules"
        description="Which rate applies where: matched by the customer's country, region and postcode."
        actions={
          canWrite && (
            <Button icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => setParam("new", "1")}>
              New tax rule
            </Button>
          )
        }
      />
      <Card>
        <FilterBar>
          <select aria-label="Filter by country" value={country} onChange={(e) => setParam("country", e.target.value || null)} className={`${inputClass} sm:w-64`}>
            <option value="">All countries</option>
            {countries.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </FilterBar>
        <ListBody
          list={list}
          result={rules}
          loading="Loading tax rules…"
          empty={{
            title: "No tax rules yet",
            noMatch: `No tax rule for ${countryName(country)}`,
            hint: "Without a matching rule, invoices carry no tax.",
            action: canWrite && <Button onClick={() => setParam("new", "1")}>Add a tax rule</Button>,
          }}
        >
          {(items) => (
            <Table label="Tax rules">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <SortTh {...list.sortBy("name")}>Name</SortTh>
                  <SortTh {...list.sortBy("rate")} className="text-right">
                    Rate
                  </SortTh>
                  <SortTh {...list.sortBy("country")}>Where</SortTh>
                  <Th className="hidden md:table-cell">Level</Th>
                  <SortTh {...list.sortBy("priority")} className="hidden md:table-cell">
                    Priority
                  </SortTh>
                  <Th className="hidden sm:table-cell">Status</Th>
                  <SortTh {...list.sortBy("createdAt")} className="hidden xl:table-cell">
                    Added
                  </SortTh>
                  {canWrite && <Th className="w-24 text-right">Actions</Th>}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((r) => (
                  <tr key={r.id} data-testid="tax-rule-row">
                    <Td className="font-medium">{r.name}</Td>
                    <Td className="text-right tabular-nums">{formatRate(r.rate)}</Td>
                    <Td>
                      {countryName(r.country)}
                      {(r.region || r.postcodePattern) && (
                        <div className="text-xs text-slate-500">{[r.region, r.postcodePattern && `postcode ${r.postcodePattern}`].filter(Boolean).join(" · ")}</div>
                      )}
                    </Td>
                    <Td className="hidden md:table-cell">
                      {r.level}
                      {r.compound && <span className="ml-1 text-xs text-slate-500">compound</span>}
                    </Td>
                    <Td className="hidden tabular-nums md:table-cell">{r.priority}</Td>
                    <Td className="hidden sm:table-cell">{r.active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}</Td>
                    <AddedTd at={r.createdAt} className="hidden xl:table-cell" />
                    {canWrite && (
                      <Td className="whitespace-nowrap text-right">
                        <button type="button" onClick={() => setEditing(r)} className="rounded p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 dark:hover:bg-slate-800" aria-label={`Edit ${r.name}`} title="Edit">
                          <Icon name="pencil" className="h-4 w-4" />
                        </button>
                        <button
                          type="button"
                          onClick={() => {
                            del.reset();
                            setDeleting(r);
                          }}
                          className="rounded p-1.5 text-slate-500 hover:bg-red-50 hover:text-red-600 dark:hover:bg-red-950"
                          aria-label={`Delete ${r.name}`}
                          title="Delete"
                        >
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

      <Modal open={creating} onClose={() => setParam("new", null)} title="New tax rule">
        <TaxRuleForm
          onCancel={() => setParam("new", null)}
          onSaved={(r) => {
            setParam("new", null);
            toast(`Tax rule ${r.name} created`);
          }}
        />
      </Modal>
      <Modal open={!!editing} onClose={() => setEditing(null)} title="Edit tax rule">
        {editing && (
          <TaxRuleForm
            rule={editing}
            onCancel={() => setEditing(null)}
            onSaved={(r) => {
              setEditing(null);
              toast(`Tax rule ${r.name} saved`);
            }}
          />
        )}
      </Modal>
      <ConfirmDialog
        open={!!deleting}
        title="Delete tax rule?"
        danger
        confirmLabel="Delete rule"
        busy={del.isPending}
        error={del.isError ? <Alert>{errorMessage(del.error)}</Alert> : null}
        onCancel={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          del.mutate(deleting.id, {
            onSuccess: () => {
              toast(`Tax rule ${deleting.name} deleted`);
              setDeleting(null);
            },
          })
        }
      >
        <p>
          <strong className="text-slate-900 dark:text-slate-100">{deleting?.name}</strong> ({formatRate(deleting?.rate)}, {countryName(deleting?.country)}) will no longer
          apply to new invoices. Invoices already issued keep their taxes. To pause it instead, edit it and untick Active.
        </p>
      </ConfirmDialog>
    </>
  );
}
