"""Password reset by e-mail: always 202, a single-use short-lived link (token stored hashed),
sessions revoked, throttled; the e-mail goes through the outbox to a real SMTP server."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.app import create_app
from mpanel.auth.models import PasswordResetToken
from mpanel.db.session import tenant_session
from mpanel.db.urls import DatabaseUrls
from mpanel.settings import Settings
from mpanel.storage import ObjectStore
from tests.conftest import make_settings
from tests.factories.tenants import PASSWORD, TenantWithOwner, make_tenant
from tests.mail import outbox, parts, send
from tests.servers import SmtpServer

NEW_PASSWORD = "a brand new passphrase"
CONFIRM = "/api/auth/password-reset/confirm"


@pytest.fixture
async def tenant(sessionmaker: async_sessionmaker[AsyncSession]) -> TenantWithOwner:
    return await make_tenant(sessionmaker)


async def _reset_link(
    client: httpx.AsyncClient,
    email: str,
    sessionmaker: async_sessionmaker[AsyncSession],
    tenant: TenantWithOwner,
    settings: Settings,
    store: ObjectStore,
    smtp_server: SmtpServer,
) -> str:
    response = await client.post("/api/auth/password-reset", json={"email": email})
    assert response.status_code == 202
    await send(sessionmaker, tenant.id, settings, store)
    message = smtp_server.mailbox.to(email)[-1]
    assert message["Subject"] == f"Reset your Hosting {tenant.slug} password"
    text, html = parts(message)
    link = re.search(r"https://panel\.example\.test/reset-password\?token=(\S+)", text)
    assert link is not None, text
    assert link.group(0) in html
    return link.group(1)


class TestPasswordReset:
    async def test_the_emailed_link_sets_the_password_once_and_ends_sessions(
        self,
        client: httpx.AsyncClient,
        mail_settings: Settings,
        store: ObjectStore,
        smtp_server: SmtpServer,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        login = await client.post("/api/auth/login", json={"email": tenant.owner_email, "password": PASSWORD})
        refresh = login.json()["refreshToken"]
        token = await _reset_link(client, tenant.owner_email, sessionmaker, tenant, mail_settings, store, smtp_server)
        async with tenant_session(sessionmaker, tenant.id) as session:
            stored = await session.scalar(select(PasswordResetToken.token_hash))
        assert stored is not None
        assert token not in stored  # only the hash is kept
        [email] = await outbox(sessionmaker, tenant.id)
        assert email.secret is None  # the outbox forgets the token once sent

        body = {"token": token, "newPassword": NEW_PASSWORD}
        assert (await client.post(CONFIRM, json=body)).status_code == 204
        again = await client.post(CONFIRM, json=body)
        assert (again.status_code, again.json()["error"]["code"]) == (422, "reset_token_invalid")
        assert again.json()["error"]["details"][0]["field"] == "token"
        old = await client.post("/api/auth/login", json={"email": tenant.owner_email, "password": PASSWORD})
        assert old.status_code == 401
        new = await client.post("/api/auth/login", json={"email": tenant.owner_email, "password": NEW_PASSWORD})
        assert new.status_code == 200
        assert (await client.post("/api/auth/refresh", json={"refreshToken": refresh})).status_code == 401

    async def test_unknown_addresses_get_the_same_answer_and_no_email(
        self, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession], tenant: TenantWithOwner
    ) -> None:
        response = await client.post("/api/auth/password-reset", json={"email": "nobody@nowhere.example"})
        assert (response.status_code, response.content) == (202, b"")
        assert await outbox(sessionmaker, tenant.id) == []

    async def test_only_the_newest_link_works_and_links_expire(
        self,
        client: httpx.AsyncClient,
        mail_settings: Settings,
        store: ObjectStore,
        smtp_server: SmtpServer,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        email = tenant.owner_email
        first = await _reset_link(client, email, sessionmaker, tenant, mail_settings, store, smtp_server)
        second = await _reset_link(client, email, sessionmaker, tenant, mail_settings, store, smtp_server)
        stale = await client.post(CONFIRM, json={"token": first, "newPassword": NEW_PASSWORD})
        assert stale.status_code == 422
        async with tenant_session(sessionmaker, tenant.id) as session:
            past = PasswordResetToken.expires_at - timedelta(hours=1)
            await session.execute(update(PasswordResetToken).values(expires_at=past))
        late = await client.post(CONFIRM, json={"token": second, "newPassword": NEW_PASSWORD})
        assert late.status_code == 422

    @pytest.mark.parametrize("token", ["garbage-token", "00000000-0000-0000-0000-000000000000.nope"])
    async def test_forged_tokens_are_refused(self, client: httpx.AsyncClient, token: str) -> None:
        response = await client.post(CONFIRM, json={"token": token, "newPassword": NEW_PASSWORD})
        assert response.json()["error"]["code"] == "reset_token_invalid"

    async def test_a_short_password_is_refused(self, client: httpx.AsyncClient) -> None:
        response = await client.post(CONFIRM, json={"token": "x" * 20, "newPassword": "short"})
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["field"] == "newPassword"


@pytest.fixture
async def limited(database: DatabaseUrls) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(
        database.owner, PASSWORD_RESET_RATE_LIMIT_IP="4/hour", PASSWORD_RESET_RATE_LIMIT_ACCOUNT="2/hour"
    )
    application = create_app(settings, urls=database, run_worker=False)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("198.51.100.9", 1234))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


class TestThrottling:
    async def test_per_address_silently_and_per_ip_with_429(
        self, limited: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession], tenant: TenantWithOwner
    ) -> None:
        for _ in range(3):
            response = await limited.post("/api/auth/password-reset", json={"email": tenant.owner_email})
            assert response.status_code == 202
        assert len(await outbox(sessionmaker, tenant.id)) == 2  # the third was dropped silently
        refused = await limited.post("/api/auth/password-reset", json={"email": "other@example.com"})
        refused = await limited.post("/api/auth/password-reset", json={"email": "other@example.com"})
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 0
