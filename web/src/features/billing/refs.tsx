import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/api/client";
import { customersKey, invoicesKey } from "@/api/billingKeys";
import { useAuth } from "@/app/auth/AuthProvider";
import { customerLabel } from "./pickers";

const LONG = 5 * 60_000;

/** A customer's name (fetched once and cached), linked to the customer when the user may open it. */
export function CustomerName({ id, link = true }: { id: string; link?: boolean }) {
  const { can } = useAuth();
  const q = useQuery({
    queryKey: [...customersKey, "one", id],
    queryFn: ({ signal }) => unwrap(api.GET("/api/customers/{customer_id}", { params: { path: { customer_id: id } }, signal })),
    staleTime: LONG,
    enabled: can("customers.read"),
  });
  const text = !can("customers.read") ? "—" : q.data ? customerLabel(q.data) : q.isError ? "Unknown customer" : "…";
  if (!link || !can("customers.read")) return <span>{text}</span>;
  return (
    <Link to={`/customers/${id}`} className="hover:text-indigo-600 hover:underline" onClick={(e) => e.stopPropagation()}>
      {text}
    </Link>
  );
}

/** An invoice's number (fetched once and cached), linked to the invoice. */
export function InvoiceRef({ id, base = "/invoices" }: { id: string; base?: string }) {
  const q = useQuery({
    queryKey: [...invoicesKey, "one", id],
    queryFn: ({ signal }) => unwrap(api.GET("/api/invoices/{invoice_id}", { params: { path: { invoice_id: id } }, signal })),
    staleTime: LONG,
  });
  return (
    <Link to={`${base}/${id}`} className="font-medium hover:text-indigo-600 hover:underline" onClick={(e) => e.stopPropagation()}>
      {q.data ? (q.data.invoiceNumber ?? "Draft") : "…"}
    </Link>
  );
}
