import { useEffect, useState } from "react";
import { useAuth } from "@/app/auth/AuthProvider";
import { useProducts } from "@/api/catalog";
import { PRODUCT_STATUSES, PRODUCT_TYPES, type Product, type ProductStatus, type ProductType } from "@/api/types";
import { Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { EmptyState, ErrorState, PageLoader, Spinner } from "@/components/Feedback";
import { inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { Modal } from "@/components/Modal";
import { Pager, useCursorPager } from "@/components/Pagination";
import { Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { formatMoney } from "@/lib/money";
import { useUrlParams } from "@/lib/urlParams";
import { CYCLE_LABELS, PRODUCT_STATUS_LABELS, PRODUCT_TYPE_LABELS, ProductStatusBadge } from "../billing/labels";
import { ProductForm } from "./ProductForm";

export default function ProductsPage() {
  const { can } = useAuth();
  const canWrite = can("catalog.write");
  const { params, setParam, clear } = useUrlParams();
  const q = params.get("q") ?? "";
  const type = (params.get("type") ?? "") as ProductType | "";
  const status = (params.get("status") ?? "") as ProductStatus | "";
  const creating = params.get("new") === "1" && canWrite;
  const [search, setSearch] = useState(q);
  const [editing, setEditing] = useState<Product | null>(null);
  const pager = useCursorPager();

  useEffect(() => setSearch(q), [q]);
  useEffect(() => {
    if (search === q) return;
    const t = setTimeout(() => setParam("q", search.trim() || null), 300);
    return () => clearTimeout(t);
  }, [search]);
  const { reset } = pager;
  useEffect(() => reset(), [q, type, status, reset]);

  const list = useProducts({
    limit: 25,
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
    ...(q ? { q } : {}),
    ...(type ? { type } : {}),
    ...(status ? { status } : {}),
  });
  const items = list.data?.items ?? [];
  const filtered = !!(q || type || status);

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
        <div className="flex flex-col gap-3 border-b border-slate-200 p-4 sm:flex-row dark:border-slate-800">
          <div className="relative flex-1">
            <Icon name="search" className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" />
            <input type="search" aria-label="Search products" placeholder="Search by name or description" value={search} onChange={(e) => setSearch(e.target.value)} className={`${inputClass} pl-9`} />
          </div>
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
        </div>
        {list.isPending ? (
          <PageLoader label="Loading products…" />
        ) : list.isError ? (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            title={filtered ? "No product matches these filters" : "No products yet"}
            action={
              filtered ? (
                <Button variant="secondary" onClick={() => clear()}>
                  Clear filters
                </Button>
              ) : (
                canWrite && <Button onClick={() => setParam("new", "1")}>Create the first product</Button>
              )
            }
          />
        ) : (
          <div className="relative">
            {list.isFetching && <Spinner className="absolute right-3 top-3 h-4 w-4 text-slate-400" />}
            <Table label="Products">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <Th>Product</Th>
                  <Th className="hidden sm:table-cell">Type</Th>
                  <Th>Price</Th>
                  <Th className="hidden md:table-cell">Status</Th>
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
            <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={list.isFetching} />
          </div>
        )}
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
