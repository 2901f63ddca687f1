"""Housekeeping for sessions: expired and revoked refresh tokens are deleted daily."""

from __future__ import annotations

import uuid

from mpanel.auth import service as auth
from mpanel.jobs import enqueue, queue, runtime
from mpanel.tenants import service as tenants

PURGE = "auth.purge_refresh_tokens"


@queue.task(name=PURGE, queue="maintenance", retry=3)
async def purge_refresh_tokens(tenant_id: str) -> int:
    async with runtime.session(uuid.UUID(tenant_id)) as session:
        return await auth.purge_refresh_tokens(session)


@queue.periodic(cron="23 3 * * *", periodic_id="purge-refresh-tokens")
@queue.task(name="auth.purge_refresh_tokens_all", queue="maintenance", queueing_lock="purge-refresh-tokens")
async def purge_refresh_tokens_all(timestamp: int) -> int:
    """Fan out one job per tenant, so a failure in one tenant does not stop the others."""
    async with runtime.session(None, platform=True) as session:
        tenant_ids = await tenants.active_ids(session)
        for tenant_id in tenant_ids:
            await enqueue(
                session, PURGE, queue_name="maintenance", queueing_lock=f"{PURGE}:{tenant_id}", tenant_id=tenant_id
            )
    return len(tenant_ids)
