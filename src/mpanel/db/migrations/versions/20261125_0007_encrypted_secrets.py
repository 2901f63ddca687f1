"""secrets at rest: users.totp_secret becomes AES-GCM ciphertext

Revision ID: 20261125_0007
Revises: 20261125_0006
Create Date: 2026-11-25 19:40:00

A data migration, run by `mpanel migrate` with the keyring it configured from the settings
(db/migrate.upgrade): every existing TOTP secret is encrypted in place, tenant by tenant under
that tenant's scope (the owner may not bypass the FORCE'd row-level security). A database with no
enrolled TOTP secret needs no key at all. The downgrade decrypts them back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261125_0007"
down_revision: str | None = "20261125_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rewrite_totp_secrets(convert: Callable[[str], str], pending: str) -> None:
    connection = op.get_bind()
    connection.execute(sa.text("select set_config('app.platform', 'on', true)"))
    tenant_ids = connection.execute(sa.text("select id from tenants")).scalars().all()
    for tenant_id in tenant_ids:
        connection.execute(sa.text("select set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id)})
        rows = connection.execute(
            sa.text(f"select tenant_id, id, totp_secret from users where totp_secret is not null and {pending}")
        ).all()
        for row_tenant, user_id, secret in rows:
            connection.execute(
                sa.text("update users set totp_secret = :s where tenant_id = :t and id = :id"),
                {"s": convert(secret), "t": row_tenant, "id": user_id},
            )
    connection.execute(sa.text("select set_config('app.tenant_id', '', true), set_config('app.platform', '', true)"))


def upgrade(app_role: str) -> None:
    from mpanel.core import crypto

    op.alter_column("users", "totp_secret", type_=sa.Text(), existing_type=sa.String(length=64), existing_nullable=True)
    _rewrite_totp_secrets(lambda clear: crypto.keyring().encrypt(clear), "totp_secret not like 'v1:%'")


def downgrade(app_role: str) -> None:
    from mpanel.core import crypto

    _rewrite_totp_secrets(lambda stored: crypto.keyring().decrypt(stored), "totp_secret like 'v1:%'")
    op.alter_column("users", "totp_secret", type_=sa.String(length=64), existing_type=sa.Text(), existing_nullable=True)
