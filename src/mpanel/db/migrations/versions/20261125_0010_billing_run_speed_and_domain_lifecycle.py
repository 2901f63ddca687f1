"""billing run speed (children reach tenants through their parent) and domain lifecycle

Revision ID: 20261125_0010
Revises: 20261125_0006
Create Date: 2026-11-25 20:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261125_0010"
down_revision: str | tuple[str, ...] | None = "20261125_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Rows that always hang from a parent through a NOT NULL composite key (tenant_id, parent_id): the
# parent's key reaches tenants, so their own key to tenants only cost one check per inserted row.
CHILD_TABLES = ("invoices", "invoice_items", "invoice_taxes", "subscriptions")


def upgrade(app_role: str) -> None:
    for table in CHILD_TABLES:
        op.drop_constraint(f"fk_{table}_tenant_id_tenants", table, type_="foreignkey")
    # Room on each page for the billing run's update of next_billing_date.
    op.execute("alter table subscriptions set (fillfactor = 85)")
    # Events are keyed by their dedupe key: one index fewer and no random id per event.
    op.drop_index("ix_billing_events_tenant_id_created_at", table_name="billing_events")
    op.drop_index("uq_billing_events_dedupe", table_name="billing_events")
    op.drop_constraint("pk_billing_events", "billing_events", type_="primary")
    op.drop_column("billing_events", "id")
    op.create_primary_key("pk_billing_events", "billing_events", ["tenant_id", "dedupe_key"])
    op.create_index(
        "ix_billing_events_tenant_id_created_at", "billing_events", ["tenant_id", "created_at", "dedupe_key"]
    )

    # Domain lifecycle: grace and redemption per TLD, the dates on the domain, registrar work as jobs.
    op.add_column("tlds", sa.Column("grace_days", sa.SmallInteger(), server_default=sa.text("30"), nullable=False))
    op.add_column("tlds", sa.Column("redemption_days", sa.SmallInteger(), server_default=sa.text("30"), nullable=False))
    op.create_check_constraint(
        "ck_tlds_period_days_range", "tlds", "grace_days between 0 and 365 and redemption_days between 0 and 365"
    )
    op.add_column("domains", sa.Column("grace_ends_on", sa.Date(), nullable=True))
    op.add_column("domains", sa.Column("redemption_ends_on", sa.Date(), nullable=True))
    op.add_column("domains", sa.Column("pending_operation", sa.String(length=20), nullable=True))
    op.add_column("domains", sa.Column("pending_years", sa.SmallInteger(), nullable=True))
    op.add_column("domains", sa.Column("pending_auth_code", sa.String(length=200), nullable=True))
    op.add_column("domains", sa.Column("last_error", sa.String(length=500), nullable=True))
    op.add_column("domains", sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True))
    op.create_check_constraint(
        "ck_domains_pending_operation_valid",
        "domains",
        "pending_operation is null or (pending_operation in ('register', 'transfer', 'renew') "
        "and pending_years between 1 and 10)",
    )
    # Two branches add this column (0008 for e-mails, 0010 for domain events): whichever runs second skips it.
    op.execute("alter table billing_events add column if not exists domain_id uuid")


def downgrade(app_role: str) -> None:
    op.execute("alter table billing_events drop column if exists domain_id")
    op.drop_constraint("ck_domains_pending_operation_valid", "domains", type_="check")
    for column in (
        "last_error_at",
        "last_error",
        "pending_auth_code",
        "pending_years",
        "pending_operation",
        "redemption_ends_on",
        "grace_ends_on",
    ):
        op.drop_column("domains", column)
    op.drop_constraint("ck_tlds_period_days_range", "tlds", type_="check")
    op.drop_column("tlds", "redemption_days")
    op.drop_column("tlds", "grace_days")
    op.drop_index("ix_billing_events_tenant_id_created_at", table_name="billing_events")
    op.drop_constraint("pk_billing_events", "billing_events", type_="primary")
    op.add_column(
        "billing_events",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
    )
    op.create_primary_key("pk_billing_events", "billing_events", ["tenant_id", "id"])
    op.create_index("uq_billing_events_dedupe", "billing_events", ["tenant_id", "dedupe_key"], unique=True)
    op.create_index("ix_billing_events_tenant_id_created_at", "billing_events", ["tenant_id", "created_at", "id"])
    op.execute("alter table subscriptions reset (fillfactor)")
    for table in CHILD_TABLES:
        op.create_foreign_key(
            f"fk_{table}_tenant_id_tenants", table, "tenants", ["tenant_id"], ["id"], ondelete="CASCADE"
        )
