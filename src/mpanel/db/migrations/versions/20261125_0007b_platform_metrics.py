"""platform metrics: one SECURITY DEFINER aggregate across tenants for /api/metrics

Revision ID: 20261125_0007b
Revises: 20261125_0007
Create Date: 2026-11-25 20:30:00

`mpanel_platform_metrics()` returns (metric, tenant slug, currency, value) rows aggregated per
tenant, in one set-based query, for the Prometheus scrape. Like the login lookup it is owned by
the lookup role, which may read only the columns it aggregates (a permissive select policy for
that role alone); the application role may execute it but still reads no other tenant's rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from mpanel.db.rls import ident
from mpanel.db.roles import lookup_role

revision: str = "20261125_0007b"
down_revision: str | None = "20261125_0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    "invoices": "tenant_id, status, currency, total, amount_paid, amount_credited",
    "payments": "tenant_id, currency, amount",
    "refunds": "tenant_id, currency, amount",
    "subscriptions": "tenant_id, status, currency, price, billing_cycle",
}

FUNCTION = """
create function mpanel_platform_metrics()
    returns table (metric text, tenant text, currency text, value numeric)
    language sql stable security definer set search_path = public, pg_temp
as $$
    with figures (metric, tenant_id, currency, value) as (
        select 'invoices_generated', tenant_id, '', count(*)::numeric
            from invoices where status <> 'draft' group by tenant_id
        union all
        select 'payments', tenant_id, currency, count(*)::numeric from payments group by tenant_id, currency
        union all
        select 'payments_amount', tenant_id, currency, sum(amount) from payments group by tenant_id, currency
        union all
        select 'refunds', tenant_id, currency, count(*)::numeric from refunds group by tenant_id, currency
        union all
        select 'refunds_amount', tenant_id, currency, sum(amount) from refunds group by tenant_id, currency
        union all
        select 'active_subscriptions', tenant_id, '', count(*)::numeric
            from subscriptions where status = 'active' group by tenant_id
        union all
        select 'mrr', tenant_id, currency,
               sum(price / case billing_cycle when 'monthly' then 1 when 'quarterly' then 3
                   when 'semi-annual' then 6 when 'annual' then 12 when 'biennial' then 24
                   when 'triennial' then 36 end)
            from subscriptions where status = 'active' and billing_cycle <> 'one-time'
            group by tenant_id, currency
        union all
        select 'overdue_invoices', tenant_id, '', count(*)::numeric
            from invoices where status = 'overdue' group by tenant_id
        union all
        select 'overdue_amount', tenant_id, currency, sum(total - amount_paid - amount_credited)
            from invoices where status = 'overdue' group by tenant_id, currency
    )
    select f.metric, t.slug::text, f.currency, f.value from figures f join tenants t on t.id = f.tenant_id
$$
"""


def upgrade(app_role: str) -> None:
    app, lookup = ident(app_role), lookup_role(app_role)
    for table, columns in COLUMNS.items():
        op.execute(f"grant select ({columns}) on {table} to {lookup}")
        op.execute(f"create policy lookup_read on {table} for select to {lookup} using (true)")
    op.execute(FUNCTION)
    op.execute(f"alter function mpanel_platform_metrics() owner to {lookup}")
    op.execute("revoke all on function mpanel_platform_metrics() from public")
    op.execute(f"grant execute on function mpanel_platform_metrics() to {app}")


def downgrade(app_role: str) -> None:
    lookup = lookup_role(app_role)
    op.execute("drop function mpanel_platform_metrics()")
    for table in COLUMNS:
        op.execute(f"drop policy lookup_read on {table}")
        op.execute(f"revoke all on {table} from {lookup}")
