"""merge the feature branches; node heartbeat ages for /api/metrics

Revision ID: 20261125_0012
Revises: every head of the parallel feature branches
Create Date: 2026-11-25 21:30:00

`mpanel_node_heartbeats()` returns (tenant slug, node name, seconds since the last heartbeat) of
every enrolled node, for the Prometheus scrape. Like `mpanel_platform_metrics()` it is owned by
the lookup role, which may read only the columns it needs; the application role may execute it.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from mpanel.db.rls import ident
from mpanel.db.roles import lookup_role

revision: str = "20261125_0012"
down_revision: str | Sequence[str] | None = ("20261125_0007b", "20261125_0009", "20261125_0010", "20261125_0011")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = """
create function mpanel_node_heartbeats()
    returns table (tenant text, node text, age_seconds double precision)
    language sql stable security definer set search_path = public, pg_temp
as $$
    select t.slug::text, s.name::text, extract(epoch from clock_timestamp() - s.last_heartbeat_at)
    from servers s join tenants t on t.id = s.tenant_id
    where s.credential_hash is not null and s.last_heartbeat_at is not null
$$
"""


def upgrade(app_role: str) -> None:
    app, lookup = ident(app_role), lookup_role(app_role)
    op.execute(f"grant select (tenant_id, name, credential_hash, last_heartbeat_at) on servers to {lookup}")
    op.execute(f"create policy lookup_read on servers for select to {lookup} using (true)")
    op.execute(FUNCTION)
    op.execute(f"alter function mpanel_node_heartbeats() owner to {lookup}")
    op.execute("revoke all on function mpanel_node_heartbeats() from public")
    op.execute(f"grant execute on function mpanel_node_heartbeats() to {app}")


def downgrade(app_role: str) -> None:
    lookup = lookup_role(app_role)
    op.execute("drop function if exists mpanel_node_heartbeats()")
    op.execute("drop policy if exists lookup_read on servers")
    op.execute(f"revoke select on servers from {lookup}")
