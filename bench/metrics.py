"""make bench-metrics: what one /api/metrics refresh costs on a populated database.

10 tenants with 10,000 active subscriptions, 10,000 invoices (a fifth overdue) and 5,000
payments each, plus 20,000 jobs, seeded as the owner; then the scrape's two queries
(`mpanel_platform_metrics()` and the job-queue aggregate) are timed as the application role."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import text

from bench.billing import CUSTOMERS, PER_TENANT, SEED, TENANTS, TODAY, _database
from mpanel.db import migrate
from mpanel.db.engine import create_engine, create_sessionmaker
from mpanel.db.urls import resolve
from mpanel.observability.service import _JOBS

INVOICES = text(
    """
    with inv as (
      insert into invoices (tenant_id, customer_id, number, status, currency, issue_date, due_date, subtotal,
                            tax_total, total, amount_paid, amount_credited, prices_include_tax, notes, kind)
      select c.tenant_id, c.id, 'B-' || g, case when g % 5 = 0 then 'overdue' else 'unpaid' end, 'USD',
             :today, :today, 9.99, 0, 9.99, 0, 0, false, '', 'manual'
      from generate_series(1, :count) g
      join (select tenant_id, id, row_number() over () as n from customers where tenant_id = cast(:tenant as uuid)) c
        on c.n = 1 + g % :customers
      returning tenant_id, id, customer_id
    )
    insert into payments (tenant_id, customer_id, invoice_id, amount, applied, refunded, currency, method, status,
                          gateway, reference)
    select tenant_id, customer_id, id, 9.99, 9.99, 0, 'USD', 'bank_transfer', 'completed', 'offline', ''
    from inv where random() < 0.5
    """
)
JOBS = text(
    "insert into procrastinate_jobs (queue_name, task_name, status) "
    "select 'q' || (g % 5), 't' || (g % 20), (array['todo','succeeded','failed'])[1 + g % 3]::procrastinate_job_status "
    "from generate_series(1, 20000) g"
)


async def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        settings = _database(Path(tmp))
        urls = resolve(settings)
        migrate.upgrade(urls, settings)
        owner = create_engine(urls.owner, pool_size=2)
        app = create_engine(urls.app, pool_size=2)
        sessionmaker = create_sessionmaker(app)
        print(f"seeding {TENANTS} tenants x {PER_TENANT:,} subscriptions, invoices, payments ...", flush=True)
        async with owner.begin() as connection:
            for index in range(TENANTS):
                tenant = str(uuid.uuid4())
                params = {"tenant": tenant, "slug": f"bench-{index}", "customers": CUSTOMERS, "today": TODAY}
                await connection.execute(SEED, {**params, "subscriptions": PER_TENANT})
                await connection.execute(INVOICES, {**params, "count": PER_TENANT})
            await connection.execute(JOBS)
            await connection.execute(text("analyze"))
        timings: dict[str, list[float]] = {"platform": [], "jobs": []}
        for _ in range(7):
            async with sessionmaker() as session, session.begin():
                started = time.perf_counter()
                rows = (await session.execute(text("select * from mpanel_platform_metrics()"))).all()
                timings["platform"].append(time.perf_counter() - started)
                started = time.perf_counter()
                await session.execute(_JOBS)
                timings["jobs"].append(time.perf_counter() - started)
        await app.dispose()
        await owner.dispose()
    for name, values in timings.items():
        print(f"{name:9s} median {statistics.median(values) * 1000:7.1f} ms  (7 runs, {len(rows)} platform rows)")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
