import { useState } from "react";
import { useCustomers } from "@/api/customers";
import { useInvoices } from "@/api/invoices";
import { useProducts } from "@/api/catalog";
import type { Customer, InvoiceSummary, Product } from "@/api/types";
import { Combobox, useDebounced } from "@/components/Combobox";
import { formatMoney } from "@/lib/money";
import { InvoiceStatusBadge, OPEN_STATUSES } from "./labels";

export const customerLabel = (c: Pick<Customer, "name" | "companyName" | "kind">) =>
  c.kind === "company" && c.companyName ? `${c.companyName} (${c.name})` : c.name;

export function CustomerPicker(props: {
  value: Customer | null;
  onChange: (c: Customer | null) => void;
  error?: string | null;
  label?: string;
  autoFocus?: boolean;
  disabled?: boolean;
}) {
  const [q, setQ] = useState("");
  const query = useDebounced(q.trim(), 200);
  const list = useCustomers({ limit: 8, status: "active", ...(query ? { q: query } : {}) });
  return (
    <Combobox
      label={props.label ?? "Customer"}
      name="customerId"
      placeholder="Search by name, company or e-mail"
      value={props.value}
      onChange={props.onChange}
      onQueryChange={setQ}
      items={list.data?.items ?? []}
      loading={list.isFetching || query !== q.trim()}
      getKey={(c) => c.id}
      getLabel={customerLabel}
      renderItem={(c) => (
        <div className="flex items-baseline justify-between gap-3">
          <span className="truncate font-medium">{customerLabel(c)}</span>
          <span className="truncate text-xs text-slate-500">
            {c.email} · {c.currency}
          </span>
        </div>
      )}
      emptyText={query ? `No active customer matches “${query}”.` : "No active customers yet."}
      error={props.error}
      autoFocus={props.autoFocus}
      disabled={props.disabled}
    />
  );
}

/** Pick an invoice that can still be paid, by its number. */
export function OpenInvoicePicker(props: { value: InvoiceSummary | null; onChange: (i: InvoiceSummary | null) => void; error?: string | null; autoFocus?: boolean }) {
  const [q, setQ] = useState("");
  const query = useDebounced(q.trim(), 200);
  const list = useInvoices({ limit: 50, ...(query ? { number: query } : {}) });
  const items = (list.data?.items ?? []).filter((i) => OPEN_STATUSES.includes(i.status)).slice(0, 10);
  return (
    <Combobox
      label="Invoice"
      name="invoiceId"
      placeholder="Type the invoice number"
      value={props.value}
      onChange={props.onChange}
      onQueryChange={setQ}
      items={items}
      loading={list.isFetching || query !== q.trim()}
      getKey={(i) => i.id}
      getLabel={(i) => i.invoiceNumber ?? "Draft"}
      renderItem={(i) => (
        <div className="flex items-center justify-between gap-3">
          <span className="font-medium">{i.invoiceNumber}</span>
          <span className="flex items-center gap-2 text-xs text-slate-500">
            {formatMoney(i.balance, i.currency)} due <InvoiceStatusBadge status={i.status} />
          </span>
        </div>
      )}
      emptyText={query ? `No open invoice starts with “${query}”.` : "No open invoices."}
      error={props.error}
      autoFocus={props.autoFocus}
    />
  );
}

/** Pick an active product by name. */
export function ProductPicker(props: { value: Product | null; onChange: (p: Product | null) => void; error?: string | null; label?: string }) {
  const [q, setQ] = useState("");
  const query = useDebounced(q.trim(), 200);
  const list = useProducts({ limit: 10, status: "active", ...(query ? { q: query } : {}) });
  return (
    <Combobox
      label={props.label ?? "Product"}
      name="productId"
      placeholder="Search products"
      value={props.value}
      onChange={props.onChange}
      onQueryChange={setQ}
      items={list.data?.items ?? []}
      loading={list.isFetching || query !== q.trim()}
      getKey={(p) => p.id}
      getLabel={(p) => p.name}
      renderItem={(p) => (
        <div className="flex items-baseline justify-between gap-3">
          <span className="truncate font-medium">{p.name}</span>
          <span className="text-xs text-slate-500">{formatMoney(p.price, p.currency)}</span>
        </div>
      )}
      emptyText={query ? `No active product matches “${query}”.` : "No active products."}
      error={props.error}
    />
  );
}
