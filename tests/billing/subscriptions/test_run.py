"""The recurring billing run, day by day on real PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.billing.invoices.models import Invoice, InvoiceItem
from mpanel.billing.subscriptions.models import BillingEvent, Subscription
from mpanel.billing.subscriptions.run import run_tenant
from mpanel.db.session import tenant_session
from mpanel.tenants.models import Tenant
from tests.factories.billing import make_payment, make_subscription
from tests.factories.catalog import make_product
from tests.factories.customers import make_customer
from tests.factories.tenants import TenantWithOwner, make_tenant

TIMELINE_SETTINGS = {"lateFeeDays": 6, "lateFeePercent": "10", "lateFeeMinimum": "1.50"}


async def _configure(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, **billing: Any) -> None:
    async with tenant_session(sessionmaker, tenant_id) as session:
        tenant = await session.scalar(select(Tenant).where(Tenant.id == tenant_id))
        assert tenant is not None
        tenant.settings = {**tenant.settings, "billing": billing}


async def _invoices(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> list[Invoice]:
    async with tenant_session(sessionmaker, tenant_id) as session:
        return list((await session.scalars(select(Invoice).order_by(Invoice.period_start))).all())


async def _events(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> list[tuple[date, str]]:
    async with tenant_session(sessionmaker, tenant_id) as session:
        rows = await session.execute(
            select(BillingEvent.occurred_on, BillingEvent.kind).order_by(BillingEvent.created_at)
        )
        return [(r.occurred_on, r.kind) for r in rows]


async def _subscription(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> Subscription:
    async with tenant_session(sessionmaker, tenant_id) as session:
        subscription: Subscription | None = await session.scalar(select(Subscription))
        assert subscription is not None
        return subscription


@pytest.fixture
async def timeline(sessionmaker: async_sessionmaker[AsyncSession]) -> TenantWithOwner:
    """Monthly 10.00, next billing 2026-03-15, the default settings plus a 10% late fee of at
    least 1.50 after 6 days."""
    tenant = await make_tenant(sessionmaker)
    await _configure(sessionmaker, tenant.id, **TIMELINE_SETTINGS)
    customer = await make_customer(sessionmaker, tenant.id, currency="USD")
    product = await make_product(sessionmaker, tenant.id, price="10.00")
    await make_subscription(sessionmaker, tenant.id, customer.id, product.id, nextBillingDate="2026-03-15")
    return tenant


async def _run_days(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, first: date, last: date
) -> None:
    day = first
    while day <= last:
        await run_tenant(sessionmaker, tenant_id, day)
        day += timedelta(days=1)


class TestTimeline:
    async def test_march_invoice_reminders_late_fee_and_suspension(
        self, timeline: TenantWithOwner, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        await _run_days(sessionmaker, timeline.id, date(2026, 2, 27), date(2026, 3, 22))
        (invoice,) = await _invoices(sessionmaker, timeline.id)
        assert (invoice.issue_date, invoice.due_date, invoice.period_start, invoice.period_end) == (
            date(2026, 3, 1),
            date(2026, 3, 15),
            date(2026, 3, 15),
            date(2026, 4, 15),
        )
        assert invoice.total == Decimal("11.50")  # 10.00 + the 1.50 minimum late fee (10% is 1.00)
        assert invoice.status == "overdue"
        events = await _events(sessionmaker, timeline.id)
        assert events == [
            (date(2026, 3, 1), "invoice.created"),
            (date(2026, 3, 12), "invoice.reminder"),
            (date(2026, 3, 16), "invoice.overdue"),
            (date(2026, 3, 20), "invoice.overdue"),
            (date(2026, 3, 22), "subscription.suspended"),
        ]
        async with tenant_session(sessionmaker, timeline.id) as session:
            fee = await session.scalar(select(InvoiceItem.amount).where(InvoiceItem.description == "Late fee"))
            late_fee_day = await session.scalar(select(Invoice.late_fee_applied_at))
        assert fee == Decimal("1.50")
        assert late_fee_day is not None
        subscription = await _subscription(sessionmaker, timeline.id)
        assert (subscription.status, subscription.suspend_reason) == ("suspended", "overdue")
        assert subscription.next_billing_date == date(2026, 4, 15)

    async def test_branch_a_paid_on_the_23rd_is_unsuspended_and_april_is_invoiced(
        self, timeline: TenantWithOwner, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        await _run_days(sessionmaker, timeline.id, date(2026, 3, 1), date(2026, 3, 22))
        (march,) = await _invoices(sessionmaker, timeline.id)
        await make_payment(sessionmaker, timeline.id, march.id, "11.50")
        subscription = await _subscription(sessionmaker, timeline.id)
        assert (subscription.status, subscription.suspend_reason) == ("active", None)
        await _run_days(sessionmaker, timeline.id, date(2026, 3, 23), date(2026, 4, 1))
        march_again, april = await _invoices(sessionmaker, timeline.id)
        assert march_again.status == "paid"
        assert (april.issue_date, april.due_date, april.total) == (
            date(2026, 4, 1),
            date(2026, 4, 15),
            Decimal("10.00"),
        )
        kinds = [kind for _, kind in await _events(sessionmaker, timeline.id)]
        assert "subscription.unsuspended" in kinds
        assert "invoice.overdue" in kinds
        assert kinds.count("invoice.overdue") == 2  # the 25th reminder is not sent for a paid invoice

    async def test_branch_b_never_paid_no_april_invoice_and_terminated_on_the_14th(
        self, timeline: TenantWithOwner, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        await _run_days(sessionmaker, timeline.id, date(2026, 3, 1), date(2026, 4, 13))
        assert len(await _invoices(sessionmaker, timeline.id)) == 1  # the previous invoice is unpaid
        assert (await _subscription(sessionmaker, timeline.id)).status == "suspended"
        await run_tenant(sessionmaker, timeline.id, date(2026, 4, 14))
        assert (await _subscription(sessionmaker, timeline.id)).status == "terminated"
        events = await _events(sessionmaker, timeline.id)
        assert (date(2026, 3, 25), "invoice.overdue") in events
        assert events[-1] == (date(2026, 4, 14), "subscription.terminated")


class TestExactlyOnce:
    async def _tenant_with_subscriptions(self, sessionmaker: async_sessionmaker[AsyncSession], count: int) -> uuid.UUID:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        product = await make_product(sessionmaker, tenant.id, price="5.00")
        for _ in range(count):
            await make_subscription(sessionmaker, tenant.id, customer.id, product.id, nextBillingDate="2026-06-01")
        return tenant.id

    async def _count(self, sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> tuple[int, int]:
        async with tenant_session(sessionmaker, tenant_id) as session:
            invoices = await session.scalar(select(func.count()).select_from(Invoice))
            periods = await session.scalar(select(func.count(func.distinct(Invoice.subscription_id))))
        return invoices or 0, periods or 0

    async def test_running_twice_invoices_each_period_once(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant_id = await self._tenant_with_subscriptions(sessionmaker, 7)
        first = await run_tenant(sessionmaker, tenant_id, date(2026, 6, 1))
        second = await run_tenant(sessionmaker, tenant_id, date(2026, 6, 1))
        assert (first.invoices, second.invoices) == (7, 0)
        assert await self._count(sessionmaker, tenant_id) == (7, 7)

    async def test_two_runs_at_the_same_time_invoice_each_period_once(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant_id = await self._tenant_with_subscriptions(sessionmaker, 9)
        reports = await asyncio.gather(
            run_tenant(sessionmaker, tenant_id, date(2026, 6, 1), batch_size=2),
            run_tenant(sessionmaker, tenant_id, date(2026, 6, 1), batch_size=2),
        )
        assert sum(r.invoices for r in reports) == 9
        assert await self._count(sessionmaker, tenant_id) == (9, 9)

    async def test_a_run_killed_half_way_and_started_again_invoices_each_period_once(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant_id = await self._tenant_with_subscriptions(sessionmaker, 10)

        def die_after_first_batch(count: int) -> None:
            raise KeyboardInterrupt("killed")

        with pytest.raises(KeyboardInterrupt):
            await run_tenant(sessionmaker, tenant_id, date(2026, 6, 1), batch_size=4, after_batch=die_after_first_batch)
        assert await self._count(sessionmaker, tenant_id) == (4, 4)
        resumed = await run_tenant(sessionmaker, tenant_id, date(2026, 6, 1), batch_size=4)
        assert resumed.invoices == 6
        assert await self._count(sessionmaker, tenant_id) == (10, 10)
        invoices = await _invoices(sessionmaker, tenant_id)
        numbers = sorted(int(i.number.rsplit("-", 1)[1]) for i in invoices if i.number)
        assert numbers == list(range(1, 11))  # gapless across the crash

    async def test_the_database_refuses_a_second_invoice_for_a_period(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        from sqlalchemy.exc import IntegrityError

        tenant_id = await self._tenant_with_subscriptions(sessionmaker, 1)
        await run_tenant(sessionmaker, tenant_id, date(2026, 6, 1))
        (invoice,) = await _invoices(sessionmaker, tenant_id)
        with pytest.raises(IntegrityError, match="uq_invoices_subscription_period"):
            async with tenant_session(sessionmaker, tenant_id) as session:
                session.add(
                    Invoice(
                        customer_id=invoice.customer_id,
                        number="X-1",
                        status="unpaid",
                        currency="USD",
                        due_date=invoice.due_date,
                        subtotal=Decimal(1),
                        tax_total=Decimal(0),
                        total=Decimal(1),
                        kind="renewal",
                        subscription_id=invoice.subscription_id,
                        period_start=invoice.period_start,
                    )
                )


class TestMonthEnd:
    async def test_the_anchor_day_is_kept_across_short_months(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        await _configure(sessionmaker, tenant.id, invoiceDaysBefore=0, continuousInvoicing=True)
        customer = await make_customer(sessionmaker, tenant.id)
        product = await make_product(sessionmaker, tenant.id, price="1.00")
        await make_subscription(sessionmaker, tenant.id, customer.id, product.id, nextBillingDate="2027-01-31")
        for day in (date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)):
            await run_tenant(sessionmaker, tenant.id, day)
        periods = [(i.period_start, i.period_end) for i in await _invoices(sessionmaker, tenant.id)]
        assert periods == [
            (date(2027, 1, 31), date(2027, 2, 28)),
            (date(2027, 2, 28), date(2027, 3, 31)),
            (date(2027, 3, 31), date(2027, 4, 30)),
        ]


class TestDomainRenewal:
    async def test_a_paid_renewal_invoice_renews_the_domain_once(
        self, database: Any, settings: Any, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        from mpanel.domains.models import Domain, IcannFee
        from mpanel.jobs import runtime
        from mpanel.jobs.worker import worker_app
        from tests.factories.domains import make_domain

        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        product = await make_product(
            sessionmaker, tenant.id, type="domain", name=".com", billingCycle="annual", price="14.00"
        )
        subscription = await make_subscription(
            sessionmaker, tenant.id, customer.id, product.id, billingCycle="annual", nextBillingDate="2026-07-01"
        )
        domain = await make_domain(
            sessionmaker, tenant.id, customer_id=customer.id, subscriptionId=subscription.id, autoRenew=True
        )
        before = domain.expires_at
        assert before is not None
        await run_tenant(sessionmaker, tenant.id, date(2026, 6, 20))
        (invoice,) = await _invoices(sessionmaker, tenant.id)
        await make_payment(sessionmaker, tenant.id, invoice.id, invoice.total)

        runtime.settings, runtime.sessionmaker = settings, sessionmaker
        for _ in range(2):  # a second worker pass finds nothing more to do
            async with worker_app(database) as app:
                await asyncio.wait_for(
                    app.run_worker_async(queues=["domains"], wait=False, install_signal_handlers=False), 30
                )
        async with tenant_session(sessionmaker, tenant.id) as session:
            renewed = await session.scalar(select(Domain.expires_at).where(Domain.id == domain.id))
            fees = (await session.scalars(select(IcannFee.action))).all()
        assert renewed == before.replace(year=before.year + 1)
        assert sorted(fees) == ["register", "renew"]
