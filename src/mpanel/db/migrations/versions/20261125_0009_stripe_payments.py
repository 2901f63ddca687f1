"""Stripe: tenant keys, Stripe customers, webhook events, payment attempts (dunning)

Revision ID: 20261125_0009
Revises: 20261125_0007
Create Date: 2026-11-25 20:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from mpanel.db.rls import disable_tenant_rls, enable_tenant_rls, ident
from mpanel.db.roles import lookup_role

revision: str = "20261125_0009"
down_revision: str | tuple[str, ...] | None = "20261125_0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT_TABLES = ("stripe_accounts", "stripe_customers", "stripe_events", "payment_attempts")


def _tenant_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
    ]


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
    ]


def upgrade(app_role: str) -> None:
    op.create_table(
        "stripe_accounts",
        sa.Column("secret_key", sa.Text(), nullable=True),
        sa.Column("publishable_key", sa.String(length=255), nullable=True),
        sa.Column("webhook_secret", sa.Text(), nullable=True),
        sa.Column("secret_key_last4", sa.String(length=4), nullable=True),
        sa.Column("webhook_secret_last4", sa.String(length=4), nullable=True),
        *_tenant_columns(),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_stripe_accounts_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_stripe_accounts")),
        sa.UniqueConstraint("tenant_id", name="uq_stripe_accounts_tenant_id"),
    )
    op.create_table(
        "stripe_events",
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("type", sa.String(length=100), nullable=False),
        sa.Column("object_id", sa.String(length=255), nullable=True),
        sa.Column("livemode", sa.Boolean(), nullable=False),
        sa.Column("stripe_created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "status",
            sa.Enum("processed", "ignored", name="stripeeventstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        *_tenant_columns(),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_stripe_events_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_stripe_events")),
        sa.UniqueConstraint("tenant_id", "event_id", name="uq_stripe_events_event_id"),
    )
    op.create_index("ix_stripe_events_object", "stripe_events", ["tenant_id", "object_id"], unique=False)
    op.create_table(
        "stripe_customers",
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("stripe_customer_id", sa.String(length=255), nullable=False),
        sa.Column("default_payment_method_id", sa.String(length=255), nullable=True),
        *_tenant_columns(),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_stripe_customers_tenant_id_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_stripe_customers_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_stripe_customers")),
        sa.UniqueConstraint("tenant_id", "customer_id", name="uq_stripe_customers_customer"),
        sa.UniqueConstraint("tenant_id", "stripe_customer_id", name="uq_stripe_customers_stripe_id"),
    )
    op.create_index("ix_stripe_customers_stripe_id", "stripe_customers", ["stripe_customer_id"], unique=False)
    op.create_table(
        "payment_attempts",
        sa.Column("invoice_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column(
            "trigger",
            sa.Enum("billing_run", "portal", "staff", name="attempttrigger", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("attempt_no", sa.SmallInteger(), nullable=True),
        sa.Column("scheduled_for", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "scheduled",
                "pending",
                "processing",
                "succeeded",
                "failed",
                "requires_action",
                "skipped",
                name="attemptstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("amount", sa.Numeric(18, 4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("gateway", sa.String(length=30), nullable=False),
        sa.Column("gateway_reference", sa.String(length=255), nullable=True),
        sa.Column("payment_method", sa.String(length=255), nullable=True),
        sa.Column("failure_code", sa.String(length=100), nullable=True),
        sa.Column("failure_message", sa.String(length=500), nullable=True),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("payment_id", sa.UUID(), nullable=True),
        sa.Column("actor_id", sa.UUID(), nullable=True),
        *_tenant_columns(),
        *_timestamps(),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payment_attempts_amount_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_payment_attempts_tenant_id_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "invoice_id"],
            ["invoices.tenant_id", "invoices.id"],
            name=op.f("fk_payment_attempts_tenant_id_invoice_id_invoices"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "payment_id"],
            ["payments.tenant_id", "payments.id"],
            name=op.f("fk_payment_attempts_tenant_id_payment_id_payments"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_payment_attempts_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_payment_attempts")),
    )
    op.create_index(
        "ix_payment_attempts_invoice", "payment_attempts", ["tenant_id", "invoice_id", "created_at"], unique=False
    )
    op.create_index(
        "uq_payment_attempts_intent",
        "payment_attempts",
        ["tenant_id", "gateway_reference"],
        unique=True,
        postgresql_where=sa.text("gateway_reference is not null"),
    )
    op.create_index(
        "uq_payment_attempts_invoice_attempt_no",
        "payment_attempts",
        ["tenant_id", "invoice_id", "attempt_no"],
        unique=True,
        postgresql_where=sa.text("attempt_no is not null"),
    )
    op.create_index(
        "ix_payment_attempts_reference",
        "payment_attempts",
        ["gateway_reference"],
        unique=False,
        postgresql_where=sa.text("gateway_reference is not null"),
    )
    for table in TENANT_TABLES:
        for statement in enable_tenant_rls(table):
            op.execute(statement)
    _event_tenant_lookup(ident(app_role), lookup_role(app_role))


def _event_tenant_lookup(app: str, lookup: str) -> None:
    """The platform webhook (one endpoint for every tenant on the platform's Stripe account)
    finds the tenant of a PaymentIntent or Stripe customer that MPanel created, and only for
    tenants without keys of their own: the one cross-tenant lookup of Stripe events."""
    op.execute(f"grant select (tenant_id, gateway, gateway_reference) on payment_attempts to {lookup}")
    op.execute(f"grant select (tenant_id, stripe_customer_id) on stripe_customers to {lookup}")
    op.execute(f"grant select (tenant_id, secret_key) on stripe_accounts to {lookup}")
    for table in ("payment_attempts", "stripe_customers", "stripe_accounts"):
        op.execute(f"create policy lookup_read on {table} for select to {lookup} using (true)")
    op.execute(
        """
        create function mpanel_stripe_event_tenant(p_intent text, p_customer text)
            returns uuid
            language sql stable security definer set search_path = public, pg_temp
        as $$
            select x.tenant_id from (
                select a.tenant_id, 1 as rank from payment_attempts a
                where a.gateway = 'stripe' and a.gateway_reference = p_intent
                union all
                select c.tenant_id, 2 from stripe_customers c where c.stripe_customer_id = p_customer
            ) x
            where not exists (
                select 1 from stripe_accounts s where s.tenant_id = x.tenant_id and s.secret_key is not null)
            order by x.rank limit 1
        $$
        """
    )
    op.execute(f"alter function mpanel_stripe_event_tenant(text, text) owner to {lookup}")
    op.execute("revoke all on function mpanel_stripe_event_tenant(text, text) from public")
    op.execute(f"grant execute on function mpanel_stripe_event_tenant(text, text) to {app}")


def downgrade(app_role: str) -> None:
    lookup = lookup_role(app_role)
    op.execute("drop function mpanel_stripe_event_tenant(text, text)")
    for table in ("payment_attempts", "stripe_customers", "stripe_accounts"):
        op.execute(f"drop policy lookup_read on {table}")
        op.execute(f"revoke all on {table} from {lookup}")
    for table in TENANT_TABLES:
        for statement in disable_tenant_rls(table):
            op.execute(statement)
    op.drop_index(
        "ix_payment_attempts_reference",
        table_name="payment_attempts",
        postgresql_where=sa.text("gateway_reference is not null"),
    )
    op.drop_index(
        "uq_payment_attempts_invoice_attempt_no",
        table_name="payment_attempts",
        postgresql_where=sa.text("attempt_no is not null"),
    )
    op.drop_index(
        "uq_payment_attempts_intent",
        table_name="payment_attempts",
        postgresql_where=sa.text("gateway_reference is not null"),
    )
    op.drop_index("ix_payment_attempts_invoice", table_name="payment_attempts")
    op.drop_table("payment_attempts")
    op.drop_index("ix_stripe_customers_stripe_id", table_name="stripe_customers")
    op.drop_table("stripe_customers")
    op.drop_index("ix_stripe_events_object", table_name="stripe_events")
    op.drop_table("stripe_events")
    op.drop_table("stripe_accounts")
