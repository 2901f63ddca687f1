"""GET/PUT /api/email-templates (checked, per tenant), preview, reset, and the e-mail log."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.notifications.kinds import KINDS
from mpanel.settings import Settings
from mpanel.storage import ObjectStore
from mpanel.users.models import Role
from tests.factories.billing import make_invoice
from tests.factories.customers import make_customer
from tests.factories.tenants import TenantWithOwner, bearer, make_tenant, make_user, token_for
from tests.mail import outbox, parts, send
from tests.servers import SmtpServer

GOOD = {
    "subject": "Bill {{ invoice.number }} for {{ customer.name }}",
    "html": "<p>Hi {{ customer.name }}, pay {{ invoice.balance }} at <a href='{{ pay_url }}'>here</a></p>",
    "text": "Hi {{ customer.name }}, pay {{ invoice.balance }}: {{ pay_url }}",
}


@pytest.fixture
async def tenant(sessionmaker: async_sessionmaker[AsyncSession]) -> TenantWithOwner:
    return await make_tenant(sessionmaker)


@pytest.fixture
def headers(settings: Settings, tenant: TenantWithOwner) -> dict[str, str]:
    return bearer(token_for(settings, tenant.owner))


class TestTemplates:
    async def test_every_kind_is_listed_with_its_default_and_variables(
        self, client: httpx.AsyncClient, headers: dict[str, str]
    ) -> None:
        listed = (await client.get("/api/email-templates", headers=headers)).json()
        assert [t["kind"] for t in listed] == list(KINDS)
        created = next(t for t in listed if t["kind"] == "invoice.created")
        assert created["customized"] is False
        assert created["subject"] == "Invoice {{ invoice.number }} from {{ tenant.name }}"
        assert set(created["variables"]) == {"tenant", "portal_url", "customer", "invoice", "pay_url"}

    async def test_a_saved_template_is_used_for_the_next_email(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        mail_settings: Settings,
        smtp_server: SmtpServer,
        store: ObjectStore,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        saved = await client.put("/api/email-templates/invoice.created", json=GOOD, headers=headers)
        assert saved.status_code == 200, saved.text
        assert saved.json()["customized"] is True
        customer = await make_customer(sessionmaker, tenant.id, name="Bob <b>", email="bob@example.com")
        invoice = await make_invoice(sessionmaker, tenant.id, customer.id, total="9.50")
        await send(sessionmaker, tenant.id, mail_settings, store)
        [message] = smtp_server.mailbox.to("bob@example.com")
        assert message["Subject"] == f"Bill {invoice.number} for Bob <b>"
        text, html = parts(message)
        assert text.strip() == f"Hi Bob <b>, pay 9.50 USD: https://panel.example.test/portal/invoices/{invoice.id}"
        assert "Hi Bob &lt;b&gt;, pay 9.50 USD" in html

    @pytest.mark.parametrize(
        ("part", "source", "message"),
        [
            ("html", "<p>{{ secret_key }}</p>", "unknown variable secret_key"),
            ("text", "{{ invoice.nmber }}", "has no attribute 'nmber'"),
            ("subject", "{% if %}", "line 1"),
            ("text", "{{ invoice.__class__.__mro__ }}", "not allowed: access to attribute '__class__'"),
            ("subject", "{{ 'a' }}\n{{ 'b' }}", "one line"),
        ],
    )
    async def test_a_template_that_would_not_render_is_refused_naming_the_part(
        self, client: httpx.AsyncClient, headers: dict[str, str], part: str, source: str, message: str
    ) -> None:
        response = await client.put(
            "/api/email-templates/invoice.created", json={**GOOD, part: source}, headers=headers
        )
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["code"] == "email_template_invalid"
        [detail] = error["details"]
        assert detail["field"] == part
        assert message in detail["message"]

    async def test_unknown_kind_is_404_and_bad_bodies_422(
        self, client: httpx.AsyncClient, headers: dict[str, str]
    ) -> None:
        missing = await client.get("/api/email-templates/invoice.lost", headers=headers)
        assert (missing.status_code, missing.json()["error"]["code"]) == (404, "email_template_not_found")
        assert (await client.put("/api/email-templates/invoice.lost", json=GOOD, headers=headers)).status_code == 404
        empty = await client.put("/api/email-templates/invoice.created", json={**GOOD, "text": ""}, headers=headers)
        assert empty.status_code == 422
        extra = await client.put("/api/email-templates/invoice.created", json={**GOOD, "x": 1}, headers=headers)
        assert extra.status_code == 422

    async def test_templates_are_per_tenant_and_reset_to_the_default(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        headers: dict[str, str],
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        other = bearer(token_for(settings, (await make_tenant(sessionmaker)).owner))
        assert (
            await client.put("/api/email-templates/user.welcome", json=_welcome(), headers=headers)
        ).status_code == 200
        mine = (await client.get("/api/email-templates/user.welcome", headers=headers)).json()
        theirs = (await client.get("/api/email-templates/user.welcome", headers=other)).json()
        assert (mine["customized"], mine["subject"]) == (True, "Hello {{ user.name }}")
        assert (theirs["customized"], theirs["subject"]) == (False, "Welcome to {{ tenant.name }}")
        reset = await client.delete("/api/email-templates/user.welcome", headers=headers)
        assert (reset.json()["customized"], reset.json()["subject"]) == (False, "Welcome to {{ tenant.name }}")

    async def test_preview_renders_a_draft_with_samples_and_the_tenant_name(
        self, client: httpx.AsyncClient, headers: dict[str, str], tenant: TenantWithOwner
    ) -> None:
        response = await client.post("/api/email-templates/invoice.created/preview", json=GOOD, headers=headers)
        assert response.json()["subject"] == "Bill INV-2026-000042 for Ada Lovelace"
        saved = await client.post("/api/email-templates/invoice.created/preview", headers=headers)
        assert saved.json()["subject"] == f"Invoice INV-2026-000042 from Hosting {tenant.slug}"

    async def test_support_reads_but_cannot_change_them(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        support = bearer(token_for(settings, await make_user(sessionmaker, tenant.id, Role.SUPPORT)))
        assert (await client.get("/api/email-templates", headers=support)).status_code == 200
        assert (
            await client.put("/api/email-templates/user.welcome", json=_welcome(), headers=support)
        ).status_code == 403


def _welcome() -> dict[str, str]:
    return {"subject": "Hello {{ user.name }}", "html": "<p>{{ login_url }}</p>", "text": "{{ login_url }}"}


class TestEmailLog:
    async def test_lists_failed_emails_and_retries_them(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        mail_settings: Settings,
        smtp_server: SmtpServer,
        store: ObjectStore,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id, email="log@example.com")
        await make_invoice(sessionmaker, tenant.id, customer.id)
        smtp_server.mailbox.fail_next, smtp_server.mailbox.fail_reply = 1, "550 5.1.1 no such user"
        await send(sessionmaker, tenant.id, mail_settings, store)
        failed = (await client.get("/api/email-log?status=failed", headers=headers)).json()["items"]
        assert [(e["kind"], e["toAddress"], e["attempts"]) for e in failed] == [
            ("invoice.created", "log@example.com", 1)
        ]
        assert "550" in failed[0]["lastError"]
        retried = await client.post(f"/api/email-log/{failed[0]['id']}/retry", headers=headers)
        assert (retried.json()["status"], retried.json()["attempts"]) == ("queued", 0)
        await send(sessionmaker, tenant.id, mail_settings, store)
        sent = (await client.get(f"/api/email-log/{failed[0]['id']}", headers=headers)).json()
        assert sent["status"] == "sent"
        assert sent["subject"].startswith("Invoice ")
        again = await client.post(f"/api/email-log/{failed[0]['id']}/retry", headers=headers)
        assert (again.status_code, again.json()["error"]["code"]) == (409, "email_already_sent")
        assert (await client.get(f"/api/email-log/{uuid.uuid4()}", headers=headers)).status_code == 404
        by_address = (await client.get("/api/email-log?to=log@", headers=headers)).json()["items"]
        assert len(by_address) == 1
        assert len(await outbox(sessionmaker, tenant.id)) == 1
