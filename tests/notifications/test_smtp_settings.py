"""A tenant's own SMTP server: its password encrypted at rest and never shown; e-mails and the
test message go through it; other tenants keep the platform's server."""

from __future__ import annotations

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.db.session import tenant_session
from mpanel.settings import Settings
from mpanel.storage import ObjectStore
from tests.factories.billing import make_invoice
from tests.factories.customers import make_customer
from tests.factories.tenants import bearer, make_tenant, token_for
from tests.mail import send
from tests.servers import Mailbox, SmtpServer, free_port


class TestTenantSmtp:
    async def test_the_tenants_server_sends_and_its_password_stays_secret(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        mail_settings: Settings,
        smtp_server: SmtpServer,
        store: ObjectStore,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        own = SmtpServer("127.0.0.1", free_port(), Mailbox(), None)
        own.start()
        try:
            tenant, other = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
            headers = bearer(token_for(settings, tenant.owner))
            assert (await client.get("/api/email-settings", headers=headers)).status_code == 404
            body = {
                "host": own.host,
                "port": own.port,
                "password": "s3cret-pass",
                "fromAddress": "invoices@acme.example",
                "tls": "none",
            }
            saved = await client.put("/api/email-settings", json=body, headers=headers)
            assert saved.status_code == 200, saved.text
            assert saved.json()["passwordSet"] is True
            assert "s3cret" not in saved.text
            async with tenant_session(sessionmaker, tenant.id) as session:
                stored = await session.scalar(text("select password from smtp_settings"))
            assert stored is not None
            assert stored.startswith("v1:")
            assert "s3cret" not in stored

            tested = await client.post("/api/email-settings/test", json={"to": "me@acme.example"}, headers=headers)
            assert tested.status_code == 200, tested.text
            assert own.mailbox.envelopes[-1] == ("invoices@acme.example", ["me@acme.example"])

            for t in (tenant, other):
                customer = await make_customer(sessionmaker, t.id, email=f"c@{t.slug}.example")
                await make_invoice(sessionmaker, t.id, customer.id)
                await send(sessionmaker, t.id, mail_settings, store)
            assert len(own.mailbox.to(f"c@{tenant.slug}.example")) == 1
            assert len(smtp_server.mailbox.to(f"c@{other.slug}.example")) == 1
            assert smtp_server.mailbox.to(f"c@{tenant.slug}.example") == []

            kept = await client.put("/api/email-settings", json={**body, "password": None}, headers=headers)
            assert kept.json()["passwordSet"] is False
            assert (await client.delete("/api/email-settings", headers=headers)).status_code == 204
        finally:
            own.stop()

    async def test_a_server_that_refuses_is_a_clear_error(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        body = {"host": "127.0.0.1", "port": free_port(), "fromAddress": "a@b.example", "tls": "none"}
        assert (await client.put("/api/email-settings", json=body, headers=headers)).status_code == 200
        response = await client.post("/api/email-settings/test", json={"to": "me@b.example"}, headers=headers)
        assert (response.status_code, response.json()["error"]["code"]) == (409, "smtp_test_failed")
        bad = await client.put("/api/email-settings", json={**body, "port": 0, "host": "bad host"}, headers=headers)
        assert {d["field"] for d in bad.json()["error"]["details"]} == {"port", "host"}
