from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.settings import Settings
from tests.factories.tenants import bearer, make_tenant, token_for


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _claims(user_id: uuid.UUID, tenant_id: uuid.UUID, **overrides: object) -> dict[str, object]:
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "iss": "mpanel",
        "typ": "access",
        "sub": str(user_id),
        "tid": str(tenant_id),
        "role": "owner",
        "plat": False,
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    claims.update(overrides)
    return claims


class TestAccessTokens:
    async def test_a_valid_token_is_accepted(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        response = await client.get("/api/auth/me", headers=bearer(token_for(settings, tenant.owner)))
        assert response.status_code == 200

    async def test_a_tampered_token_is_refused(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        header, _payload, signature = token_for(settings, tenant.owner).split(".")
        forged_payload = _b64(
            {**_claims(tenant.owner.id, tenant.id), "role": "owner", "plat": True, "iat": 1, "exp": 4102444800}
        )
        response = await client.get("/api/auth/me", headers=bearer(f"{header}.{forged_payload}.{signature}"))
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "token_invalid"

    async def test_an_expired_token_is_refused(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        past = datetime.now(UTC) - timedelta(hours=1)
        token = jwt.encode(
            _claims(tenant.owner.id, tenant.id, iat=past, exp=past + timedelta(minutes=15)),
            settings.secret_key.get_secret_value(),
            algorithm="HS256",
        )
        assert (await client.get("/api/auth/me", headers=bearer(token))).status_code == 401

    async def test_alg_none_is_refused(
        self, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        claims = _claims(tenant.owner.id, tenant.id, iat=int(datetime.now(UTC).timestamp()), exp=4102444800)
        token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
        assert (await client.get("/api/auth/me", headers=bearer(token))).status_code == 401

    async def test_another_key_or_algorithm_is_refused(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        claims = _claims(tenant.owner.id, tenant.id)
        other_key = jwt.encode(claims, "another-secret-that-is-long-enough-000", algorithm="HS256")
        other_alg = jwt.encode(claims, settings.secret_key.get_secret_value(), algorithm="HS512")
        for token in (other_key, other_alg):
            assert (await client.get("/api/auth/me", headers=bearer(token))).status_code == 401

    async def test_a_refresh_token_is_not_an_access_token(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        token = jwt.encode(
            _claims(tenant.owner.id, tenant.id, typ="refresh"),
            settings.secret_key.get_secret_value(),
            algorithm="HS256",
        )
        assert (await client.get("/api/auth/me", headers=bearer(token))).status_code == 401

    @pytest.mark.parametrize("header", ["", "Bearer", "Basic dXNlcjpwdw==", "Bearer not.a.jwt"])
    async def test_missing_or_malformed_credentials_get_401(self, client: httpx.AsyncClient, header: str) -> None:
        response = await client.get("/api/auth/me", headers={"Authorization": header} if header else {})
        assert response.status_code == 401
        assert response.json()["error"]["message"]
