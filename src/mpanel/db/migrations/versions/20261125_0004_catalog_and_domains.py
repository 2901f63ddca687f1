"""catalog (products, prices, TLD pricing) and domains (registrations, events, ICANN fees)

A branch from 20261125_0003, beside 20261125_0005 (tax, invoices, payments); `mpanel migrate`
upgrades to all heads, and a merge revision joins them.

Revision ID: 20261125_0004
Revises: 20261125_0003
Create Date: 2026-11-25 19:05:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from mpanel.db.rls import disable_tenant_rls, enable_tenant_rls

revision: str = "20261125_0004"
down_revision: str | None = "20261125_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TENANT_TABLES = ("products", "product_prices", "tlds", "tld_prices", "domains", "domain_events", "icann_fees")


def upgrade(app_role: str) -> None:
    op.create_table(
        "products",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "type",
            sa.Enum("hosting", "domain", "ssl", "email", "custom", name="producttype", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column(
            "status",
            sa.Enum("active", "hidden", "retired", name="productstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("currency", sa.String(length=3), nullable=False),
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
        sa.Column("provisioning_spec", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("currency ~ '^[A-Z]{3}$'", name=op.f("ck_products_currency_format")),
        sa.CheckConstraint(
            "provisioning_spec is null or type = 'hosting'", name=op.f("ck_products_spec_only_for_hosting")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_products_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_products")),
    )
    op.create_index("ix_products_tenant_id_type_status", "products", ["tenant_id", "type", "status"], unique=False)
    op.create_table(
        "tlds",
        sa.Column("tld", sa.String(length=100), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("redemption_fee", sa.Numeric(18, 4), server_default=sa.text("0"), nullable=False),
        sa.Column("icann_fee_applies", sa.Boolean(), nullable=False),
        sa.Column("registrar", sa.String(length=50), server_default=sa.text("'manual'"), nullable=False),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("currency ~ '^[A-Z]{3}$'", name=op.f("ck_tlds_currency_format")),
        sa.CheckConstraint("tld ~ '^[a-z0-9-]+(\\.[a-z0-9-]+)*$'", name=op.f("ck_tlds_tld_format")),
        sa.CheckConstraint("redemption_fee >= 0", name=op.f("ck_tlds_redemption_fee_not_negative")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_tlds_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_tlds")),
        sa.UniqueConstraint("tenant_id", "tld", name=op.f("uq_tlds_tenant_id_tld")),
    )
    op.create_table(
        "domains",
        sa.Column("name", sa.String(length=253), nullable=False),
        sa.Column("tld", sa.String(length=100), nullable=False),
        sa.Column("customer_id", sa.UUID(), nullable=False),
        sa.Column("subscription_id", sa.UUID(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "active",
                "expired",
                "grace",
                "redemption",
                "transferred-away",
                "cancelled",
                name="domainstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("registered_at", sa.Date(), nullable=True),
        sa.Column("expires_at", sa.Date(), nullable=True),
        sa.Column("auto_renew", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "nameservers", postgresql.ARRAY(sa.String(length=253)), server_default=sa.text("'{}'"), nullable=False
        ),
        sa.Column("registrar", sa.String(length=50), nullable=False),
        sa.Column("registrar_reference", sa.String(length=200), nullable=True),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "name = lower(name) and length(name) > length(tld) + 1 and right(name, length(tld) + 1) = '.' || tld",
            name=op.f("ck_domains_name_format"),
        ),
        sa.CheckConstraint(
            "status in ('pending', 'cancelled') or (registered_at is not null and expires_at is not null)",
            name=op.f("ck_domains_dates_when_registered"),
        ),
        sa.CheckConstraint(
            "cardinality(nameservers) = 0 or cardinality(nameservers) between 2 and 13",
            name=op.f("ck_domains_nameserver_count"),
        ),
        sa.CheckConstraint("expires_at > registered_at", name=op.f("ck_domains_expiry_after_registration")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_domains_tenant_id_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "tld"], ["tlds.tenant_id", "tlds.tld"], name=op.f("fk_domains_tenant_id_tld_tlds")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_domains_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_domains")),
    )
    op.create_index("ix_domains_tenant_id_customer_id", "domains", ["tenant_id", "customer_id"], unique=False)
    op.create_index("ix_domains_tenant_id_expires_at", "domains", ["tenant_id", "expires_at"], unique=False)
    op.create_index(
        "uq_domains_tenant_id_name",
        "domains",
        ["tenant_id", "name"],
        unique=True,
        postgresql_where=sa.text("status not in ('cancelled', 'transferred-away')"),
    )
    op.create_table(
        "product_prices",
        sa.Column("product_id", sa.UUID(), nullable=False),
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
        sa.Column("setup_fee", sa.Numeric(18, 4), server_default=sa.text("0"), nullable=False),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.CheckConstraint("price >= 0", name=op.f("ck_product_prices_price_not_negative")),
        sa.CheckConstraint("setup_fee >= 0", name=op.f("ck_product_prices_setup_fee_not_negative")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "product_id"],
            ["products.tenant_id", "products.id"],
            name=op.f("fk_product_prices_tenant_id_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_product_prices_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_product_prices")),
        sa.UniqueConstraint(
            "tenant_id",
            "product_id",
            "billing_cycle",
            name=op.f("uq_product_prices_tenant_id_product_id_billing_cycle"),
        ),
    )
    op.create_table(
        "tld_prices",
        sa.Column("tld_id", sa.UUID(), nullable=False),
        sa.Column(
            "action",
            sa.Enum("register", "renew", "transfer", name="tldaction", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("years", sa.SmallInteger(), nullable=False),
        sa.Column("price", sa.Numeric(18, 4), nullable=False),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.CheckConstraint("price >= 0", name=op.f("ck_tld_prices_price_not_negative")),
        sa.CheckConstraint("years between 1 and 10", name=op.f("ck_tld_prices_years_range")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "tld_id"],
            ["tlds.tenant_id", "tlds.id"],
            name=op.f("fk_tld_prices_tenant_id_tld_id_tlds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_tld_prices_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_tld_prices")),
        sa.UniqueConstraint(
            "tenant_id", "tld_id", "action", "years", name=op.f("uq_tld_prices_tenant_id_tld_id_action_years")
        ),
    )
    op.create_table(
        "domain_events",
        sa.Column("domain_id", sa.UUID(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "pending",
                "active",
                "expired",
                "grace",
                "redemption",
                "transferred-away",
                "cancelled",
                name="domainstatus",
                native_enum=False,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "pending",
                "active",
                "expired",
                "grace",
                "redemption",
                "transferred-away",
                "cancelled",
                name="domainstatus",
                native_enum=False,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("years", sa.SmallInteger(), nullable=True),
        sa.Column("price", sa.Numeric(18, 4), nullable=True),
        sa.Column("redemption_fee", sa.Numeric(18, 4), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("expires_at", sa.Date(), nullable=True),
        sa.Column("registrar_reference", sa.String(length=200), nullable=True),
        sa.Column("note", sa.String(length=500), server_default=sa.text("''"), nullable=False),
        sa.Column("actor_id", sa.UUID(), nullable=True),
        sa.Column(
            "occurred_at", sa.DateTime(timezone=True), server_default=sa.text("clock_timestamp()"), nullable=False
        ),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.CheckConstraint("price >= 0 and redemption_fee >= 0", name=op.f("ck_domain_events_amounts_not_negative")),
        sa.CheckConstraint("price is null or currency is not null", name=op.f("ck_domain_events_currency_with_price")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "domain_id"],
            ["domains.tenant_id", "domains.id"],
            name=op.f("fk_domain_events_tenant_id_domain_id_domains"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_domain_events_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_domain_events")),
    )
    op.create_index(
        "ix_domain_events_tenant_id_domain_id_occurred_at",
        "domain_events",
        ["tenant_id", "domain_id", "occurred_at"],
        unique=False,
    )
    op.create_table(
        "icann_fees",
        sa.Column("domain_id", sa.UUID(), nullable=False),
        sa.Column("tld", sa.String(length=100), nullable=False),
        sa.Column(
            "action",
            sa.Enum("register", "renew", "transfer", name="tldaction", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("years", sa.SmallInteger(), nullable=False),
        sa.Column("fee_per_year", sa.Numeric(18, 4), nullable=False),
        sa.Column("amount", sa.Numeric(18, 4), nullable=False),
        sa.Column("currency", sa.String(length=3), server_default=sa.text("'USD'"), nullable=False),
        sa.Column(
            "occurred_at", sa.DateTime(timezone=True), server_default=sa.text("clock_timestamp()"), nullable=False
        ),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.CheckConstraint("currency = 'USD'", name=op.f("ck_icann_fees_currency_usd")),
        sa.CheckConstraint(
            "fee_per_year >= 0 and amount = fee_per_year * years", name=op.f("ck_icann_fees_amount_is_fee_times_years")
        ),
        sa.CheckConstraint("years between 1 and 10", name=op.f("ck_icann_fees_years_range")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "domain_id"],
            ["domains.tenant_id", "domains.id"],
            name=op.f("fk_icann_fees_tenant_id_domain_id_domains"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_icann_fees_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_icann_fees")),
    )
    op.create_index("ix_icann_fees_tenant_id_occurred_at", "icann_fees", ["tenant_id", "occurred_at"], unique=False)
    for table in TENANT_TABLES:
        for statement in enable_tenant_rls(table):
            op.execute(statement)


def downgrade(app_role: str) -> None:
    for table in TENANT_TABLES:
        for statement in disable_tenant_rls(table):
            op.execute(statement)
    op.drop_index("ix_icann_fees_tenant_id_occurred_at", table_name="icann_fees")
    op.drop_table("icann_fees")
    op.drop_index("ix_domain_events_tenant_id_domain_id_occurred_at", table_name="domain_events")
    op.drop_table("domain_events")
    op.drop_index("uq_domains_tenant_id_name", table_name="domains")
    op.drop_index("ix_domains_tenant_id_expires_at", table_name="domains")
    op.drop_index("ix_domains_tenant_id_customer_id", table_name="domains")
    op.drop_table("domains")
    op.drop_table("tld_prices")
    op.drop_table("tlds")
    op.drop_table("product_prices")
    op.drop_index("ix_products_tenant_id_type_status", table_name="products")
    op.drop_table("products")
