"""Row-level security as code. Migrations call these; once a migration is applied its SQL is
history, so change these only by adding new functions.

Every tenant table gets ENABLE + FORCE row-level security and one policy comparing `tenant_id`
with the session's `app.tenant_id` (db/session.set_scope). An unset tenant matches nothing."""

from __future__ import annotations

import re

_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

SCOPE_FUNCTIONS = """
create or replace function mpanel_current_tenant() returns uuid
    language sql stable parallel safe
    as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;
create or replace function mpanel_is_platform() returns boolean
    language sql stable parallel safe
    as $$ select coalesce(current_setting('app.platform', true), '') = 'on' $$;
"""

DROP_SCOPE_FUNCTIONS = """
drop function if exists mpanel_is_platform();
drop function if exists mpanel_current_tenant();
"""


def ident(name: str) -> str:
    """Refuse anything but a plain lower-case identifier: these go into DDL text."""
    if not _IDENT.match(name):
        raise ValueError(f"not a plain identifier: {name!r}")
    return name


def enable_tenant_rls(table: str) -> list[str]:
    t = ident(table)
    return [
        f"alter table {t} enable row level security",
        f"alter table {t} force row level security",
        f"create policy tenant_isolation on {t} using (tenant_id = mpanel_current_tenant()) "
        f"with check (tenant_id = mpanel_current_tenant())",
    ]


def disable_tenant_rls(table: str) -> list[str]:
    t = ident(table)
    return [
        f"drop policy if exists tenant_isolation on {t}",
        f"alter table {t} no force row level security",
        f"alter table {t} disable row level security",
    ]
