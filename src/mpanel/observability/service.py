from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

import structlog
from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from mpanel.observability.metrics import NODE_HEARTBEAT_AGE, PLATFORM_FAMILIES, SCRAPED, Family, empty_families

log = structlog.get_logger(__name__)


async def check_database(engine: AsyncEngine, *, within_seconds: float = 3.0) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        async with asyncio.timeout(within_seconds), engine.connect() as connection:
            await connection.execute(text("select 1"))
    except Exception as exc:  # any failure is the answer: the database is not usable
        return {"status": "fail", "error": (str(exc).splitlines() or [type(exc).__name__])[0][:300]}
    return {"status": "ok", "latencyMs": round((time.perf_counter() - started) * 1000, 2)}


_JOBS = text(
    """
    select j.queue_name, j.task_name, j.status::text, count(*) as jobs,
           extract(epoch from now() - min(greatest(d.at, coalesce(j.scheduled_at, d.at)))
               filter (where j.status = 'todo' and (j.scheduled_at is null or j.scheduled_at <= now()))) as oldest
    from procrastinate_jobs j
    left join lateral (
        select min(e.at) as at from procrastinate_events e where e.job_id = j.id and e.type = 'deferred'
    ) d on true
    where j.status in ('todo', 'doing', 'failed')
    group by j.queue_name, j.task_name, j.status
    """
)
_refresh_lock = asyncio.Lock()


async def refresh_scraped_metrics(sessionmaker: async_sessionmaker[AsyncSession], *, max_age: float) -> None:
    """Recompute the database figures of /api/metrics unless they are younger than `max_age`
    seconds: one cross-tenant aggregate (a SECURITY DEFINER function, so the application role
    still reads no other tenant's rows) and one query over the job queue."""
    if time.monotonic() - SCRAPED.refreshed_at < max_age:
        return
    async with _refresh_lock:
        if time.monotonic() - SCRAPED.refreshed_at < max_age:
            return
        try:
            async with sessionmaker() as session, session.begin():
                platform = (await session.execute(text("select * from mpanel_platform_metrics()"))).all()
                jobs = (await session.execute(_JOBS)).all()
                nodes = (await session.execute(text("select * from mpanel_node_heartbeats()"))).all()
        except Exception as exc:  # a scrape must answer: report the failure as a metric
            log.warning(
                "metrics.refresh_failed", error=type(exc).__name__, detail=(str(exc).splitlines() or [""])[0][:300]
            )
            families = {f.name: f for f in SCRAPED.families}
            families["mpanel_metrics_scrape_error"].samples = []
            families["mpanel_metrics_scrape_error"].add_metric([], 1)
            SCRAPED.refreshed_at = time.monotonic()
            return
        SCRAPED.families = _families(platform, jobs)
        _set_heartbeat_ages(nodes)
        SCRAPED.refreshed_at = time.monotonic()


def _set_heartbeat_ages(nodes: Sequence[Row[Any]]) -> None:
    """Every enrolled node's seconds since its last heartbeat (a node never heard from is absent)."""
    NODE_HEARTBEAT_AGE.clear()
    for tenant, node, age in map(tuple, nodes):
        NODE_HEARTBEAT_AGE.labels(tenant=tenant, node=node).set(float(age))


def _families(platform: Sequence[Row[Any]], jobs: Sequence[Row[Any]]) -> list[Family]:
    families = {family.name: family for family in empty_families()}
    for metric, tenant, currency, value in map(tuple, platform):
        name, _help, labels = PLATFORM_FAMILIES[metric]
        family = families[name]
        family.add_metric([tenant, currency] if "currency" in labels else [tenant], float(value))
    waiting: dict[str, float] = {}
    running: dict[str, float] = {}
    oldest: dict[str, float] = {}
    failed: dict[str, float] = {}
    for queue, task, status, count, age in map(tuple, jobs):
        if status == "todo":
            waiting[queue] = waiting.get(queue, 0) + count
            if age is not None:
                oldest[queue] = max(oldest.get(queue, 0.0), float(age))
        elif status == "doing":
            running[queue] = running.get(queue, 0) + count
        else:
            failed[task] = failed.get(task, 0) + count
    for name, values in (
        ("mpanel_jobs_waiting", waiting),
        ("mpanel_jobs_running", running),
        ("mpanel_jobs_oldest_waiting_age_seconds", oldest),
        ("mpanel_jobs_failed", failed),
    ):
        for label, value in sorted(values.items()):
            families[name].add_metric([label], value)
    families["mpanel_metrics_scrape_error"].add_metric([], 0)
    return list(families.values())
