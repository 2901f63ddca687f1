from __future__ import annotations

import time

import httpx
import pyotp
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.models import RefreshToken
from mpanel.db.session import tenant_session
from mpanel.users.models import Role
from tests.factories.tenants import PASSWORD, bearer, make_tenant, make_user, unique_slug


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD, **extra: object) -> httpx.Response:
    return await client.post("/api/auth/login", json={"email": email, "password": password, **extra})


class TestLogin:
    async def test_returns_a_token_pair_that_opens_me(
        self, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        response = await login(client, tenant.owner_email)
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"accessToken", "refreshToken", "tokenType", "expiresIn"}
        assert body["tokenType"] == "bearer"
        assert body["expiresIn"] == 900
        assert "mpanel_refresh" in response.headers["set-cookie"]
        assert "HttpOnly" in response.headers["set-cookie"]
        me = await client.get("/api/auth/me", headers=bearer(body["accessToken"]))
        assert me.status_code == 200
        assert me.json()["email"] == tenant.owner_email
        assert me.json()["role"] == "owner"
        assert me.json()["tenantSlug"] == tenant.slug
        assert "users.write" in me.json()["permissions"]

    async def test_wrong_password_is_refused_and_audited(
        self, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        response = await login(client, tenant.owner_email, "wrong password")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_credentials"
        async with tenant_session(sessionmaker, tenant.id) as session:
            actions = (await session.scalars(text("select action from audit_logs"))).all()
        assert "auth.login_failed" in actions

    async def test_unknown_email_gets_the_same_answer(self, client: httpx.AsyncClient) -> None:
        response = await login(client, "nobody@example.com")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_credentials"

    async def test_account_is_locked_after_repeated_failures(
        self, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        codes = [(await login(client, tenant.owner_email, "nope")).status_code for _ in range(5)]
        assert codes == [401] * 5
        locked = await login(client, tenant.owner_email)  # even the right password
        assert locked.status_code == 429
        assert locked.json()["error"]["code"] == "rate_limited"
        assert 0 < int(locked.headers["Retry-After"]) <= 900

    async def test_a_deactivated_user_cannot_log_in(
        self, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        user = await make_user(sessionmaker, tenant.id, Role.ADMIN)
        async with tenant_session(sessionmaker, tenant.id) as session:
            await session.execute(text("update users set is_active = false where id = :id"), {"id": user.id})
        assert (await login(client, user.email)).status_code == 401

    async def test_an_email_in_two_tenants_needs_the_tenant(
        self, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        email = f"shared-{unique_slug()}@example.com"
        first, second = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
        await make_user(sessionmaker, first.id, Role.ADMIN, email=email)
        await make_user(sessionmaker, second.id, Role.SUPPORT, email=email)
        ambiguous = await login(client, email)
        assert ambiguous.status_code == 422
        assert ambiguous.json()["error"]["code"] == "tenant_required"
        chosen = await login(client, email, tenant=second.slug)
        assert chosen.status_code == 200
        me = await client.get("/api/auth/me", headers=bearer(chosen.json()["accessToken"]))
        assert (me.json()["tenantId"], me.json()["role"]) == (str(second.id), "support")

    @pytest.mark.parametrize(
        "body",
        [{}, {"email": "a@example.com"}, {"email": "a@example.com", "password": "x", "extra": 1}, {"email": 5}],
    )
    async def test_malformed_bodies_get_422(self, client: httpx.AsyncClient, body: dict[str, object]) -> None:
        response = await client.post("/api/auth/login", json=body)
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "validation_failed"


class TestLoginRateLimitPerIp:
    async def test_too_many_attempts_from_one_address_get_429(self, app_with_low_ip_limit: httpx.AsyncClient) -> None:
        codes = [
            (
                await app_with_low_ip_limit.post(
                    "/api/auth/login", json={"email": f"n{i}@example.com", "password": "x"}
                )
            ).status_code
            for i in range(4)
        ]
        assert codes == [401, 401, 401, 429]


class TestRefresh:
    async def test_rotates_and_reuse_revokes_the_family(
        self, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        first = (await login(client, tenant.owner_email)).json()["refreshToken"]
        client.cookies.clear()
        rotated = await client.post("/api/auth/refresh", json={"refreshToken": first})
        assert rotated.status_code == 200
        second = rotated.json()["refreshToken"]
        assert second != first
        reused = await client.post("/api/auth/refresh", json={"refreshToken": first})
        assert reused.status_code == 401
        assert reused.json()["error"]["code"] == "refresh_token_reused"
        # The thief's replay also ended the legitimate holder's session.
        after = await client.post("/api/auth/refresh", json={"refreshToken": second})
        assert after.status_code == 401
        async with tenant_session(sessionmaker, tenant.id) as session:
            tokens = (await session.scalars(select(RefreshToken))).all()
        assert tokens
        assert all(t.revoked_at is not None for t in tokens)

    async def test_the_cookie_is_accepted(
        self, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        await login(client, tenant.owner_email)
        response = await client.post("/api/auth/refresh")
        assert response.status_code == 200
        assert response.json()["accessToken"]

    @pytest.mark.parametrize("token", ["garbage", "not-a-uuid.secret", "00000000-0000-0000-0000-000000000000.x"])
    async def test_unknown_tokens_get_401(self, client: httpx.AsyncClient, token: str) -> None:
        response = await client.post("/api/auth/refresh", json={"refreshToken": token})
        assert response.status_code == 401

    async def test_logout_ends_the_session(
        self, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        token = (await login(client, tenant.owner_email)).json()["refreshToken"]
        client.cookies.clear()
        assert (await client.post("/api/auth/logout", json={"refreshToken": token})).status_code == 204
        assert (await client.post("/api/auth/refresh", json={"refreshToken": token})).status_code == 401


class TestPasswordChange:
    async def test_new_password_works_and_old_sessions_end(
        self, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        tokens = (await login(client, tenant.owner_email)).json()
        client.cookies.clear()
        wrong = await client.post(
            "/api/auth/password",
            json={"currentPassword": "nope", "newPassword": "a brand new secret"},
            headers=bearer(tokens["accessToken"]),
        )
        assert wrong.status_code == 422
        assert wrong.json()["error"]["details"][0]["field"] == "currentPassword"
        changed = await client.post(
            "/api/auth/password",
            json={"currentPassword": PASSWORD, "newPassword": "a brand new secret"},
            headers=bearer(tokens["accessToken"]),
        )
        assert changed.status_code == 200
        assert (
            await client.post("/api/auth/refresh", json={"refreshToken": tokens["refreshToken"]})
        ).status_code == 401
        assert (await login(client, tenant.owner_email)).status_code == 401
        assert (await login(client, tenant.owner_email, "a brand new secret")).status_code == 200

    async def test_too_short_password_is_refused(
        self, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        access = (await login(client, tenant.owner_email)).json()["accessToken"]
        response = await client.post(
            "/api/auth/password", json={"currentPassword": PASSWORD, "newPassword": "short"}, headers=bearer(access)
        )
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["field"] == "newPassword"


def _fresh_time_step() -> int:
    """The current 30-second TOTP step, waiting out the last seconds of a step so the test's
    codes stay inside the accepted window."""
    if 30 - time.time() % 30 < 5:
        time.sleep(30 - time.time() % 30 + 0.1)
    return int(time.time()) // 30


class TestTotp:
    async def test_enrol_verify_login_with_code_and_disable(
        self, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        access = (await login(client, tenant.owner_email)).json()["accessToken"]
        enrolment = (await client.post("/api/auth/totp/enroll", headers=bearer(access))).json()
        assert enrolment["otpauthUri"].startswith("otpauth://totp/")
        totp = pyotp.TOTP(enrolment["secret"])
        step = _fresh_time_step()
        wrong = totp.generate_otp(step + 5)
        assert (
            await client.post("/api/auth/totp/verify", json={"code": wrong}, headers=bearer(access))
        ).status_code == 401
        enabling = totp.generate_otp(step - 1)
        assert (
            await client.post("/api/auth/totp/verify", json={"code": enabling}, headers=bearer(access))
        ).status_code == 204

        needs_code = await login(client, tenant.owner_email)
        assert needs_code.status_code == 401
        assert needs_code.json()["error"]["code"] == "totp_required"
        replayed = await login(client, tenant.owner_email, totpCode=enabling)
        assert replayed.status_code == 401  # a code already used cannot be used again
        assert replayed.json()["error"]["code"] == "totp_invalid"
        with_code = await login(client, tenant.owner_email, totpCode=totp.generate_otp(step))
        assert with_code.status_code == 200
        access = with_code.json()["accessToken"]
        assert (await client.get("/api/auth/me", headers=bearer(access))).json()["totpEnabled"] is True

        replay = totp.generate_otp(step)
        assert (
            await client.post("/api/auth/totp/disable", json={"code": replay}, headers=bearer(access))
        ).status_code == 401
        malformed = await client.post("/api/auth/totp/disable", json={"code": "12345"}, headers=bearer(access))
        assert malformed.status_code == 422
        fresh = totp.generate_otp(step + 1)
        assert (
            await client.post("/api/auth/totp/disable", json={"code": fresh}, headers=bearer(access))
        ).status_code == 204
        assert (await login(client, tenant.owner_email)).status_code == 200
