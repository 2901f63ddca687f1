"""tax rules, invoices, payments

Revision ID: 20261125_0005
Revises: 20261125_0003 (a branch beside 0004; merged later)
Create Date: 2026-11-25 17:49:22.704960
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mpanel.db.rls import disable_tenant_rls, enable_tenant_rls

revision: str = "20261125_0005"
down_revision: str | None = "20261125_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TENANT_TABLES = (
    "number_counters",
    "tax_rules",
    "invoices",
    "invoice_items",
    "invoice_taxes",
    "credit_notes",
    "payments",
    "refunds",
)


def upgrade(app_role: str) -> None:
    op.create_table(
        "number_counters",
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("series", sa.String(length=20), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.CheckConstraint("value > 0", name=op.f("ck_number_counters_value_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_number_counters_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "series", "period", name=op.f("pk_number_counters")),
    )
    op.create_table(
        "tax_rules",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("postcode_pattern", sa.String(length=50), nullable=True),
        sa.Column("rate", sa.Numeric(precision=7, scale=4), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.Column("compound", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("priority", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("country ~ '^[A-Z]{2}$'", name=op.f("ck_tax_rules_country_format")),
        sa.CheckConstraint("level in (1, 2)", name=op.f("ck_tax_rules_level_1_or_2")),
        sa.CheckConstraint("rate >= 0 and rate <= 100", name=op.f("ck_tax_rules_rate_percent")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_tax_rules_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_tax_rules")),
    )
    op.create_index("ix_tax_rules_tenant_id_country", "tax_rules", ["tenant_id", "country"], unique=False)
    op.create_table(
        "invoices",
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "unpaid",
                "partially-paid",
                "paid",
                "overdue",
                "cancelled",
                "refunded",
                name="invoicestatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("subtotal", sa.Numeric(18, 4), nullable=False),
        sa.Column("tax_total", sa.Numeric(18, 4), nullable=False),
        sa.Column("total", sa.Numeric(18, 4), nullable=False),
        sa.Column("amount_paid", sa.Numeric(18, 4), nullable=False),
        sa.Column("amount_credited", sa.Numeric(18, 4), nullable=False),
        sa.Column("prices_include_tax", sa.Boolean(), nullable=False),
        sa.Column("tax_note", sa.String(length=300), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("status = 'draft' or number is not null", name=op.f("ck_invoices_issued_has_number")),
        sa.CheckConstraint("amount_paid + amount_credited <= total", name=op.f("ck_invoices_not_overpaid")),
        sa.CheckConstraint("amount_paid >= 0 and amount_credited >= 0", name=op.f("ck_invoices_paid_not_negative")),
        sa.CheckConstraint("total >= 0", name=op.f("ck_invoices_total_not_negative")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_invoices_tenant_id_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_invoices_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("tenant_id", "number", name="uq_invoices_tenant_id_number"),
    )
    op.create_index(
        "ix_invoices_tenant_id_customer_id", "invoices", ["tenant_id", "customer_id", "created_at"], unique=False
    )
    op.create_index(
        "ix_invoices_tenant_id_status_due_date", "invoices", ["tenant_id", "status", "due_date"], unique=False
    )
    op.create_table(
        "credit_notes",
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("invoice_id", sa.UUID(), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("amount", sa.Numeric(18, 4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_credit_notes_amount_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_credit_notes_tenant_id_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "invoice_id"],
            ["invoices.tenant_id", "invoices.id"],
            name=op.f("fk_credit_notes_tenant_id_invoice_id_invoices"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_credit_notes_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_credit_notes")),
        sa.UniqueConstraint("tenant_id", "number", name="uq_credit_notes_tenant_id_number"),
    )
    op.create_table(
        "invoice_items",
        sa.Column("invoice_id", sa.UUID(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=12, scale=4), nullable=False),
        sa.Column("unit_price", sa.Numeric(18, 4), nullable=False),
        sa.Column("amount", sa.Numeric(18, 4), nullable=False),
        sa.Column("taxable", sa.Boolean(), nullable=False),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_invoice_items_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "invoice_id"],
            ["invoices.tenant_id", "invoices.id"],
            name=op.f("fk_invoice_items_tenant_id_invoice_id_invoices"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_invoice_items_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_invoice_items")),
    )
    op.create_index("ix_invoice_items_invoice", "invoice_items", ["tenant_id", "invoice_id", "position"], unique=False)
    op.create_table(
        "invoice_taxes",
        sa.Column("invoice_id", sa.UUID(), nullable=False),
        sa.Column("rule_id", sa.UUID(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("rate", sa.Numeric(precision=7, scale=4), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.Column("compound", sa.Boolean(), nullable=False),
        sa.Column("base", sa.Numeric(18, 4), nullable=False),
        sa.Column("amount", sa.Numeric(18, 4), nullable=False),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "invoice_id"],
            ["invoices.tenant_id", "invoices.id"],
            name=op.f("fk_invoice_taxes_tenant_id_invoice_id_invoices"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_invoice_taxes_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_invoice_taxes")),
    )
    op.create_index("ix_invoice_taxes_invoice", "invoice_taxes", ["tenant_id", "invoice_id"], unique=False)
    op.create_table(
        "payments",
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("invoice_id", sa.UUID(), nullable=False),
        sa.Column("amount", sa.Numeric(18, 4), nullable=False),
        sa.Column("applied", sa.Numeric(18, 4), nullable=False),
        sa.Column("refunded", sa.Numeric(18, 4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "bank_transfer",
                "cash",
                "cheque",
                "card",
                "account_credit",
                "other",
                name="paymentmethod",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum("completed", "partially-refunded", "refunded", name="paymentstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("gateway", sa.String(length=30), nullable=False),
        sa.Column("gateway_reference", sa.String(length=200), nullable=True),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("actor_id", sa.UUID(), nullable=True),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payments_amount_positive")),
        sa.CheckConstraint("applied >= 0 and applied <= amount", name=op.f("ck_payments_applied_within_amount")),
        sa.CheckConstraint("refunded >= 0 and refunded <= amount", name=op.f("ck_payments_refunded_within_amount")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_payments_tenant_id_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "invoice_id"],
            ["invoices.tenant_id", "invoices.id"],
            name=op.f("fk_payments_tenant_id_invoice_id_invoices"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_payments_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_payments")),
        sa.UniqueConstraint("tenant_id", "gateway", "gateway_reference", name="uq_payments_gateway_reference"),
    )
    op.create_index(
        "ix_payments_tenant_id_customer_id", "payments", ["tenant_id", "customer_id", "created_at"], unique=False
    )
    op.create_index("ix_payments_tenant_id_invoice_id", "payments", ["tenant_id", "invoice_id"], unique=False)
    op.create_table(
        "refunds",
        sa.Column("payment_id", sa.UUID(), nullable=False),
        sa.Column("credit_note_id", sa.UUID(), nullable=False),
        sa.Column("amount", sa.Numeric(18, 4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("to_account_credit", sa.Boolean(), nullable=False),
        sa.Column("gateway_reference", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("actor_id", sa.UUID(), nullable=True),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_refunds_amount_positive")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "credit_note_id"],
            ["credit_notes.tenant_id", "credit_notes.id"],
            name=op.f("fk_refunds_tenant_id_credit_note_id_credit_notes"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "payment_id"],
            ["payments.tenant_id", "payments.id"],
            name=op.f("fk_refunds_tenant_id_payment_id_payments"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_refunds_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_refunds")),
    )
    for table in TENANT_TABLES:
        for statement in enable_tenant_rls(table):
            op.execute(statement)


def downgrade(app_role: str) -> None:
    for table in TENANT_TABLES:
        for statement in disable_tenant_rls(table):
            op.execute(statement)
    op.drop_table("refunds")
    op.drop_index("ix_payments_tenant_id_invoice_id", table_name="payments")
    op.drop_index("ix_payments_tenant_id_customer_id", table_name="payments")
    op.drop_table("payments")
    op.drop_index("ix_invoice_taxes_invoice", table_name="invoice_taxes")
    op.drop_table("invoice_taxes")
    op.drop_index("ix_invoice_items_invoice", table_name="invoice_items")
    op.drop_table("invoice_items")
    op.drop_table("credit_notes")
    op.drop_index("ix_invoices_tenant_id_status_due_date", table_name="invoices")
    op.drop_index("ix_invoices_tenant_id_customer_id", table_name="invoices")
    op.drop_table("invoices")
    op.drop_index("ix_tax_rules_tenant_id_country", table_name="tax_rules")
    op.drop_table("tax_rules")
    op.drop_table("number_counters")
