"""subscriptions and the billing run (merges the catalog/domains and invoices/payments branches)

Revision ID: 20261125_0006
Revises: 20261125_0004, 20261125_0005
Create Date: 2026-11-25 17:58:12.085659
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mpanel.db.rls import disable_tenant_rls, enable_tenant_rls

revision: str = "20261125_0006"
down_revision: str | tuple[str, ...] | None = ("20261125_0004", "20261125_0005")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TENANT_TABLES = ("subscriptions", "billing_events")


def upgrade(app_role: str) -> None:
    op.create_table(
        "billing_events",
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("invoice_id", sa.UUID(), nullable=True),
        sa.Column("subscription_id", sa.UUID(), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("clock_timestamp()"), nullable=False
        ),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_billing_events_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_billing_events")),
    )
    op.create_index(
        "ix_billing_events_tenant_id_created_at", "billing_events", ["tenant_id", "created_at", "id"], unique=False
    )
    op.create_index("uq_billing_events_dedupe", "billing_events", ["tenant_id", "dedupe_key"], unique=True)
    op.create_table(
        "subscriptions",
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("product_id", sa.UUID(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column(
            "billing_cycle",
            sa.Enum(
                "one-time",
                "monthly",
                "quarterly",
                "semi-annual",
                "annual",
                "biennial",
                "triennial",
                name="billingcycle",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("price", sa.Numeric(18, 4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "suspended",
                "cancelled",
                "terminated",
                name="subscriptionstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "suspend_reason",
            sa.Enum("overdue", "manual", name="suspendreason", native_enum=False, length=20),
            nullable=True,
        ),
        sa.Column("next_billing_date", sa.Date(), nullable=False),
        sa.Column("anchor_day", sa.SmallInteger(), nullable=False),
        sa.Column("cancel_at_period_end", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("suspended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("terminated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("billing_cycle <> 'one-time'", name=op.f("ck_subscriptions_recurring_cycle")),
        sa.CheckConstraint("anchor_day between 1 and 31", name=op.f("ck_subscriptions_anchor_day_range")),
        sa.CheckConstraint("price >= 0", name=op.f("ck_subscriptions_price_not_negative")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_subscriptions_tenant_id_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "product_id"],
            ["products.tenant_id", "products.id"],
            name=op.f("fk_subscriptions_tenant_id_product_id_products"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_subscriptions_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_subscriptions")),
    )
    op.create_index("ix_subscriptions_customer", "subscriptions", ["tenant_id", "customer_id"], unique=False)
    op.create_index("ix_subscriptions_due", "subscriptions", ["tenant_id", "status", "next_billing_date"], unique=False)
    op.add_column(
        "invoices",
        sa.Column(
            "kind",
            sa.Enum("manual", "renewal", "proration", name="invoicekind", native_enum=False, length=20),
            server_default="manual",
            nullable=False,
        ),
    )
    op.add_column("invoices", sa.Column("subscription_id", sa.UUID(), nullable=True))
    op.add_column("invoices", sa.Column("period_start", sa.Date(), nullable=True))
    op.add_column("invoices", sa.Column("period_end", sa.Date(), nullable=True))
    op.add_column("invoices", sa.Column("late_fee_applied_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_invoices_subscription_open",
        "invoices",
        ["tenant_id", "subscription_id"],
        unique=False,
        postgresql_where=sa.text("status in ('unpaid', 'partially-paid', 'overdue')"),
    )
    op.create_index(
        "uq_invoices_subscription_period",
        "invoices",
        ["tenant_id", "subscription_id", "period_start"],
        unique=True,
        postgresql_where=sa.text("kind = 'renewal'"),
    )
    op.create_foreign_key(
        op.f("fk_domains_tenant_id_subscription_id_subscriptions"),
        "domains",
        "subscriptions",
        ["tenant_id", "subscription_id"],
        ["tenant_id", "id"],
    )
    for table in TENANT_TABLES:
        for statement in enable_tenant_rls(table):
            op.execute(statement)


def downgrade(app_role: str) -> None:
    for table in TENANT_TABLES:
        for statement in disable_tenant_rls(table):
            op.execute(statement)
    op.drop_constraint(op.f("fk_domains_tenant_id_subscription_id_subscriptions"), "domains", type_="foreignkey")
    op.drop_index(
        "uq_invoices_subscription_period", table_name="invoices", postgresql_where=sa.text("kind = 'renewal'")
    )
    op.drop_index(
        "ix_invoices_subscription_open",
        table_name="invoices",
        postgresql_where=sa.text("status in ('unpaid', 'partially-paid', 'overdue')"),
    )
    op.drop_column("invoices", "late_fee_applied_at")
    op.drop_column("invoices", "period_end")
    op.drop_column("invoices", "period_start")
    op.drop_column("invoices", "subscription_id")
    op.drop_column("invoices", "kind")
    op.drop_index("ix_subscriptions_due", table_name="subscriptions")
    op.drop_index("ix_subscriptions_customer", table_name="subscriptions")
    op.drop_table("subscriptions")
    op.drop_index("uq_billing_events_dedupe", table_name="billing_events")
    op.drop_index("ix_billing_events_tenant_id_created_at", table_name="billing_events")
    op.drop_table("billing_events")
