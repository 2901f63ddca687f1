import { useMemo } from "react";
import { Link, useNavigate } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useCustomers } from "@/api/customers";
import { CUSTOMER_STATUSES, type CustomerQuery } from "@/api/types";
import { Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { Modal } from "@/components/Modal";
import { FilterBar, ListBody, SearchBox, useListPage } from "@/components/ListPage";
import { AddedTd, SortTh, Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { countryName, countryOptions } from "@/lib/countries";
import { formatMoney } from "@/lib/money";
import { CUSTOMER_STATUS_LABELS, CustomerStatusBadge } from "../billing/labels";
import { customerLabel } from "../billing/pickers";
import { CustomerForm } from "./CustomerForm";

const PAGE_SIZE = 25;

export default function CustomersPage() {
  const { can } = useAuth();
  const canWrite = can("customers.write");
  const navigate = useNavigate();
  const list = useListPage<CustomerQuery>({ pageSize: PAGE_SIZE, filters: ["q", "status", "country"], defaultSort: "-createdAt", search: { param: "q" } });
  const { status, country } = list.values;
  const { setParam } = list;
  const creating = list.params.get("new") === "1" && canWrite;
  const countries = useMemo(() => countryOptions(), []);
  const customers = useCustomers(list.query);

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
        <FilterBar>
          <SearchBox label="Search customers" placeholder="Search by name, company or e-mail" {...list.search} />
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
        </FilterBar>

        <ListBody
          list={list}
          result={customers}
          loading="Loading customers…"
          empty={{
            title: "No customers yet",
            noMatch: "No customer matches these filters",
            hint: "Customers you add here can be invoiced and given a client-portal login.",
            noMatchHint: "Try another name, or clear the status and country filters.",
            action: canWrite && <Button onClick={() => setParam("new", "1")}>Add the first customer</Button>,
          }}
        >
          {(items) => (
            <Table label="Customers">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <SortTh {...list.sortBy("name")}>Customer</SortTh>
                  <Th className="hidden md:table-cell">Country</Th>
                  <Th>Status</Th>
                  <Th className="hidden text-right sm:table-cell">Credit</Th>
                  <SortTh {...list.sortBy("createdAt")} className="hidden lg:table-cell">
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
                    <AddedTd at={c.createdAt} className="hidden lg:table-cell" />
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </ListBody>
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
