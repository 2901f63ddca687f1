"""domains.nameservers_pending: a nameserver change waits for the registrar job

Revision ID: 20261126_0013
Revises: 20261125_0012
Create Date: 2026-11-26 09:00:00

Nameserver changes of registered domains no longer call the registrar inside the request: the
request stores the wanted set and marks it pending, and the `domains.registrar_operation` job
pushes it. Existing rows were set synchronously, so they start in sync (false).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261126_0013"
down_revision: str | Sequence[str] | None = "20261125_0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade(app_role: str) -> None:
    op.add_column(
        "domains", sa.Column("nameservers_pending", sa.Boolean(), server_default=sa.text("false"), nullable=False)
    )


def downgrade(app_role: str) -> None:
    op.drop_column("domains", "nameservers_pending")
