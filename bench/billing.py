"""make bench-billing: the recurring billing run on real PostgreSQL.

10 tenants with 10,000 active subscriptions each, all due today. Prints the run's wall time and
invoices per second, the raw rate of inserting the same number of invoices and items with one
INSERT ... SELECT each, and the ratio between the two. Target: 100,000 invoices in under 10 s, at
no less than a tenth of the raw rate."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bench.database import scratch_database
from mpanel.billing.subscriptions.run import run_billing
from mpanel.db.engine import create_engine, create_sessionmaker
from mpanel.db.session import set_scope
from mpanel.db.urls import DatabaseUrls, resolve
from mpanel.settings import Settings

TENANTS = int(os.environ.get("BENCH_TENANTS", "10"))
PER_TENANT = int(os.environ.get("BENCH_SUBSCRIPTIONS", "10000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "2"))
CUSTOMERS = 200
TODAY = date(2026, 6, 1)


SEED = text(
    """
    with t as (
      insert into tenants (id, slug, name, status, default_currency, settings)
      values (cast(:tenant as uuid), :slug, :slug, 'active', 'USD', '{}') returning id
    ), p as (
      insert into products (tenant_id, name, type, status, currency, billing_cycle, description)
      select id, 'Hosting', 'hosting', 'active', 'USD', 'monthly', '' from t returning tenant_id, id
    ), c as (
      insert into customers (tenant_id, kind, name, email, country, currency, status, notes)
      select t.id, 'person', 'Customer ' || g, 'c' || g || '@example.com', 'US', 'USD', 'active', ''
      from t, generate_series(1, :customers) g returning tenant_id, id
    ), cs as (select tenant_id, id, row_number() over () as n from c)
    insert into subscriptions (tenant_id, customer_id, product_id, description, billing_cycle, price, currency,
                               status, next_billing_date, anchor_day)
    select cs.tenant_id, cs.id, p.id, 'Hosting', 'monthly', 9.99, 'USD', 'active', :today, 1
    from generate_series(1, :subscriptions) g
    join cs on cs.n = 1 + g % :customers
    cross join p
    """
)

RAW = text(
    """
    with inv as (
      insert into invoices (tenant_id, customer_id, number, status, currency, issue_date, due_date, subtotal,
                            tax_total, total, amount_paid, amount_credited, prices_include_tax, notes, kind)
      select c.tenant_id, c.id, 'RAW-' || g, 'unpaid', 'USD', :today, :today, 9.99, 0, 9.99, 0, 0, false, '', 'manual'
      from generate_series(1, :count) g
      join (select tenant_id, id, row_number() over () as n from customers) c on c.n = 1 + g % :customers
      returning tenant_id, id
    )
    insert into invoice_items (tenant_id, invoice_id, position, description, quantity, unit_price, amount, taxable)
    select tenant_id, id, 1, 'Hosting', 1, 9.99, 9.99, true from inv
    """
)


async def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, scratch_database(Path(tmp)) as settings:
        return await _bench(settings, resolve(settings))


async def _seed(owner: AsyncEngine, tenants: list[uuid.UUID]) -> None:
    print(f"seeding {TENANTS} tenants x {PER_TENANT:,} subscriptions ...", flush=True)
    async with owner.begin() as connection:
        for index, tenant in enumerate(tenants):
            await connection.execute(
                SEED,
                {
                    "tenant": str(tenant),
                    "slug": f"bench-{index}",
                    "customers": CUSTOMERS,
                    "subscriptions": PER_TENANT,
                    "today": TODAY,
                },
            )
        await connection.execute(text("analyze"))


async def _raw_seconds(sessionmaker: async_sessionmaker[AsyncSession], tenant: uuid.UUID, count: int) -> float:
    """One INSERT ... SELECT of `count` invoices and their items, as the application role, rolled back."""
    async with sessionmaker() as session:
        await session.begin()
        await set_scope(session, tenant)
        started = time.perf_counter()
        await session.execute(RAW, {"count": count, "customers": CUSTOMERS, "today": TODAY})
        seconds = time.perf_counter() - started
        await session.rollback()
    return seconds


async def _bench(settings: Settings, urls: DatabaseUrls) -> int:
    owner = create_engine(urls.owner, pool_size=2)
    app = create_engine(urls.app, pool_size=CONCURRENCY + 1)
    sessionmaker = create_sessionmaker(app)
    tenants = [uuid.uuid4() for _ in range(TENANTS)]
    try:
        await _seed(owner, tenants)
        started = time.perf_counter()
        report = await run_billing(sessionmaker, TODAY, tenant_ids=tenants, concurrency=CONCURRENCY)
        run_seconds = time.perf_counter() - started
        total = report.invoices
        raw_seconds = await _raw_seconds(sessionmaker, tenants[0], total)
    finally:
        await app.dispose()
        await owner.dispose()

    run_rate, raw_rate = total / run_seconds, total / raw_seconds
    print(f"billing run:       {total:,} invoices in {run_seconds:.2f} s = {run_rate:,.0f} invoices/s")
    print(f"raw insert-select: {total:,} invoices + items in {raw_seconds:.2f} s = {raw_rate:,.0f} rows/s")
    print(f"ratio run/raw:     {run_rate / raw_rate:.2f} (target >= 0.10); wall-time target < 10 s")
    steps = ", ".join(f"{name} {seconds:.2f}" for name, seconds in report.seconds.items())
    print(f"steps (s, summed over {CONCURRENCY} tenants at a time): {steps}")
    expected = TENANTS * PER_TENANT
    if total != expected:
        print(f"ERROR: expected {expected:,} invoices, got {total:,}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
