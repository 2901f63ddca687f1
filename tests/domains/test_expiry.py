"""The daily domain expiry run, day by day on real PostgreSQL, through the per-tenant billing run."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.audit.models import AuditLog
from mpanel.auth.principal import Principal
from mpanel.billing.invoices.models import Invoice
from mpanel.billing.subscriptions.models import BillingEvent
from mpanel.billing.subscriptions.run import run_tenant
from mpanel.db.session import tenant_session
from mpanel.domains import service as domains
from mpanel.domains.models import Domain, DomainEvent
from tests.factories.billing import make_payment, make_subscription
from tests.factories.catalog import make_product, make_tld
from tests.factories.customers import make_customer
from tests.factories.domains import make_domain, settle
from tests.factories.tenants import make_tenant

REGISTERED = datetime(2025, 7, 1, 12, tzinfo=UTC)  # one year: expires 2026-07-01


async def _run_days(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, first: date, last: date
) -> None:
    day = first
    while day <= last:
        await run_tenant(sessionmaker, tenant_id, day)
        day += timedelta(days=1)


async def _domain(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> Domain:
    async with tenant_session(sessionmaker, tenant_id) as session:
        domain: Domain | None = await session.scalar(select(Domain))
        assert domain is not None
        return domain


async def _billing_events(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID
) -> list[tuple[date, str]]:
    async with tenant_session(sessionmaker, tenant_id) as session:
        rows = await session.execute(
            select(BillingEvent.occurred_on, BillingEvent.kind)
            .where(BillingEvent.kind.like("domain.%"))
            .order_by(BillingEvent.created_at)
        )
        return [(r.occurred_on, r.kind) for r in rows]


async def _statuses(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> list[tuple[str, str]]:
    async with tenant_session(sessionmaker, tenant_id) as session:
        rows = await session.execute(
            select(DomainEvent.from_status, DomainEvent.to_status)
            .where(DomainEvent.action == "status")
            .order_by(DomainEvent.occurred_at)
        )
        return [(str(r.from_status), str(r.to_status)) for r in rows]


class TestExpiryTimeline:
    async def test_active_grace_redemption_released_by_the_tld_days(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        await make_tld(sessionmaker, tenant.id, "com", graceDays=5, redemptionDays=3)
        await make_domain(sessionmaker, tenant.id, name="lapsing.com", autoRenew=False, now=REGISTERED)

        await _run_days(sessionmaker, tenant.id, date(2026, 6, 29), date(2026, 7, 1))
        assert (await _domain(sessionmaker, tenant.id)).status == "active"  # the expiry day is still paid for
        await run_tenant(sessionmaker, tenant.id, date(2026, 7, 2))
        domain = await _domain(sessionmaker, tenant.id)
        assert (domain.status, domain.grace_ends_on, domain.redemption_ends_on) == (
            "grace",
            date(2026, 7, 6),
            date(2026, 7, 9),
        )
        await _run_days(sessionmaker, tenant.id, date(2026, 7, 3), date(2026, 7, 6))
        assert (await _domain(sessionmaker, tenant.id)).status == "grace"
        await run_tenant(sessionmaker, tenant.id, date(2026, 7, 7))
        assert (await _domain(sessionmaker, tenant.id)).status == "redemption"
        await _run_days(sessionmaker, tenant.id, date(2026, 7, 8), date(2026, 7, 9))
        assert (await _domain(sessionmaker, tenant.id)).status == "redemption"
        await run_tenant(sessionmaker, tenant.id, date(2026, 7, 10))
        assert (await _domain(sessionmaker, tenant.id)).status == "cancelled"

        assert await _billing_events(sessionmaker, tenant.id) == [
            (date(2026, 7, 2), "domain.expired"),
            (date(2026, 7, 7), "domain.redemption"),
            (date(2026, 7, 10), "domain.released"),
        ]
        assert await _statuses(sessionmaker, tenant.id) == [
            ("active", "grace"),
            ("grace", "redemption"),
            ("redemption", "cancelled"),
        ]
        async with tenant_session(sessionmaker, tenant.id) as session:
            audited = await session.scalar(
                select(func.count()).select_from(AuditLog).where(AuditLog.action == "domain.status")
            )
        assert audited == 3

    async def test_running_twice_a_day_changes_nothing_more_and_a_missed_week_catches_up(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        await make_tld(sessionmaker, tenant.id, "com")  # the defaults: 30 grace days, 30 redemption days
        await make_domain(sessionmaker, tenant.id, name="skipped.com", autoRenew=False, now=REGISTERED)
        for _ in range(2):
            await run_tenant(sessionmaker, tenant.id, date(2026, 8, 5))  # 35 days after expiry
        domain = await _domain(sessionmaker, tenant.id)
        assert (domain.status, domain.grace_ends_on, domain.redemption_ends_on) == (
            "redemption",
            date(2026, 7, 31),
            date(2026, 8, 30),
        )
        assert await _statuses(sessionmaker, tenant.id) == [("active", "grace"), ("grace", "redemption")]
        assert await _billing_events(sessionmaker, tenant.id) == [
            (date(2026, 8, 5), "domain.expired"),
            (date(2026, 8, 5), "domain.redemption"),
        ]

    async def test_without_grace_days_an_expired_domain_goes_to_redemption(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        await make_tld(sessionmaker, tenant.id, "io", graceDays=0, redemptionDays=30)
        await make_domain(sessionmaker, tenant.id, name="nograce.io", autoRenew=False, now=REGISTERED)
        await run_tenant(sessionmaker, tenant.id, date(2026, 7, 2))
        assert (await _domain(sessionmaker, tenant.id)).status == "redemption"
        assert await _statuses(sessionmaker, tenant.id) == [("active", "expired"), ("expired", "redemption")]

    async def test_a_renewal_in_redemption_costs_the_fee_and_restarts_the_clock(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        await make_tld(sessionmaker, tenant.id, "com", graceDays=5, redemptionDays=30)
        domain = await make_domain(sessionmaker, tenant.id, name="rescued.com", autoRenew=False, now=REGISTERED)
        await run_tenant(sessionmaker, tenant.id, date(2026, 7, 10))
        assert (await _domain(sessionmaker, tenant.id)).status == "redemption"
        async with tenant_session(sessionmaker, tenant.id) as session:
            operation = await domains.renew(session, Principal.system(tenant.id), domain.id, 1)
        assert operation.event.redemption_fee == 80
        await settle(sessionmaker, tenant.id)
        restored = await _domain(sessionmaker, tenant.id)
        assert (restored.status, restored.expires_at, restored.grace_ends_on) == ("active", date(2027, 7, 1), None)
        await run_tenant(sessionmaker, tenant.id, date(2026, 7, 11))
        assert (await _domain(sessionmaker, tenant.id)).status == "active"


class TestAutoRenewal:
    async def test_the_billing_run_invoices_once_and_a_payment_in_grace_renews(
        self, sessionmaker: async_sessionmaker[AsyncSession], database: object, settings: object
    ) -> None:
        """Auto-renewing domains are invoiced through their subscription by the billing run only;
        the expiry run invoices nothing, and paying during grace renews the domain."""
        import asyncio

        from mpanel.jobs import runtime
        from mpanel.jobs.worker import worker_app

        tenant = await make_tenant(sessionmaker)
        await make_tld(sessionmaker, tenant.id, "com", graceDays=10)
        customer = await make_customer(sessionmaker, tenant.id)
        product = await make_product(sessionmaker, tenant.id, type="domain", name=".com", billingCycle="annual")
        subscription = await make_subscription(
            sessionmaker, tenant.id, customer.id, product.id, billingCycle="annual", nextBillingDate="2026-07-01"
        )
        await make_domain(
            sessionmaker,
            tenant.id,
            name="kept.com",
            customer_id=customer.id,
            subscriptionId=subscription.id,
            autoRenew=True,
            now=REGISTERED,
        )
        await _run_days(sessionmaker, tenant.id, date(2026, 6, 10), date(2026, 7, 5))
        async with tenant_session(sessionmaker, tenant.id) as session:
            invoices = list((await session.scalars(select(Invoice))).all())
        assert len(invoices) == 1  # the renewal invoice, from the subscription
        assert (await _domain(sessionmaker, tenant.id)).status == "grace"  # not paid by the expiry

        await make_payment(sessionmaker, tenant.id, invoices[0].id, invoices[0].total)
        runtime.settings, runtime.sessionmaker = settings, sessionmaker  # type: ignore[assignment]
        async with worker_app(database) as app:  # type: ignore[arg-type]
            await asyncio.wait_for(
                app.run_worker_async(queues=["domains"], wait=False, install_signal_handlers=False), 30
            )
        domain = await _domain(sessionmaker, tenant.id)
        assert (domain.status, domain.expires_at) == ("active", date(2027, 7, 1))
        await _run_days(sessionmaker, tenant.id, date(2026, 7, 6), date(2026, 7, 20))
        assert (await _domain(sessionmaker, tenant.id)).status == "active"
        assert await _billing_events(sessionmaker, tenant.id) == [(date(2026, 7, 2), "domain.expired")]
