"""The outbox is written in the same transaction as the billing event, by the event's own
statement, and wakes the tenant's send job in that transaction too."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.billing import events
from mpanel.billing.subscriptions.models import BillingEvent
from mpanel.db.session import tenant_session
from mpanel.notifications.kinds import EVENT_KINDS
from mpanel.notifications.models import EmailStatus, OutboxEmail
from mpanel.notifications.outbox import due_tenants, wake
from tests.factories.customers import make_customer
from tests.factories.tenants import make_tenant
from tests.mail import outbox


class Boom(Exception):
    pass


async def _send_jobs(session: AsyncSession, tenant_id: uuid.UUID) -> int:
    return int(
        await session.scalar(
            text("select count(*) from procrastinate_jobs where queueing_lock = :lock and status = 'todo'"),
            {"lock": f"email-send:{tenant_id}"},
        )
        or 0
    )


class TestSameTransaction:
    async def test_an_event_writes_its_email_and_wakes_the_sender_or_neither(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id, email="bill@example.com")

        async def suspend_then_fail() -> None:
            async with tenant_session(sessionmaker, tenant.id) as session:
                await events.emit(session, "subscription.suspended", customer_id=customer.id, dedupe_key="s:1")
                inside = list(await session.scalars(select(OutboxEmail)))
                assert [(e.kind, e.to_address, e.status) for e in inside] == [
                    ("subscription.suspended", "bill@example.com", EmailStatus.QUEUED)
                ]
                assert await _send_jobs(session, tenant.id) == 1
                raise Boom

        with pytest.raises(Boom):
            await suspend_then_fail()
        assert await outbox(sessionmaker, tenant.id) == []
        async with tenant_session(sessionmaker, tenant.id) as session:
            assert await session.scalar(select(func.count()).select_from(BillingEvent)) == 0
            assert await _send_jobs(session, tenant.id) == 0

    async def test_one_waiting_send_job_per_tenant_however_many_emails(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        async with tenant_session(sessionmaker, tenant.id) as session:
            for n in range(3):
                await events.emit(session, "subscription.suspended", customer_id=customer.id, dedupe_key=f"k{n}")
        async with tenant_session(sessionmaker, tenant.id) as session:
            await events.emit(session, "subscription.unsuspended", customer_id=customer.id, dedupe_key="k9")
            assert await _send_jobs(session, tenant.id) == 1
        assert len(await outbox(sessionmaker, tenant.id)) == 4


class TestWhichEvents:
    async def test_every_emailed_kind_and_nothing_else_reaches_the_outbox(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        async with tenant_session(sessionmaker, tenant.id) as session:
            for kind in (*EVENT_KINDS, "subscription.terminated", "subscription.cancelled"):
                await events.emit(session, kind, customer_id=customer.id, dedupe_key=kind)
        assert sorted(e.kind for e in await outbox(sessionmaker, tenant.id)) == sorted(EVENT_KINDS)

    async def test_a_repeated_event_writes_no_second_email(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        for _ in range(2):
            async with tenant_session(sessionmaker, tenant.id) as session:
                new = await events.emit(session, "invoice.reminder", customer_id=customer.id, dedupe_key="same")
        assert new is False
        assert len(await outbox(sessionmaker, tenant.id)) == 1

    async def test_another_tenants_rows_stay_invisible(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        mine, theirs = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, theirs.id)
        async with tenant_session(sessionmaker, theirs.id) as session:
            await events.emit(session, "invoice.reminder", customer_id=customer.id, dedupe_key="x")
        assert await outbox(sessionmaker, mine.id) == []
        assert len(await outbox(sessionmaker, theirs.id)) == 1


class TestSweep:
    async def test_due_tenants_are_found_across_tenants_and_woken(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        async with tenant_session(sessionmaker, tenant.id) as session:
            await events.emit(session, "invoice.reminder", customer_id=customer.id, dedupe_key="sweep")
        async with tenant_session(sessionmaker, None) as session:
            assert tenant.id in await due_tenants(session)  # no tenant scope: the SECURITY DEFINER lookup
            await session.execute(
                text("update procrastinate_jobs set status = 'cancelled' where queueing_lock = :l"),
                {"l": f"email-send:{tenant.id}"},
            )
            await wake(session, tenant.id)
            assert await _send_jobs(session, tenant.id) == 1
            await wake(session, tenant.id)  # a second wake-up is a no-op, not an error
            assert await _send_jobs(session, tenant.id) == 1
            assert await session.scalar(select(func.count()).select_from(OutboxEmail)) == 0  # rows stay hidden
