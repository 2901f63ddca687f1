import { Link } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useInvoices } from "@/api/invoices";
import { INVOICE_STATUSES, type InvoiceQuery } from "@/api/types";
import { Card, PageHeader } from "@/components/Card";
import { inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { FilterBar, ListBody, SearchBox, useListPage } from "@/components/ListPage";
import { INVOICE_STATUS_LABELS } from "../billing/labels";
import { InvoiceTable } from "../billing/tables";

const PAGE_SIZE = 25;

export const newInvoiceLink =
  "inline-flex items-center justify-center gap-2 rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500";

export default function InvoicesPage() {
  const { can } = useAuth();
  const canWrite = can("invoices.write");
  const list = useListPage<InvoiceQuery>({ pageSize: PAGE_SIZE, filters: ["number", "status"], defaultSort: "-createdAt", search: { param: "number" } });
  const { status } = list.values;
  const invoices = useInvoices(list.query);

  return (
    <>
      <PageHeader
        title="Invoices"
        description="Drafts, open and settled invoices, newest first."
        actions={
          canWrite && (
            <Link to="/invoices/new" className={newInvoiceLink}>
              <Icon name="plus" className="h-4 w-4" /> New invoice
            </Link>
          )
        }
      />
      <Card>
        <FilterBar>
          <SearchBox label="Search by invoice number" placeholder="Invoice number starts with…" {...list.search} />
          <select aria-label="Filter by status" value={status} onChange={(e) => list.setParam("status", e.target.value || null)} className={`${inputClass} sm:w-48`}>
            <option value="">All statuses</option>
            {INVOICE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {INVOICE_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </FilterBar>
        <ListBody
          list={list}
          result={invoices}
          loading="Loading invoices…"
          empty={{
            title: "No invoices yet",
            noMatch: "No invoice matches these filters",
            hint: "Invoices you create or that subscriptions generate are listed here.",
            noMatchHint: "Invoice numbers match from the start, e.g. INV-2026.",
            action: canWrite && (
              <Link to="/invoices/new" className={newInvoiceLink}>
                Create the first invoice
              </Link>
            ),
          }}
        >
          {(items) => <InvoiceTable items={items} sort={list.sortState} />}
        </ListBody>
      </Card>
    </>
  );
}
