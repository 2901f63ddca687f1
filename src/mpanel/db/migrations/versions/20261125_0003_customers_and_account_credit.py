"""customers and account credit

Revision ID: 20261125_0003
Revises: 20261125_0002
Create Date: 2026-11-25 17:42:31.594799
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mpanel.db.rls import disable_tenant_rls, enable_tenant_rls

revision: str = "20261125_0003"
down_revision: str | None = "20261125_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TENANT_TABLES = ("customers", "credit_transactions")


def upgrade(app_role: str) -> None:
    op.create_table(
        "customers",
        sa.Column(
            "kind", sa.Enum("person", "company", name="customerkind", native_enum=False, length=20), nullable=False
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("company_name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("address_line2", sa.String(length=200), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("postcode", sa.String(length=20), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("vat_id", sa.String(length=32), nullable=True),
        sa.Column("tax_exempt", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("credit_balance", sa.Numeric(18, 4), server_default=sa.text("0"), nullable=False),
        sa.Column(
            "status",
            sa.Enum("active", "inactive", "closed", name="customerstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("country ~ '^[A-Z]{2}$'", name=op.f("ck_customers_country_format")),
        sa.CheckConstraint("currency ~ '^[A-Z]{3}$'", name=op.f("ck_customers_currency_format")),
        sa.CheckConstraint("credit_balance >= 0", name=op.f("ck_customers_credit_not_negative")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_customers_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_customers")),
    )
    op.create_index(
        "uq_customers_tenant_id_email", "customers", ["tenant_id", sa.literal_column("lower(email)")], unique=True
    )
    op.create_table(
        "credit_transactions",
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("amount", sa.Numeric(18, 4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("balance_after", sa.Numeric(18, 4), nullable=False),
        sa.Column("reason", sa.String(length=50), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("reference_id", sa.UUID(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("clock_timestamp()"), nullable=False
        ),
        sa.Column("actor_id", sa.UUID(), nullable=True),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_credit_transactions_tenant_id_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_credit_transactions_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_credit_transactions")),
    )
    op.create_index(
        "ix_credit_transactions_customer",
        "credit_transactions",
        ["tenant_id", "customer_id", "created_at"],
        unique=False,
    )
    op.create_foreign_key(
        op.f("fk_users_tenant_id_customer_id_customers"),
        "users",
        "customers",
        ["tenant_id", "customer_id"],
        ["tenant_id", "id"],
    )
    for table in TENANT_TABLES:
        for statement in enable_tenant_rls(table):
            op.execute(statement)


def downgrade(app_role: str) -> None:
    for table in TENANT_TABLES:
        for statement in disable_tenant_rls(table):
            op.execute(statement)
    op.drop_constraint(op.f("fk_users_tenant_id_customer_id_customers"), "users", type_="foreignkey")
    op.drop_index("ix_credit_transactions_customer", table_name="credit_transactions")
    op.drop_table("credit_transactions")
    op.drop_index("uq_customers_tenant_id_email", table_name="customers")
    op.drop_table("customers")
