"""Prometheus metrics for /api/metrics. Defined once per process on the default registry, which
also carries the process and platform collectors."""

from __future__ import annotations

import weakref
from collections.abc import Iterator

from prometheus_client import REGISTRY, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool

HTTP_REQUESTS = Counter(
    "mpanel_http_requests_total", "HTTP requests by route template and status.", ["method", "route", "status"]
)
HTTP_DURATION = Histogram(
    "mpanel_http_request_duration_seconds",
    "HTTP request duration by route template and status.",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
HTTP_IN_FLIGHT = Gauge("mpanel_http_requests_in_flight", "HTTP requests being served.")


class DatabasePoolCollector(Collector):
    """Connection-pool gauges for every live engine of this process."""

    def __init__(self) -> None:
        self._engines: weakref.WeakValueDictionary[str, AsyncEngine] = weakref.WeakValueDictionary()

    def track(self, name: str, engine: AsyncEngine) -> None:
        self._engines[name] = engine

    def collect(self) -> Iterator[GaugeMetricFamily]:
        size = GaugeMetricFamily("mpanel_db_pool_size", "Connections the pool keeps.", labels=["pool"])
        used = GaugeMetricFamily("mpanel_db_pool_checked_out", "Connections in use.", labels=["pool"])
        idle = GaugeMetricFamily("mpanel_db_pool_checked_in", "Idle connections.", labels=["pool"])
        overflow = GaugeMetricFamily("mpanel_db_pool_overflow", "Connections beyond the pool size.", labels=["pool"])
        for name, engine in list(self._engines.items()):
            pool = engine.sync_engine.pool
            if isinstance(pool, QueuePool):
                size.add_metric([name], pool.size())
                used.add_metric([name], pool.checkedout())
                idle.add_metric([name], pool.checkedin())
                overflow.add_metric([name], max(0, pool.overflow()))
        yield from (size, used, idle, overflow)


DB_POOLS = DatabasePoolCollector()
REGISTRY.register(DB_POOLS)
