"""Prometheus metrics for /api/metrics. Defined once per process on the default registry, which
also carries the process and platform collectors."""

from __future__ import annotations

import weakref
from collections.abc import Iterator

from prometheus_client import REGISTRY, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
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


# ---- business and system metrics ------------------------------------------------------------------
# Figures that live in the database are read at scrape time (observability/service.py), by one
# cross-tenant aggregate and one query over the job queue, cached for a few seconds.

BILLING_RUN_DURATION = Histogram(
    "mpanel_billing_run_duration_seconds",
    "Duration of one tenant's billing run.",
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800),
)
BILLING_RUNS = Counter("mpanel_billing_runs_total", "Tenant billing runs by outcome.", ["outcome"])
# Fed by the hosting work (heartbeats, agent operations); defined here so dashboards and alerts
# can name them now.
NODE_HEARTBEAT_AGE = Gauge(
    "mpanel_node_heartbeat_age_seconds", "Seconds since a hosting node's last heartbeat.", ["tenant", "node"]
)
AGENT_OPERATIONS_FAILED = Counter(
    "mpanel_agent_operations_failed_total", "Agent operations that failed, by driver.", ["tenant", "driver"]
)

# name, help, labels (tenant is the tenant's slug; currency an ISO 4217 code)
PLATFORM_FAMILIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "invoices_generated": ("mpanel_invoices_generated", "Invoices issued (not drafts).", ("tenant",)),
    "payments": ("mpanel_payments", "Payments received.", ("tenant", "currency")),
    "payments_amount": ("mpanel_payments_amount", "Amount of the payments received.", ("tenant", "currency")),
    "refunds": ("mpanel_refunds", "Refunds made.", ("tenant", "currency")),
    "refunds_amount": ("mpanel_refunds_amount", "Amount refunded.", ("tenant", "currency")),
    "mrr": ("mpanel_mrr", "Monthly recurring revenue of active subscriptions.", ("tenant", "currency")),
    "active_subscriptions": ("mpanel_active_subscriptions", "Active subscriptions.", ("tenant",)),
    "overdue_invoices": ("mpanel_overdue_invoices", "Invoices past due and unpaid.", ("tenant",)),
    "overdue_amount": ("mpanel_overdue_amount", "Balance of the overdue invoices.", ("tenant", "currency")),
}
# Totals that only grow are counters (Prometheus appends `_total`); states are gauges.
PLATFORM_COUNTERS = {"invoices_generated", "payments", "payments_amount", "refunds", "refunds_amount"}


class ScrapedCollector(Collector):
    """Families computed by an async refresh before the scrape renders them (the registry's
    collect() is synchronous). Until the first refresh it reports nothing but still describes
    its families, so their HELP/TYPE lines are always there."""

    def __init__(self) -> None:
        self.families: list[Family] = empty_families()
        self.refreshed_at = 0.0

    def collect(self) -> Iterator[Metric]:
        yield from self.families

    def describe(self) -> Iterator[Metric]:
        yield from empty_families()


Family = CounterMetricFamily | GaugeMetricFamily


def empty_families() -> list[Family]:
    families: list[Family] = []
    for key, (name, documentation, labels) in PLATFORM_FAMILIES.items():
        kind = CounterMetricFamily if key in PLATFORM_COUNTERS else GaugeMetricFamily
        families.append(kind(name, documentation, labels=list(labels)))
    families.extend(
        [
            GaugeMetricFamily("mpanel_jobs_waiting", "Jobs waiting to run, by queue.", labels=["queue"]),
            GaugeMetricFamily("mpanel_jobs_running", "Jobs running, by queue.", labels=["queue"]),
            GaugeMetricFamily(
                "mpanel_jobs_oldest_waiting_age_seconds", "Age of the oldest job due and waiting.", labels=["queue"]
            ),
            GaugeMetricFamily("mpanel_jobs_failed", "Jobs that failed for good, by task.", labels=["task"]),
            GaugeMetricFamily("mpanel_metrics_scrape_error", "1 when the database figures could not be read."),
        ]
    )
    return families


SCRAPED = ScrapedCollector()
REGISTRY.register(SCRAPED)
