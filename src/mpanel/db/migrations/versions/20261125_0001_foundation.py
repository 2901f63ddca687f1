"""foundation

Revision ID: 20261125_0001
Revises:
Create Date: 2026-11-25 17:17:56.386150
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from mpanel.db.rls import (
    DROP_SCOPE_FUNCTIONS,
    SCOPE_FUNCTIONS,
    disable_tenant_rls,
    enable_tenant_rls,
    ident,
)
from mpanel.db.roles import lookup_role

revision: str = "20261125_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TENANT_TABLES = ("users", "refresh_tokens", "audit_logs")


def upgrade(app_role: str) -> None:
    app, lookup = ident(app_role), lookup_role(app_role)
    op.execute(SCOPE_FUNCTIONS)
    # Every table created from here on is readable and writable by the application role.
    op.execute(f"grant usage on schema public to {app}")
    op.execute(f"alter default privileges in schema public grant select, insert, update, delete on tables to {app}")
    op.execute(f"alter default privileges in schema public grant usage, select on sequences to {app}")
    op.create_table(
        "tenants",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("slug", sa.String(length=63), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("default_currency", sa.String(length=3), nullable=False),
        sa.Column(
            "settings",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("default_currency ~ '^[A-Z]{3}$'", name=op.f("ck_tenants_currency_format")),
        sa.CheckConstraint(
            "slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'",
            name=op.f("ck_tenants_slug_format"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenants")),
        sa.UniqueConstraint("slug", name=op.f("uq_tenants_slug")),
    )
    op.create_table(
        "audit_logs",
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("clock_timestamp()"),
            nullable=False,
        ),
        sa.Column("actor_id", sa.UUID(), nullable=True),
        sa.Column("actor_email", sa.String(length=320), nullable=True),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("entity_type", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.String(length=100), nullable=True),
        sa.Column("before", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("after", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("user_agent", sa.String(length=500), nullable=True),
        sa.Column("request_id", sa.String(length=100), nullable=True),
        sa.Column(
            "tenant_id",
            sa.UUID(),
            server_default=sa.text("mpanel_current_tenant()"),
            nullable=False,
        ),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_audit_logs_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_audit_logs")),
    )
    op.create_index(
        "ix_audit_logs_tenant_id_created_at",
        "audit_logs",
        ["tenant_id", "created_at", "id"],
        unique=False,
    )
    op.create_index(
        "ix_audit_logs_tenant_id_entity",
        "audit_logs",
        ["tenant_id", "entity_type", "entity_id"],
        unique=False,
    )
    op.create_table(
        "users",
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column(
            "is_platform_operator",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
        ),
        sa.Column("customer_id", sa.UUID(), nullable=True),
        sa.Column("totp_secret", sa.String(length=64), nullable=True),
        sa.Column(
            "totp_enabled",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
        ),
        sa.Column("totp_last_counter", sa.Integer(), nullable=True),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "tenant_id",
            sa.UUID(),
            server_default=sa.text("mpanel_current_tenant()"),
            nullable=False,
        ),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_users_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_users")),
    )
    op.create_index(
        "uq_users_tenant_id_email",
        "users",
        ["tenant_id", sa.literal_column("lower(email)")],
        unique=True,
    )
    op.create_table(
        "refresh_tokens",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("family_id", sa.UUID(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("user_agent", sa.String(length=500), nullable=True),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column(
            "tenant_id",
            sa.UUID(),
            server_default=sa.text("mpanel_current_tenant()"),
            nullable=False,
        ),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "user_id"],
            ["users.tenant_id", "users.id"],
            name=op.f("fk_refresh_tokens_tenant_id_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_refresh_tokens_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_refresh_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_refresh_tokens_token_hash")),
    )
    op.create_index(
        "ix_refresh_tokens_family_id",
        "refresh_tokens",
        ["tenant_id", "family_id"],
        unique=False,
    )

    for table in TENANT_TABLES:
        for statement in enable_tenant_rls(table):
            op.execute(statement)
    # The audit trail is append-only for the application.
    op.execute(f"revoke update, delete on audit_logs from {app}")
    # The tenant registry: a session sees its own tenant; platform operators see all of them.
    op.execute("alter table tenants enable row level security")
    op.execute("alter table tenants force row level security")
    op.execute(
        "create policy tenant_access on tenants using (id = mpanel_current_tenant() or mpanel_is_platform()) "
        "with check (id = mpanel_current_tenant() or mpanel_is_platform())"
    )
    # Login by e-mail is the one lookup across tenants: a SECURITY DEFINER function owned by a
    # role that may only read the columns it needs.
    op.execute(f"grant select (tenant_id, email, is_active) on users to {lookup}")
    op.execute(f"grant select (id, slug, status) on tenants to {lookup}")
    op.execute(f"create policy lookup_read on users for select to {lookup} using (true)")
    op.execute(f"create policy lookup_read on tenants for select to {lookup} using (true)")
    op.execute(
        """
        create function mpanel_login_candidates(p_email text)
            returns table (tenant_id uuid, tenant_slug text)
            language sql stable security definer set search_path = public, pg_temp
        as $$
            select u.tenant_id, t.slug::text from users u join tenants t on t.id = u.tenant_id
            where lower(u.email) = lower(p_email) and u.is_active and t.status = 'active'
            order by t.slug
        $$
        """
    )
    op.execute(f"alter function mpanel_login_candidates(text) owner to {lookup}")
    op.execute("revoke all on function mpanel_login_candidates(text) from public")
    op.execute(f"grant execute on function mpanel_login_candidates(text) to {app}")


def downgrade(app_role: str) -> None:
    app, lookup = ident(app_role), lookup_role(app_role)
    op.execute("drop function mpanel_login_candidates(text)")
    op.execute("drop policy lookup_read on tenants")
    op.execute("drop policy lookup_read on users")
    op.execute(f"revoke all on tenants from {lookup}")
    op.execute(f"revoke all on users from {lookup}")
    op.execute("drop policy tenant_access on tenants")
    for table in TENANT_TABLES:
        for statement in disable_tenant_rls(table):
            op.execute(statement)
    op.drop_index("ix_refresh_tokens_family_id", table_name="refresh_tokens")
    op.drop_table("refresh_tokens")
    op.drop_index("uq_users_tenant_id_email", table_name="users")
    op.drop_table("users")
    op.drop_index("ix_audit_logs_tenant_id_entity", table_name="audit_logs")
    op.drop_index("ix_audit_logs_tenant_id_created_at", table_name="audit_logs")
    op.drop_table("audit_logs")
    op.drop_table("tenants")
    op.execute(f"alter default privileges in schema public revoke all on sequences from {app}")
    op.execute(f"alter default privileges in schema public revoke all on tables from {app}")
    op.execute(f"revoke usage on schema public from {app}")
    op.execute(DROP_SCOPE_FUNCTIONS)
