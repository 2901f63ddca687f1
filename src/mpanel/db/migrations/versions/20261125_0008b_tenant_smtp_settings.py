"""a tenant's own SMTP server (password encrypted) and encrypted outbox secrets

Revision ID: 20261125_0008b
Revises: 20261125_0008
Create Date: 2026-11-25 20:25:28.407360
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mpanel.db.rls import disable_tenant_rls, enable_tenant_rls

revision: str = "20261125_0008b"
down_revision: str | None = "20261125_0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade(app_role: str) -> None:
    op.create_table(
        "smtp_settings",
        sa.Column("host", sa.String(length=253), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=320), nullable=True),
        sa.Column("password", sa.Text(), nullable=True),
        sa.Column("from_address", sa.String(length=320), nullable=False),
        sa.Column(
            "tls",
            sa.Enum("auto", "none", "starttls", "tls", name="smtptls", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("tenant_id", sa.UUID(), server_default=sa.text("mpanel_current_tenant()"), nullable=False),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_smtp_settings_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_smtp_settings")),
        sa.UniqueConstraint("tenant_id", name="uq_smtp_settings_tenant_id"),
    )
    for statement in enable_tenant_rls("smtp_settings"):
        op.execute(statement)
    # `email_outbox.secret` is now EncryptedText: a password-reset e-mail still waiting with a
    # clear token (written under 20261125_0008 alone) is dropped; its owner asks again.
    op.execute(
        "update email_outbox set secret = null, status = 'failed', "
        "last_error = 'dropped by an upgrade: ask for a new link' where secret is not null"
    )


def downgrade(app_role: str) -> None:
    op.execute("update email_outbox set secret = null where secret is not null")
    for statement in disable_tenant_rls("smtp_settings"):
        op.execute(statement)
    op.drop_table("smtp_settings")
