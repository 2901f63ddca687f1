"""Auto-charge and dunning: the billing run schedules a charge of the saved card on the due date
and retries on the tenant's schedule (default 1, 3, 5, 7 days after), one job per attempt,
without calling Stripe itself; each attempt is recorded and shown on the invoice."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.billing.payments.gateways.stripe import StripePlatform
from mpanel.billing.payments.models import PaymentAttempt
from mpanel.billing.stripe import service as stripe_payments
from mpanel.billing.subscriptions.models import BillingEvent
from mpanel.billing.subscriptions.run import run_tenant
from mpanel.db.session import tenant_session
from mpanel.db.urls import DatabaseUrls
from mpanel.jobs import runtime
from mpanel.jobs.worker import worker_app
from mpanel.settings import Settings
from mpanel.tenants.models import Tenant
from tests.billing.stripe.conftest import Shop, saved_card
from tests.factories.billing import make_invoice
from tests.fakes.stripe_server import DECLINES, NEEDS_ACTION, SUCCEEDS, FakeStripe

DUE = date(2026, 3, 15)


async def _attempts(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> list[PaymentAttempt]:
    async with tenant_session(sessionmaker, tenant_id) as session:
        rows = await session.scalars(select(PaymentAttempt).order_by(PaymentAttempt.created_at))
        return list(rows)


async def _charge_scheduled(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, tenant_id: uuid.UUID
) -> list[Any]:
    """Run the jobs of the scheduled attempts, as the worker would."""
    platform = StripePlatform.from_settings(settings)
    results = []
    for attempt in await _attempts(sessionmaker, tenant_id):
        if attempt.status.value == "scheduled":
            results.append(
                await stripe_payments.charge_attempt(
                    lambda: tenant_session(sessionmaker, tenant_id), tenant_id, attempt.id, platform
                )
            )
    return results


async def _events(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> list[str]:
    async with tenant_session(sessionmaker, tenant_id) as session:
        rows = await session.scalars(
            select(BillingEvent.kind).where(BillingEvent.kind.like("payment.%")).order_by(BillingEvent.created_at)
        )
        return list(rows)


class TestSchedule:
    async def test_failed_charges_are_retried_on_days_1_3_5_7_then_stop(
        self,
        api: httpx.AsyncClient,
        shop: Shop,
        fake: FakeStripe,
        stripe_settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        card = await saved_card(api, shop, fake, behaviour=DECLINES)
        invoice = await make_invoice(
            sessionmaker, shop.tenant.id, shop.customer.id, total="12.50", issueDate="2026-03-01", dueDate="2026-03-15"
        )
        charged_on = []
        for offset in range(-1, 10):
            day = DUE + timedelta(days=offset)
            sent_before = len(fake.sent)
            report = await run_tenant(sessionmaker, shop.tenant.id, day)
            assert len(fake.sent) == sent_before, "the billing run itself never calls Stripe"
            if report.charges:
                charged_on.append(offset)
                await _charge_scheduled(sessionmaker, stripe_settings, shop.tenant.id)
            again = await run_tenant(sessionmaker, shop.tenant.id, day)
            assert again.charges == 0
        assert charged_on == [0, 1, 3, 5, 7]
        attempts = (await api.get(f"/api/invoices/{invoice.id}/payment-attempts", headers=shop.staff_headers)).json()
        assert [(a["attemptNo"], a["status"], a["failureCode"], a["scheduledFor"]) for a in attempts] == [
            (n, "failed", "generic_decline", (DUE + timedelta(days=d)).isoformat())
            for n, d in enumerate([0, 1, 3, 5, 7], start=1)
        ]
        charges = fake.calls("POST", "/v1/payment_intents")
        assert {(c.params["off_session"], c.params["payment_method"], c.params["amount"]) for c in charges} == {
            ("true", card, "1250")
        }
        assert len({c.idempotency_key for c in charges}) == 5
        assert await _events(sessionmaker, shop.tenant.id) == ["payment.failed"] * 5

    async def test_the_tenant_sets_the_schedule_or_turns_auto_charge_off(
        self,
        api: httpx.AsyncClient,
        shop: Shop,
        fake: FakeStripe,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        await saved_card(api, shop, fake)
        await make_invoice(sessionmaker, shop.tenant.id, shop.customer.id, issueDate="2026-03-01", dueDate="2026-03-15")
        refused = await api.patch(
            "/api/tenant", json={"settings": {"billing": {"dunningRetryDays": [0, 3]}}}, headers=shop.staff_headers
        )
        assert refused.status_code == 422
        off = await api.patch(
            "/api/tenant", json={"settings": {"billing": {"autoCharge": False}}}, headers=shop.staff_headers
        )
        assert off.status_code == 200, off.text
        assert (await run_tenant(sessionmaker, shop.tenant.id, DUE)).charges == 0

    async def test_authentication_needed_off_session_leaves_it_unpaid_and_asks_the_customer(
        self,
        api: httpx.AsyncClient,
        shop: Shop,
        fake: FakeStripe,
        stripe_settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        await saved_card(api, shop, fake, behaviour=NEEDS_ACTION)
        invoice = await make_invoice(
            sessionmaker, shop.tenant.id, shop.customer.id, issueDate="2026-03-01", dueDate="2026-03-15"
        )
        await run_tenant(sessionmaker, shop.tenant.id, DUE)
        assert [s.value for s in await _charge_scheduled(sessionmaker, stripe_settings, shop.tenant.id)] == [
            "requires_action"
        ]
        shown = (await api.get(f"/api/invoices/{invoice.id}", headers=shop.staff_headers)).json()
        assert shown["status"] == "unpaid"
        async with tenant_session(sessionmaker, shop.tenant.id) as session:
            event = await session.scalar(select(BillingEvent).where(BillingEvent.kind == "payment.action_required"))
        assert event is not None
        assert event.invoice_id == invoice.id

    async def test_a_repeated_job_charges_once_and_a_paid_invoice_is_skipped(
        self,
        api: httpx.AsyncClient,
        shop: Shop,
        fake: FakeStripe,
        stripe_settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        await saved_card(api, shop, fake, behaviour=SUCCEEDS)
        invoice = await make_invoice(
            sessionmaker, shop.tenant.id, shop.customer.id, issueDate="2026-03-01", dueDate="2026-03-15"
        )
        await run_tenant(sessionmaker, shop.tenant.id, DUE)
        (attempt,) = await _attempts(sessionmaker, shop.tenant.id)
        platform = StripePlatform.from_settings(stripe_settings)
        first = await stripe_payments.charge_attempt(
            lambda: tenant_session(sessionmaker, shop.tenant.id), shop.tenant.id, attempt.id, platform
        )
        second = await stripe_payments.charge_attempt(
            lambda: tenant_session(sessionmaker, shop.tenant.id), shop.tenant.id, attempt.id, platform
        )
        assert (first and first.value, second) == ("succeeded", None)
        assert len(fake.calls("POST", "/v1/payment_intents")) == 1
        shown = (await api.get(f"/api/invoices/{invoice.id}", headers=shop.staff_headers)).json()
        assert shown["status"] == "paid"
        assert (await run_tenant(sessionmaker, shop.tenant.id, DUE + timedelta(days=1))).charges == 0


class TestWorker:
    async def test_the_worker_runs_the_charge_jobs_the_run_enqueued(
        self,
        api: httpx.AsyncClient,
        shop: Shop,
        fake: FakeStripe,
        stripe_settings: Settings,
        database: DatabaseUrls,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        await saved_card(api, shop, fake)
        invoice = await make_invoice(
            sessionmaker, shop.tenant.id, shop.customer.id, issueDate="2026-03-01", dueDate="2026-03-15"
        )
        assert (await run_tenant(sessionmaker, shop.tenant.id, DUE)).charges == 1
        async with tenant_session(sessionmaker, shop.tenant.id) as session:
            (attempt,) = list(await session.scalars(select(PaymentAttempt)))
            job = (
                await session.execute(
                    text("select queue_name, args from procrastinate_jobs where args->>'attempt_id' = :a"),
                    {"a": str(attempt.id)},
                )
            ).one()
            assert await session.scalar(select(Tenant.id)) == shop.tenant.id
        assert job.queue_name == "payments"
        assert job.args == {"tenant_id": str(shop.tenant.id), "attempt_id": str(attempt.id)}
        runtime.settings, runtime.sessionmaker = stripe_settings, sessionmaker
        async with worker_app(database) as app:
            await asyncio.wait_for(
                app.run_worker_async(queues=["payments"], wait=False, install_signal_handlers=False), 60
            )
        shown = (await api.get(f"/api/invoices/{invoice.id}", headers=shop.staff_headers)).json()
        assert shown["status"] == "paid"
