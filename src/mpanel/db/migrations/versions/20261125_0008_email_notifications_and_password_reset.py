"""e-mail notifications (templates, outbox filled by a trigger on billing events, the send job's
wake-up), password reset tokens, and payment/domain references on billing events

Revision ID: 20261125_0008
Revises: 20261125_0006
Create Date: 2026-11-25 20:06:27.073258
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mpanel.db.rls import disable_tenant_rls, enable_tenant_rls, ident
from mpanel.db.roles import lookup_role

revision: str = "20261125_0008"
down_revision: str | None = "20261125_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TENANT_TABLES = ("email_outbox", "email_templates", "password_reset_tokens")

# The billing event kinds that are e-mailed to the customer (notifications/kinds.py: EVENT_KINDS).
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

# Wakes the tenant's send job (notifications.send) in the caller's transaction. The queueing
# lock keeps one waiting job per tenant: when one is already waiting it will send this e-mail too.
KICK = """
create function mpanel_email_kick(p_tenant uuid, p_at timestamptz default null) returns void
    language plpgsql
as $$
begin
    perform procrastinate_defer_jobs_v1(array[row(
        'email', 'notifications.send', 0, null,
        case when p_at is null then 'email-send:' else 'email-retry:' end || p_tenant,
        jsonb_build_object('tenant_id', p_tenant), p_at)::procrastinate_job_to_defer_v1]);
exception when unique_violation then
    null;
end
$$
"""

# Every new e-mail wakes its tenant's send job (one statement, one wake-up per tenant).
OUTBOX_KICK = """
create function mpanel_email_outbox_kick() returns trigger
    language plpgsql
as $$
declare
    t uuid;
begin
    for t in select distinct tenant_id from new_emails loop
        perform mpanel_email_kick(t);
    end loop;
    return null;
end
$$
"""

# A billing event of an e-mailed kind becomes an outbox row in the statement that inserts it:
# set-based for the billing run, and the same for every writer of events (payments, Stripe...).
# ON CONFLICT DO NOTHING leaves deduplicated events out of the transition table.
EVENTS_TO_OUTBOX = """
create function mpanel_billing_events_to_outbox() returns trigger
    language plpgsql
as $$
begin
    insert into email_outbox (tenant_id, kind, to_address, event_id, customer_id, invoice_id,
                              subscription_id, payment_id, domain_id)
    select e.tenant_id, e.kind, c.email, e.id, e.customer_id, e.invoice_id, e.subscription_id,
           e.payment_id, e.domain_id
    from new_events e
    join customers c on c.tenant_id = e.tenant_id and c.id = e.customer_id
    where e.kind in ({kinds}) and c.status <> 'closed';
    return null;
end
$$
""".replace("{kinds}", ", ".join(f"'{k}'" for k in EMAILED_KINDS))

DUE_TENANTS = """
create function mpanel_email_due_tenants() returns setof uuid
    language sql stable security definer set search_path = public, pg_temp
as $$
    select distinct tenant_id from email_outbox
    where status in ('queued', 'sending') and next_attempt_at <= now()
