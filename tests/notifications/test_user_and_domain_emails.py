"""Welcome e-mails for new logins, domain renewal reminders, and the billing run's e-mails."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.billing.invoices.models import Invoice
from mpanel.billing.subscriptions.run import run_tenant
from mpanel.db.session import tenant_session
from mpanel.domains import reminders
from mpanel.notifications.models import EmailStatus
from mpanel.settings import Settings
from mpanel.storage import ObjectStore
from tests.factories.billing import make_subscription
from tests.factories.catalog import make_product
from tests.factories.customers import make_customer
from tests.factories.domains import make_client, make_domain
from tests.factories.tenants import bearer, make_tenant, token_for
from tests.mail import outbox, parts, send
from tests.servers import SmtpServer


class TestWelcome:
    async def test_new_staff_and_portal_users_are_welcomed(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        mail_settings: Settings,
        store: ObjectStore,
        smtp_server: SmtpServer,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        body = {"email": "new.admin@example.com", "name": "Nina", "role": "admin", "password": "long enough secret"}
        created = await client.post("/api/users", json=body, headers=bearer(token_for(settings, tenant.owner)))
        assert created.status_code == 201, created.text
        customer = await make_customer(sessionmaker, tenant.id)
        portal = await make_client(sessionmaker, tenant.id, customer.id)
        await send(sessionmaker, tenant.id, mail_settings, store)
        [staff] = smtp_server.mailbox.to("new.admin@example.com")
        assert staff["Subject"] == f"Welcome to Hosting {tenant.slug}"
        text, _ = parts(staff)
        assert "Hello Nina," in text
        assert "https://panel.example.test/login" in text
        assert len(smtp_server.mailbox.to(portal.email)) == 1


class TestDomainRenewalReminders:
    async def test_30_and_7_days_before_expiry_once_each(
        self,
        mail_settings: Settings,
        store: ObjectStore,
        smtp_server: SmtpServer,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id, email="owner@example.com")
        domain = await make_domain(sessionmaker, tenant.id, customer_id=customer.id, name="keepme.com")
        assert domain.expires_at is not None
        expiry = domain.expires_at

        async def remind(day: date) -> int:
            async with tenant_session(sessionmaker, tenant.id) as session:
                return await reminders.remind(session, day)

        assert await remind(expiry - timedelta(days=31)) == 0
        assert await remind(expiry - timedelta(days=30)) == 1
        assert await remind(expiry - timedelta(days=29)) == 0  # step 30 was sent
        assert await remind(expiry - timedelta(days=5)) == 1  # a missed day: step 7 once, not a burst
        assert await remind(expiry - timedelta(days=1)) == 0
        assert await remind(expiry + timedelta(days=1)) == 0
        emails = await outbox(sessionmaker, tenant.id)
        assert [e.kind for e in emails] == ["domain.renewal_reminder"] * 2
        assert {e.domain_id for e in emails} == {domain.id}
        await send(sessionmaker, tenant.id, mail_settings, store)
        subjects = [m["Subject"] for m in smtp_server.mailbox.to("owner@example.com")]
        assert subjects == [f"keepme.com expires on {expiry.isoformat()}"] * 2


class TestBillingRun:
    async def test_the_run_queues_one_invoice_email_per_invoice_set_based(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        product = await make_product(sessionmaker, tenant.id)
        for _ in range(3):
            customer = await make_customer(sessionmaker, tenant.id)
            await make_subscription(sessionmaker, tenant.id, customer.id, product.id, nextBillingDate="2026-03-15")
        report = await run_tenant(sessionmaker, tenant.id, date(2026, 3, 10), batch_size=2)
        assert report.invoices == 3
        await run_tenant(sessionmaker, tenant.id, date(2026, 3, 10))  # again: nothing new
        emails = await outbox(sessionmaker, tenant.id)
        async with tenant_session(sessionmaker, tenant.id) as session:
            invoice_ids = set(await session.scalars(select(Invoice.id)))
            assert await session.scalar(select(func.count()).select_from(Invoice)) == 3
        assert {e.invoice_id for e in emails if e.kind == "invoice.created"} == invoice_ids
        assert all(e.status is EmailStatus.QUEUED for e in emails)
