import { useState } from "react";
import { useAuth } from "@/app/auth/AuthProvider";
import { useProducts } from "@/api/catalog";
import { PRODUCT_STATUSES, PRODUCT_TYPES, type Product, type ProductQuery } from "@/api/types";
import { Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { Modal } from "@/components/Modal";
import { FilterBar, ListBody, SearchBox, useListPage } from "@/components/ListPage";
import { AddedTd, SortTh, Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { formatMoney } from "@/lib/money";
import { CYCLE_LABELS, PRODUCT_STATUS_LABELS, PRODUCT_TYPE_LABELS, ProductStatusBadge } from "../billing/labels";
import { ProductForm } from "./ProductForm";

export default function ProductsPage() {
  const { can } = useAuth();
  const canWrite = can("catalog.write");
  const list = useListPage<ProductQuery>({ pageSize: 25, filters: ["q", "type", "status"], defaultSort: "-createdAt", search: { param: "q" } });
  const { type, status } = list.values;
  const { setParam } = list;
  const creating = list.params.get("new") === "1" && canWrite;
  const [editing, setEditing] = useState<Product | null>(null);
  const products = useProducts(list.query);

  return (
    <>
      <PageHeader
        title="Products"
        description="What you sell: hosting plans, domains, certificates, and their prices per billing cycle."
        actions={
          canWrite && (
            <Button icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => setParam("new", "1")}>
              New product
            </Button>
          )
        }
      />
      <Card>
        <FilterBar>
          <SearchBox label="Search products" placeholder="Search by name or description" {...list.search} />
          <select aria-label="Filter by type" value={type} onChange={(e) => setParam("type", e.target.value || null)} className={`${inputClass} sm:w-44`}>
            <option value="">All types</option>
            {PRODUCT_TYPES.map((t) => (
              <option key={t} value={t}>
                {PRODUCT_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
          <select aria-label="Filter by status" value={status} onChange={(e) => setParam("status", e.target.value || null)} className={`${inputClass} sm:w-40`}>
            <option value="">All statuses</option>
            {PRODUCT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {PRODUCT_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </FilterBar>
        <ListBody
          list={list}
          result={products}
          loading="Loading products…"
          empty={{ title: "No products yet", noMatch: "No product matches these filters", action: canWrite && <Button onClick={() => setParam("new", "1")}>Create the first product</Button> }}
        >
          {(items) => (
            <Table label="Products">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <SortTh {...list.sortBy("name")}>Product</SortTh>
                  <Th className="hidden sm:table-cell">Type</Th>
                  <Th>Price</Th>
                  <Th className="hidden md:table-cell">Status</Th>
                  <SortTh {...list.sortBy("createdAt")} className="hidden lg:table-cell">
                    Added
                  </SortTh>
                  {canWrite && <Th className="w-16 text-right">Edit</Th>}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((p) => (
                  <tr key={p.id} data-testid="product-row">
                    <Td>
                      <div className="font-medium">{p.name}</div>
                      {p.description && <div className="max-w-md truncate text-xs text-slate-500">{p.description}</div>}
                    </Td>
                    <Td className="hidden sm:table-cell">{PRODUCT_TYPE_LABELS[p.type] ?? p.type}</Td>
                    <Td>
                      <div className="tabular-nums">
                        {formatMoney(p.price, p.currency)} <span className="text-xs text-slate-500">{CYCLE_LABELS[p.billingCycle]?.toLowerCase()}</span>
                      </div>
                      {p.prices.length > 1 && <div className="text-xs text-slate-500">+{p.prices.length - 1} other cycle{p.prices.length > 2 ? "s" : ""}</div>}
                    </Td>
                    <Td className="hidden md:table-cell">
                      <ProductStatusBadge status={p.status} />
                    </Td>
                    <AddedTd at={p.createdAt} className="hidden lg:table-cell" />
                    {canWrite && (
                      <Td className="text-right">
                        <button type="button" onClick={() => setEditing(p)} className="rounded p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 dark:hover:bg-slate-800" aria-label={`Edit ${p.name}`}>
                          <Icon name="pencil" className="h-4 w-4" />
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
      <Modal open={creating} onClose={() => setParam("new", null)} title="New product" size="lg">
        <ProductForm
          onCancel={() => setParam("new", null)}
          onSaved={(p) => {
            setParam("new", null);
            toast(`Product ${p.name} created`);
          }}
        />
      </Modal>
      <Modal open={!!editing} onClose={() => setEditing(null)} title="Edit product" size="lg">
        {editing && (
          <ProductForm
            product={editing}
            onCancel={() => setEditing(null)}
            onSaved={(p) => {
              setEditing(null);
              toast(`Product ${p.name} saved`);
            }}
          />
        )}
      </Modal>
    </>
  );
}
