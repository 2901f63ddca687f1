"""merge the feature branches; outbox rows keyed by the event's dedupe key; node heartbeat ages

Revision ID: 20261125_0012
Revises: every head of the parallel feature branches
Create Date: 2026-11-25 21:30:00

billing_events lost its surrogate id on one branch (20261125_0010: the dedupe key is the key) while
another branch's outbox trigger copied that id into email_outbox.event_id (20261125_0008): the
outbox now keeps the event's dedupe key, and the trigger function is replaced to copy it.

`mpanel_node_heartbeats()` returns (tenant slug, node name, seconds since the last heartbeat) of
every enrolled node, for the Prometheus scrape. Like `mpanel_platform_metrics()` it is owned by
the lookup role, which may read only the columns it needs; the application role may execute it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mpanel.db.rls import ident
from mpanel.db.roles import lookup_role

revision: str = "20261125_0012"
down_revision: str | Sequence[str] | None = (
    "20261125_0007b",
    "20261125_0008b",
    "20261125_0009",
    "20261125_0010",
    "20261125_0011",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The billing event kinds that are e-mailed (notifications/kinds.py), as 20261125_0008 lists them.
EMAILED_KINDS = (
    "invoice.created",
    "invoice.reminder",
    "invoice.overdue",
    "payment.received",
    "payment.failed",
    "payment.action_required",
    "subscription.suspended",
    "subscription.unsuspended",
    "domain.renewal_reminder",
)

EVENTS_TO_OUTBOX = """
create or replace function mpanel_billing_events_to_outbox() returns trigger
    language plpgsql
as $$
begin
    insert into email_outbox (tenant_id, kind, to_address, event_key, customer_id, invoice_id,
                              subscription_id, payment_id, domain_id)
    select e.tenant_id, e.kind, c.email, e.dedupe_key, e.customer_id, e.invoice_id, e.subscription_id,
           e.payment_id, e.domain_id
    from new_events e
    join customers c on c.tenant_id = e.tenant_id and c.id = e.customer_id
    where e.kind in ({kinds}) and c.status <> 'closed';
    return null;
end
$$
""".replace("{kinds}", ", ".join(f"'{k}'" for k in EMAILED_KINDS))

FUNCTION = """
create function mpanel_node_heartbeats()
    returns table (tenant text, node text, age_seconds double precision)
    language sql stable security definer set search_path = public, pg_temp
as $$
    select t.slug::text, s.name::text, extract(epoch from clock_timestamp() - s.last_heartbeat_at)
    from servers s join tenants t on t.id = s.tenant_id
    where s.credential_hash is not null and s.last_heartbeat_at is not null
$$
"""


def upgrade(app_role: str) -> None:
    app, lookup = ident(app_role), lookup_role(app_role)
    op.drop_index("uq_email_outbox_event", table_name="email_outbox")
    op.drop_column("email_outbox", "event_id")
    op.add_column("email_outbox", sa.Column("event_key", sa.String(length=200), nullable=True))
    op.create_index(
        "uq_email_outbox_event",
        "email_outbox",
        ["tenant_id", "event_key"],
        unique=True,
        postgresql_where=sa.text("event_key is not null"),
    )
    op.execute(EVENTS_TO_OUTBOX)
    op.execute(f"grant select (tenant_id, name, credential_hash, last_heartbeat_at) on servers to {lookup}")
    op.execute(f"create policy lookup_read on servers for select to {lookup} using (true)")
    op.execute(FUNCTION)
    op.execute(f"alter function mpanel_node_heartbeats() owner to {lookup}")
    op.execute("revoke all on function mpanel_node_heartbeats() from public")
    op.execute(f"grant execute on function mpanel_node_heartbeats() to {app}")


def downgrade(app_role: str) -> None:
    lookup = lookup_role(app_role)
    op.execute("drop function if exists mpanel_node_heartbeats()")
    op.execute("drop policy if exists lookup_read on servers")
    op.execute(f"revoke select on servers from {lookup}")
    # Back to 20261125_0008's shape (event ids are not recoverable from keys: they stay empty).
    op.drop_index("uq_email_outbox_event", table_name="email_outbox")
    op.drop_column("email_outbox", "event_key")
    op.add_column("email_outbox", sa.Column("event_id", sa.UUID(), nullable=True))
    op.create_index(
        "uq_email_outbox_event",
        "email_outbox",
        ["tenant_id", "event_id"],
        unique=True,
        postgresql_where=sa.text("event_id is not null"),
    )
