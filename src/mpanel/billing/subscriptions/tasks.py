"""The daily billing run as jobs: a periodic job fans out one job per tenant and day; the
queueing lock and the database's unique keys make each run happen once."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from mpanel.billing.subscriptions.run import run_tenant, tenants_to_bill
from mpanel.jobs import enqueue, queue, runtime

RUN_TENANT = "billing.run_tenant"


@queue.task(name=RUN_TENANT, queue="billing", retry=5)
async def run_tenant_job(tenant_id: str, day: str) -> int:
    if runtime.sessionmaker is None:
        raise RuntimeError("the job runtime is not started")
    report = await run_tenant(runtime.sessionmaker, uuid.UUID(tenant_id), date.fromisoformat(day))
    return report.invoices


@queue.periodic(cron="15 2 * * *", periodic_id="billing-run")
@queue.task(name="billing.run_all", queue="billing", queueing_lock="billing-run")
async def run_all(timestamp: int) -> int:
    day = datetime.fromtimestamp(timestamp, UTC).date()
    if runtime.sessionmaker is None:
        raise RuntimeError("the job runtime is not started")
    tenant_ids = await tenants_to_bill(runtime.sessionmaker)
    async with runtime.session(None, platform=True) as session:
        for tenant_id in tenant_ids:
            await enqueue(
                session,
                RUN_TENANT,
                queue_name="billing",
                queueing_lock=f"billing-run:{tenant_id}:{day}",
                tenant_id=tenant_id,
                day=day.isoformat(),
            )
    return len(tenant_ids)