$$
"""


def upgrade(app_role: str) -> None:
    op.create_table(
        "email_outbox",
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("to_address", sa.String(length=320), nullable=False),
        sa.Column("event_id", sa.UUID(), nullable=True),
        sa.Column("customer_id", sa.UUID(), nullable=True),
        sa.Column("user_id", sa.UUID(), nullable=True),
        sa.Column("invoice_id", sa.UUID(), nullable=True),
        sa.Column("subscription_id", sa.UUID(), nullable=True),
        sa.Column("payment_id", sa.UUID(), nullable=True),
        sa.Column("domain_id", sa.UUID(), nullable=True),
        sa.Column("secret", sa.Text(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("queued", "sending", "sent", "failed", name="emailstatus", native_enum=False, length=20),
            server_default="queued",
            nullable=False,
        ),
        sa.Column("attempts", sa.SmallInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column(
            "next_attempt_at", sa.DateTime(timezone=True), server_default=sa.text("clock_timestamp()"), nullable=False
        ),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("subject", sa.String(length=500), nullable=True),
        sa.Column("message_id", sa.String(length=300), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("clock_timestamp()"), nullable=False
        ),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_email_outbox_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_email_outbox")),
    )
    op.create_index(
        "ix_email_outbox_due",
        "email_outbox",
        ["tenant_id", "next_attempt_at"],
        unique=False,
        postgresql_where=sa.text("status in ('queued', 'sending')"),
    )
    op.create_index(
        "ix_email_outbox_tenant_id_created_at", "email_outbox", ["tenant_id", "created_at", "id"], unique=False
    )
    op.create_index(
        "uq_email_outbox_event",
        "email_outbox",
        ["tenant_id", "event_id"],
        unique=True,
        postgresql_where=sa.text("event_id is not null"),
    )
    op.create_table(
        "email_templates",
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_email_templates_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_email_templates")),
        sa.UniqueConstraint("tenant_id", "kind", name="uq_email_templates_tenant_id_kind"),
    )
    op.create_table(
        "password_reset_tokens",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "user_id"],
            ["users.tenant_id", "users.id"],
            name=op.f("fk_password_reset_tokens_tenant_id_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_password_reset_tokens_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_password_reset_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_reset_tokens_token_hash")),
    )
    op.add_column("billing_events", sa.Column("payment_id", sa.UUID(), nullable=True))
    # Two branches add this column (0008 for e-mails, 0010 for domain events): whichever runs second skips it.
    op.execute("alter table billing_events add column if not exists domain_id uuid")
    for table in TENANT_TABLES:
        for statement in enable_tenant_rls(table):
            op.execute(statement)
    app, lookup = ident(app_role), lookup_role(app_role)
    op.execute(KICK)
    op.execute(OUTBOX_KICK)
    op.execute(
        "create trigger email_outbox_kick after insert on email_outbox referencing new table as new_emails "
        "for each statement execute function mpanel_email_outbox_kick()"
    )
    op.execute(EVENTS_TO_OUTBOX)
    op.execute(
        "create trigger billing_events_outbox after insert on billing_events referencing new table as new_events "
        "for each statement execute function mpanel_billing_events_to_outbox()"
    )
    # The periodic sweep finds tenants with e-mail due (retries, a send job lost): the one
    # cross-tenant read here, a SECURITY DEFINER function that sees three columns.
    op.execute(f"grant select (tenant_id, status, next_attempt_at) on email_outbox to {lookup}")
    op.execute(f"create policy lookup_read on email_outbox for select to {lookup} using (true)")
    op.execute(DUE_TENANTS)
    op.execute(f"alter function mpanel_email_due_tenants() owner to {lookup}")
    op.execute("revoke all on function mpanel_email_due_tenants() from public")
    op.execute(f"grant execute on function mpanel_email_due_tenants() to {app}")


def downgrade(app_role: str) -> None:
    lookup = lookup_role(app_role)
    op.execute("drop function mpanel_email_due_tenants()")
    op.execute("drop policy lookup_read on email_outbox")
    op.execute(f"revoke all on email_outbox from {lookup}")
    op.execute("drop trigger billing_events_outbox on billing_events")
    op.execute("drop function mpanel_billing_events_to_outbox()")
    op.execute("drop trigger email_outbox_kick on email_outbox")
    op.execute("drop function mpanel_email_outbox_kick()")
    op.execute("drop function mpanel_email_kick(uuid, timestamptz)")
    for table in TENANT_TABLES:
        for statement in disable_tenant_rls(table):
            op.execute(statement)
    op.execute("alter table billing_events drop column if exists domain_id")
    op.drop_column("billing_events", "payment_id")
    op.drop_table("password_reset_tokens")
    op.drop_table("email_templates")
    op.drop_index("uq_email_outbox_event", table_name="email_outbox", postgresql_where=sa.text("event_id is not null"))
    op.drop_index("ix_email_outbox_tenant_id_created_at", table_name="email_outbox")
    op.drop_index(
        "ix_email_outbox_due", table_name="email_outbox", postgresql_where=sa.text("status in ('queued', 'sending')")
    )
    op.drop_table("email_outbox")
