"""Node metrics: raw samples from heartbeats, downsampled into 5-minute and hourly buckets, kept
for a bounded time each; a query picks the finest resolution that still covers its range."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, literal, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.core.errors import Invalid
from mpanel.core.time import utcnow
from mpanel.hosting.servers.models import ServerMetric
from mpanel.hosting.servers.schemas import MetricPoint

RAW = 0


@dataclass(frozen=True)
class Tier:
    resolution: int  # seconds per bucket (0: raw samples)
    keep: timedelta
    settle: timedelta  # only buckets this old are complete enough to downsample from the finer tier


TIERS = (
    Tier(RAW, timedelta(hours=48), timedelta(0)),
    Tier(300, timedelta(days=30), timedelta(hours=1)),
    Tier(3600, timedelta(days=400), timedelta(days=2)),
)
MAX_POINTS = 2000
VALUES = ("cpu_percent", "memory_percent", "disk_percent", "load1", "load5", "load15")


def _resolution_for(start: datetime, now: datetime) -> int:
    for tier in TIERS:
        if start >= now - tier.keep:
            return tier.resolution
    return TIERS[-1].resolution


async def series(
    session: AsyncSession, server_id: uuid.UUID, *, start: datetime, end: datetime, step: int
) -> tuple[int, list[MetricPoint]]:
    """Averages per `step` seconds between `start` and `end` and the resolution they came from."""
    if end <= start:
        raise Invalid.on_field("to", "'to' must be after 'from'")
    if (end - start).total_seconds() / step > MAX_POINTS:
        raise Invalid.on_field("step", f"at most {MAX_POINTS} points per query: use a larger step")
    resolution = _resolution_for(start, utcnow())
    bucket = func.date_bin(
        func.make_interval(0, 0, 0, 0, 0, 0, literal(step)), ServerMetric.at, text("timestamptz 'epoch'")
    )
    rows = await session.execute(
        select(
            bucket.label("at"),
            *(func.avg(getattr(ServerMetric, name)).label(name) for name in VALUES),
            func.max(ServerMetric.uptime_seconds).label("uptime_seconds"),
        )
        .where(
            ServerMetric.server_id == server_id,
            ServerMetric.resolution == resolution,
            ServerMetric.at >= start,
            ServerMetric.at < end,
        )
        .group_by(bucket)
        .order_by(bucket)
    )
    return resolution, [MetricPoint.model_validate(row._asdict()) for row in rows]


_ROLLUP = text(
    """
    insert into server_metrics (tenant_id, server_id, resolution, at, cpu_percent, memory_percent,
                                disk_percent, load1, load5, load15, uptime_seconds)
    select tenant_id, server_id, cast(:target as integer),
           date_bin(make_interval(secs => cast(:target as integer)), at, timestamptz 'epoch') as bucket,
           avg(cpu_percent), avg(memory_percent), avg(disk_percent), avg(load1), avg(load5), avg(load15),
           max(uptime_seconds)
    from server_metrics
    where resolution = :source and at >= :since and at < :until
    group by tenant_id, server_id, bucket
    on conflict (tenant_id, server_id, resolution, at) do nothing
    """
)


async def downsample(session: AsyncSession, now: datetime | None = None) -> int:
    """Roll complete buckets up one tier and drop what is past its retention. Idempotent: a
    bucket, once written, is not rewritten; run it as often as you like."""
    now = now or utcnow()
    written = 0
    for finer, coarser in itertools.pairwise(TIERS):
        step = timedelta(seconds=coarser.resolution)
        until = _floor(now - coarser.settle, step)
        result = await session.execute(
            _ROLLUP,
            {
                "target": coarser.resolution,
                "source": finer.resolution,
                "since": until - timedelta(days=1),
                "until": until,
            },
        )
        written += result.rowcount or 0  # type: ignore[attr-defined]
    for tier in TIERS:
        await session.execute(
            delete(ServerMetric).where(ServerMetric.resolution == tier.resolution, ServerMetric.at < now - tier.keep)
        )
    return written


def _floor(moment: datetime, step: timedelta) -> datetime:
    epoch = datetime(1970, 1, 1, tzinfo=moment.tzinfo)
    return epoch + ((moment - epoch) // step) * step
