"""Fields with a fixed shape refuse bad input with a sentence a person can act on (not pydantic's
"String should match pattern '...'"), still as 422 validation_failed on the field."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.settings import Settings
from tests.factories.tenants import bearer, make_tenant, token_for


def field_message(response: httpx.Response, field: str) -> str:
    assert response.status_code == 422, response.text
    body: dict[str, Any] = response.json()["error"]
    assert body["code"] == "validation_failed"
    messages = [d["message"] for d in body["details"] if d["field"] == field]
    assert messages, body
    assert "should match pattern" not in messages[0]
    return str(messages[0])


class TestPlainFieldMessages:
    async def test_totp_slug_currency_smtp_host_and_stripe_keys(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        platform = await make_tenant(sessionmaker, platform_operator=True)
        headers = bearer(token_for(settings, platform.owner))

        login = await client.post(
            "/api/auth/login", json={"email": "a@b.example", "password": "x", "totpCode": "12 34"}
        )
        assert field_message(login, "totpCode") == "Enter the 6-digit code your authenticator app shows."
        verify = await client.post("/api/auth/totp/verify", json={"code": "abcdef"}, headers=headers)
        assert field_message(verify, "code") == "Enter the 6-digit code your authenticator app shows."

        tenant = {"name": "Acme", "ownerEmail": "boss@acme.example.com", "ownerPassword": "a long enough password"}
        slug = await client.post("/api/tenants", json={**tenant, "slug": "Acme_Hosting"}, headers=headers)
        assert field_message(slug, "slug").startswith("Use lowercase letters, digits and hyphens")
        currency = await client.post(
            "/api/tenants", json={**tenant, "slug": "acme-x", "defaultCurrency": "EURO"}, headers=headers
        )
        assert "ISO 4217" in field_message(currency, "defaultCurrency")

        smtp = {"host": "smtp example com", "port": 587, "fromAddress": "billing@acme.example.com"}
        host = await client.put("/api/email-settings", json=smtp, headers=headers)
        assert field_message(host, "host") == "A host name or IP address, like smtp.example.com."

        key = await client.put("/api/tenant/stripe", json={"secretKey": "sk_test_ab cd"}, headers=headers)
        assert field_message(key, "secretKey").startswith("Paste it as Stripe shows it")
        prefix = await client.put("/api/tenant/stripe", json={"secretKey": "pk_test_abcd"}, headers=headers)
        assert field_message(prefix, "secretKey") == "Must start with sk_test_ or sk_live_ or rk_test_ or rk_live_"
