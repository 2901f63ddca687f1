"""Sending through a real SMTP server (aiosmtpd on loopback): the delivered messages, their
parts and attachments, retries while the server is down, permanent refusals, and the worker."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import create_engine, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.db.session import tenant_session
from mpanel.db.urls import DatabaseUrls
from mpanel.jobs.queue import runtime
from mpanel.jobs.worker import worker_app
from mpanel.notifications.models import EmailStatus, OutboxEmail
from mpanel.notifications.sending import MAX_ATTEMPTS, NO_SMTP
from mpanel.settings import Settings
from mpanel.storage import ObjectStore
from tests.factories.billing import make_invoice, make_payment
from tests.factories.customers import make_customer
from tests.factories.tenants import TenantWithOwner, bearer, make_tenant, token_for
from tests.mail import outbox, parts, send
from tests.pdf import pdf_text
from tests.servers import SmtpServer, wait_until


@pytest.fixture
async def tenant(sessionmaker: async_sessionmaker[AsyncSession]) -> TenantWithOwner:
    return await make_tenant(sessionmaker)


async def _due_now(sessionmaker: async_sessionmaker[AsyncSession], tenant: TenantWithOwner) -> None:
    """As if the back-off had passed."""
    async with tenant_session(sessionmaker, tenant.id) as session:
        await session.execute(
            update(OutboxEmail).values(next_attempt_at=OutboxEmail.next_attempt_at - timedelta(days=1))
        )


class TestDelivery:
    async def test_invoice_created_carries_text_html_and_the_pdf(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        mail_settings: Settings,
        smtp_server: SmtpServer,
        store: ObjectStore,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        headers = bearer(token_for(settings, tenant.owner))
        brand = {"branding": {"legalName": "Acme Hosting Ltd", "email": "accounts@acme.example"}}
        assert (await client.patch("/api/tenant", json={"settings": brand}, headers=headers)).status_code == 200
        customer = await make_customer(sessionmaker, tenant.id, name="Ada <Lovelace>", email="ada@example.com")
        body = {"customerId": str(customer.id), "items": [{"description": "VPS", "unitPrice": "1234.50"}], "taxRate": 0}
        invoice = (await client.post("/api/invoices", json=body, headers=headers)).json()

        report = await send(sessionmaker, tenant.id, mail_settings, store)
        assert (report.sent, report.failed, report.retrying) == (1, 0, 0)
        [message] = smtp_server.mailbox.to("ada@example.com")
        assert smtp_server.mailbox.envelopes[0] == ("billing@mpanel.test", ["ada@example.com"])
        number = invoice["invoiceNumber"]
        assert message["Subject"] == f"Invoice {number} from Acme Hosting Ltd"
        assert message["From"] == "Acme Hosting Ltd <billing@mpanel.test>"
        assert message["Reply-To"] == "accounts@acme.example"
        text, html = parts(message)
        assert "Dear Ada <Lovelace>," in text
        assert "1,234.50 USD" in text
        assert f"https://panel.example.test/portal/invoices/{invoice['id']}" in text
        assert "Dear Ada &lt;Lovelace&gt;," in html  # the HTML part escapes every value
        assert f'href="https://panel.example.test/portal/invoices/{invoice["id"]}"' in html
        [attachment] = list(message.iter_attachments())
        assert attachment.get_filename() == f"{number}.pdf"
        pdf = pdf_text(attachment.get_content())
        assert number in pdf
        assert "Ada <Lovelace>" in pdf
        assert "Total 1,234.50 USD" in pdf
        [logged] = await outbox(sessionmaker, tenant.id)
        assert (logged.status, logged.subject, logged.attempts) == (EmailStatus.SENT, message["Subject"], 1)
        assert logged.message_id == message["Message-ID"]

    async def test_payment_received(
        self,
        mail_settings: Settings,
        smtp_server: SmtpServer,
        store: ObjectStore,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id, email="payer@example.com")
        invoice = await make_invoice(sessionmaker, tenant.id, customer.id, total="50.00")
        await make_payment(sessionmaker, tenant.id, invoice.id, "20.00")
        await send(sessionmaker, tenant.id, mail_settings, store)
        subjects = sorted(m["Subject"] for m in smtp_server.mailbox.to("payer@example.com"))
        assert subjects == [
            f"Invoice {invoice.number} from Hosting {tenant.slug}",
            f"Payment received for invoice {invoice.number}",
        ]
        paid = next(m for m in smtp_server.mailbox.messages if m["Subject"].startswith("Payment"))
        text, _ = parts(paid)
        assert "payment of 20.00 USD (bank transfer)" in text
        assert "The remaining balance is 30.00 USD." in text

    async def test_no_smtp_server_leaves_the_email_waiting_with_the_reason(
        self,
        settings: Settings,
        store: ObjectStore,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id)
        await make_invoice(sessionmaker, tenant.id, customer.id)
        await send(sessionmaker, tenant.id, settings, store)  # the test settings have no SMTP_URL
        [email] = await outbox(sessionmaker, tenant.id)
        assert (email.status, email.attempts, email.last_error) == (EmailStatus.QUEUED, 0, NO_SMTP)


class TestRetries:
    async def test_server_down_then_up(
        self,
        mail_settings: Settings,
        smtp_server: SmtpServer,
        store: ObjectStore,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id, email="later@example.com")
        await make_invoice(sessionmaker, tenant.id, customer.id)
        smtp_server.stop()
        report = await send(sessionmaker, tenant.id, mail_settings, store)
        assert report.retrying == 1
        [email] = await outbox(sessionmaker, tenant.id)
        assert (email.status, email.attempts) == (EmailStatus.QUEUED, 1)
        assert email.last_error
        assert email.next_attempt_at > email.created_at + timedelta(seconds=50)
        assert (await send(sessionmaker, tenant.id, mail_settings, store)).sent == 0  # not due yet
        smtp_server.start()
        await _due_now(sessionmaker, tenant)
        assert (await send(sessionmaker, tenant.id, mail_settings, store)).sent == 1
        [email] = await outbox(sessionmaker, tenant.id)
        assert (email.status, email.attempts, email.last_error) == (EmailStatus.SENT, 2, None)
        assert len(smtp_server.mailbox.to("later@example.com")) == 1

    async def test_temporary_refusals_are_retried_until_the_last_attempt(
        self,
        mail_settings: Settings,
        smtp_server: SmtpServer,
        store: ObjectStore,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id)
        await make_invoice(sessionmaker, tenant.id, customer.id)
        smtp_server.mailbox.fail_next = 100
        for _ in range(MAX_ATTEMPTS):
            await send(sessionmaker, tenant.id, mail_settings, store)
            await _due_now(sessionmaker, tenant)
        [email] = await outbox(sessionmaker, tenant.id)
        assert (email.status, email.attempts) == (EmailStatus.FAILED, MAX_ATTEMPTS)
        assert "451" in (email.last_error or "")

    async def test_a_permanent_refusal_fails_at_once(
        self,
        mail_settings: Settings,
        smtp_server: SmtpServer,
        store: ObjectStore,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id)
        await make_invoice(sessionmaker, tenant.id, customer.id)
        smtp_server.mailbox.fail_next, smtp_server.mailbox.fail_reply = 1, "554 5.7.1 rejected"
        assert (await send(sessionmaker, tenant.id, mail_settings, store)).failed == 1
        [email] = await outbox(sessionmaker, tenant.id)
        assert email.status is EmailStatus.FAILED
        assert "554" in (email.last_error or "")


def _quiet_other_tenants(database: DatabaseUrls) -> None:
    """Earlier tests in this database left e-mail of many tenants waiting: put it (and its send
    jobs) aside, as the owner, so this worker sends only what this test queues."""
    engine = create_engine(database.owner.set(drivername="postgresql+psycopg"))
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "update procrastinate_jobs set status = 'cancelled' where queue_name = 'email' and status = 'todo'"
                )
            )
            connection.execute(
                text(
                    "update email_outbox set next_attempt_at = now() + interval '1 day' "
                    "where status in ('queued', 'sending')"
                )
            )
    finally:
        engine.dispose()


class TestWorker:
    async def test_the_send_job_woken_by_the_event_delivers_it(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        mail_settings: Settings,
        smtp_server: SmtpServer,
        store: ObjectStore,
        database: DatabaseUrls,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id, email="worker@example.com")
        _quiet_other_tenants(database)
        runtime.settings, runtime.sessionmaker, runtime.store = mail_settings, sessionmaker, store
        async with worker_app(database) as app:
            worker = asyncio.create_task(
                app.run_worker_async(queues=["email"], concurrency=1, install_signal_handlers=False)
            )
            try:
                await make_invoice(sessionmaker, tenant.id, customer.id)
                await wait_until(lambda: smtp_server.mailbox.to("worker@example.com"), seconds=20)
            finally:
                worker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker
        [email] = await outbox(sessionmaker, tenant.id)
        assert email.status is EmailStatus.SENT
