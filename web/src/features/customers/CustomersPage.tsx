import { useEffect, useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useCustomers } from "@/api/customers";
import { CUSTOMER_STATUSES, type CustomerSort, type CustomerStatus } from "@/api/types";
import { Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { EmptyState, ErrorState, PageLoader, Spinner } from "@/components/Feedback";
import { inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { Modal } from "@/components/Modal";
import { Pager, useCursorPager } from "@/components/Pagination";
import { SortTh, Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { countryName, countryOptions } from "@/lib/countries";
import { formatRelative, formatDateTime } from "@/lib/dates";
import { formatMoney } from "@/lib/money";
import { useUrlParams } from "@/lib/urlParams";
import { CUSTOMER_STATUS_LABELS, CustomerStatusBadge } from "../billing/labels";
import { customerLabel } from "../billing/pickers";
import { CustomerForm } from "./CustomerForm";

const PAGE_SIZE = 25;

export default function CustomersPage() {
  const { can } = useAuth();
  const canWrite = can("customers.write");
  const navigate = useNavigate();
  const { params, setParam, clear } = useUrlParams();
  const q = params.get("q") ?? "";
  const status = (params.get("status") ?? "") as CustomerStatus | "";
  const country = params.get("country") ?? "";
  const sort = (params.get("sort") ?? "") as CustomerSort | "";
  const creating = params.get("new") === "1" && canWrite;
  const [search, setSearch] = useState(q);
  const pager = useCursorPager();
  const countries = useMemo(() => countryOptions(), []);

  useEffect(() => setSearch(q), [q]);
  useEffect(() => {
    if (search === q) return;
    const t = setTimeout(() => setParam("q", search.trim() || null), 300);
    return () => clearTimeout(t);
  }, [search]);
  const { reset } = pager;
  useEffect(() => reset(), [q, status, country, sort, reset]);

  const list = useCustomers({
    limit: PAGE_SIZE,
    ...(pager.cursor ? { cursor: pager.cursor } : {}),
    ...(q ? { q } : {}),
    ...(status ? { status } : {}),
    ...(country ? { country } : {}),
    ...(sort ? { sort } : {}),
  });
  const items = list.data?.items ?? [];
  const filtered = !!(q || status || country);

  return (
    <>
      <PageHeader
        title="Customers"
        description="The people and companies you bill."
        actions={
          canWrite && (
            <Button icon={<Icon name="plus" className="h-4 w-4" />} onClick={() => setParam("new", "1")}>
              New customer
            </Button>
          )
        }
      />
      <Card>
        <div className="flex flex-col gap-3 border-b border-slate-200 p-4 sm:flex-row dark:border-slate-800">
          <div className="relative flex-1">
            <Icon name="search" className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-400" />
            <input
              type="search"
              aria-label="Search customers"
              placeholder="Search by name, company or e-mail"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              className={`${inputClass} pl-9`}
            />
          </div>
          <select aria-label="Filter by status" value={status} onChange={(e) => setParam("status", e.target.value || null)} className={`${inputClass} sm:w-40`}>
            <option value="">All statuses</option>
            {CUSTOMER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {CUSTOMER_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          <select aria-label="Filter by country" value={country} onChange={(e) => setParam("country", e.target.value || null)} className={`${inputClass} sm:w-52`}>
            <option value="">All countries</option>
            {countries.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>

        {list.isPending ? (
          <PageLoader label="Loading customers…" />
        ) : list.isError ? (
          <div className="p-4">
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            title={filtered ? "No customer matches these filters" : "No customers yet"}
            action={
              filtered ? (
                <Button variant="secondary" onClick={() => clear()}>
                  Clear filters
                </Button>
              ) : (
                canWrite && <Button onClick={() => setParam("new", "1")}>Add the first customer</Button>
              )
            }
          >
            {filtered ? "Try another name, or clear the status and country filters." : "Customers you add here can be invoiced and given a client-portal login."}
          </EmptyState>
        ) : (
          <div className="relative">
            {list.isFetching && (
              <div className="absolute right-3 top-3 text-slate-400" aria-label="Refreshing">
                <Spinner className="h-4 w-4" />
              </div>
            )}
            <Table label="Customers">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <SortTh field="name" sort={sort} onSort={(next) => setParam("sort", next)}>
                    Customer
                  </SortTh>
                  <Th className="hidden md:table-cell">Country</Th>
                  <Th>Status</Th>
                  <Th className="hidden text-right sm:table-cell">Credit</Th>
                  <SortTh field="createdAt" sort={sort} onSort={(next) => setParam("sort", next)} className="hidden lg:table-cell">
                    Added
                  </SortTh>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((c) => (
                  <tr
                    key={c.id}
                    data-testid="customer-row"
                    className="cursor-pointer hover:bg-slate-50 dark:hover:bg-slate-800/40"
                    onClick={() => navigate(`/customers/${c.id}`)}
                  >
                    <Td>
                      <Link to={`/customers/${c.id}`} className="font-medium hover:text-indigo-600 hover:underline" onClick={(e) => e.stopPropagation()}>
                        {customerLabel(c)}
                      </Link>
                      <div className="text-xs text-slate-500">{c.email}</div>
                    </Td>
                    <Td className="hidden md:table-cell">{countryName(c.country)}</Td>
                    <Td>
                      <CustomerStatusBadge status={c.status} />
                    </Td>
                    <Td className="hidden text-right tabular-nums sm:table-cell">{formatMoney(c.creditBalance, c.currency)}</Td>
                    <Td className="hidden text-slate-500 lg:table-cell" title={formatDateTime(c.createdAt)}>
                      {formatRelative(c.createdAt)}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pager page={pager.page} hasPrev={pager.hasPrev} nextCursor={list.data?.nextCursor} onPrev={pager.prev} onNext={pager.next} busy={list.isFetching} />
          </div>
        )}
      </Card>

      <Modal open={creating} onClose={() => setParam("new", null)} title="New customer" size="lg">
        <CustomerForm
          onCancel={() => setParam("new", null)}
          onSaved={(c) => {
            toast(`Customer ${c.name} created`);
            navigate(`/customers/${c.id}`);
          }}
        />
      </Modal>
    </>
  );
}
