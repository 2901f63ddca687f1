"""Periodic node housekeeping: silent nodes go offline (every minute) and metrics are downsampled
(every ten minutes), tenant by tenant."""

from __future__ import annotations

from mpanel.hosting.servers import metrics
from mpanel.hosting.servers import service as servers
from mpanel.jobs import queue, runtime
from mpanel.tenants import service as tenants


@queue.periodic(cron="* * * * *", periodic_id="servers-offline")
@queue.task(name="servers.mark_offline", queue="maintenance", queueing_lock="servers-offline")
async def mark_offline(timestamp: int) -> int:
    if runtime.settings is None:
        raise RuntimeError("the job runtime is not started")
    async with runtime.session(None, platform=True) as session:
        tenant_ids = await tenants.active_ids(session)
    marked = 0
    for tenant_id in tenant_ids:
        async with runtime.session(tenant_id) as session:
            marked += await servers.mark_silent_offline(session, runtime.settings)
    return marked


@queue.periodic(cron="*/10 * * * *", periodic_id="server-metrics-downsample")
@queue.task(name="servers.downsample_metrics", queue="maintenance", queueing_lock="server-metrics-downsample")
async def downsample_metrics(timestamp: int) -> int:
    async with runtime.session(None, platform=True) as session:
        tenant_ids = await tenants.active_ids(session)
    written = 0
    for tenant_id in tenant_ids:
        async with runtime.session(tenant_id) as session:
            written += await metrics.downsample(session)
    return written
