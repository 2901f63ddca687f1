"""The send job (woken in the transaction that queues an e-mail) and a sweep every minute that
wakes it for tenants with retries due (or a job lost)."""

from __future__ import annotations

import uuid

from mpanel.jobs import queue, runtime
from mpanel.notifications import outbox
from mpanel.notifications.sending import send_due

SEND = "notifications.send"


@queue.task(name=SEND, queue="email", retry=3)
async def send(tenant_id: str) -> int:
    if runtime.sessionmaker is None or runtime.settings is None or runtime.store is None:
        raise RuntimeError("the job runtime is not started")
    report = await send_due(runtime.sessionmaker, uuid.UUID(tenant_id), runtime.settings, runtime.store)
    return report.sent


@queue.periodic(cron="* * * * *", periodic_id="email-sweep")
@queue.task(name="notifications.sweep", queue="email", queueing_lock="email-sweep")
async def sweep(timestamp: int) -> int:
    async with runtime.session(None) as session:
        tenant_ids = await outbox.due_tenants(session)
        for tenant_id in tenant_ids:
            await outbox.wake(session, tenant_id)
    return len(tenant_ids)
