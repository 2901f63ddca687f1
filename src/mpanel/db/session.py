"""Tenant scoping: the one way a session learns whose rows it may see.

Row-level security compares every tenant table's `tenant_id` with `app.tenant_id`, which is set
here with `set_config(..., true)` (transaction-local, like SET LOCAL, but with bind parameters).
An unset tenant sees zero rows."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

_SET_SCOPE = text("select set_config('app.tenant_id', :tenant, true), set_config('app.platform', :platform, true)")


async def set_scope(session: AsyncSession, tenant_id: uuid.UUID | None, *, platform: bool = False) -> None:
    """Scope the session's current transaction to one tenant (and optionally platform-wide
    visibility of the tenant registry, for platform operators)."""
    await session.execute(
        _SET_SCOPE,
        {
            "tenant": str(tenant_id) if tenant_id else "",
            "platform": "on" if platform else "",
        },
    )


@asynccontextmanager
async def tenant_session(
    sessionmaker: async_sessionmaker[AsyncSession],
    tenant_id: uuid.UUID | None,
    *,
    platform: bool = False,
) -> AsyncIterator[AsyncSession]:
    """For workers and the CLI: one transaction scoped to a tenant, committed on success."""
    async with sessionmaker() as session, session.begin():
        await set_scope(session, tenant_id, platform=platform)
        yield session
