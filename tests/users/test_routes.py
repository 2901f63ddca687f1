from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.audit.models import AuditLog
from mpanel.db.session import tenant_session
from mpanel.settings import Settings
from mpanel.users.models import Role
from tests.factories.tenants import PASSWORD, TenantWithOwner, bearer, make_tenant, make_user, token_for


async def _audit_actions(sessionmaker: async_sessionmaker[AsyncSession], tenant: TenantWithOwner) -> list[str]:
    async with tenant_session(sessionmaker, tenant.id) as session:
        return list((await session.scalars(select(AuditLog.action).order_by(AuditLog.created_at))).all())


class TestCreateUser:
    async def test_an_admin_creates_a_support_user_and_it_is_audited(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        admin = await make_user(sessionmaker, tenant.id, Role.ADMIN)
        response = await client.post(
            "/api/users",
            json={"email": "Help@Example.com", "name": "Help Desk", "role": "support", "password": PASSWORD},
            headers=bearer(token_for(settings, admin)),
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["email"], body["role"], body["isActive"]) == ("Help@example.com", "support", True)
        assert "password" not in str(body).lower()
        async with tenant_session(sessionmaker, tenant.id) as session:
            row = await session.scalar(
                select(AuditLog).where(AuditLog.action == "user.create", AuditLog.entity_id == body["id"])
            )
        assert row is not None
        assert row.actor_id == admin.id
        assert row.after is not None
        assert row.after["email"] == "Help@example.com"
        assert row.after["isActive"] is True
        assert not {"passwordHash", "totpSecret", "totpLastCounter"} & set(row.after)
        assert row.ip == "203.0.113.10"
        assert row.request_id

    async def test_a_duplicate_email_is_a_conflict_and_writes_nothing(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        before = await _audit_actions(sessionmaker, tenant)
        response = await client.post(
            "/api/users",
            json={"email": tenant.owner_email.upper(), "role": "admin", "password": PASSWORD},
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "user_email_taken"
        assert response.json()["error"]["details"][0]["field"] == "email"
        assert await _audit_actions(sessionmaker, tenant) == before

    async def test_only_an_owner_grants_owner(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        admin = await make_user(sessionmaker, tenant.id, Role.ADMIN)
        body = {"email": "boss@example.com", "role": "owner", "password": PASSWORD}
        by_admin = await client.post("/api/users", json=body, headers=bearer(token_for(settings, admin)))
        assert by_admin.status_code == 403
        assert by_admin.json()["error"]["code"] == "owner_required"
        by_owner = await client.post("/api/users", json=body, headers=bearer(token_for(settings, tenant.owner)))
        assert by_owner.status_code == 201

    async def test_client_users_are_not_created_here(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        response = await client.post(
            "/api/users",
            json={"email": "c@example.com", "role": "client", "password": PASSWORD},
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "client_user_via_customer"

    async def test_bad_input_is_refused_field_by_field(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        response = await client.post(
            "/api/users",
            json={"email": "not-an-email", "role": "wizard", "password": "short", "name": "x\u0000y"},
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert response.status_code == 422
        fields = {d["field"] for d in response.json()["error"]["details"]}
        assert fields == {"email", "role", "password", "name"}


class TestUpdateAndDelete:
    async def test_the_last_owner_cannot_be_demoted_or_deleted(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        other_owner = await make_user(sessionmaker, tenant.id, Role.OWNER)
        headers = bearer(token_for(settings, other_owner))
        path = f"/api/users/{tenant.owner.id}"
        assert (await client.patch(path, json={"role": "admin"}, headers=headers)).status_code == 200
        demote_self = await client.patch(f"/api/users/{other_owner.id}", json={"role": "admin"}, headers=headers)
        assert demote_self.status_code == 409
        second_admin = await make_user(sessionmaker, tenant.id, Role.ADMIN)
        # another admin cannot touch the remaining owner at all
        admin_headers = bearer(token_for(settings, second_admin))
        assert (await client.delete(f"/api/users/{other_owner.id}", headers=admin_headers)).status_code == 403

    async def test_deactivating_a_user_ends_their_sessions(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        support = await make_user(sessionmaker, tenant.id, Role.SUPPORT)
        refresh = (await client.post("/api/auth/login", json={"email": support.email, "password": PASSWORD})).json()[
            "refreshToken"
        ]
        client.cookies.clear()
        response = await client.patch(
            f"/api/users/{support.id}", json={"isActive": False}, headers=bearer(token_for(settings, tenant.owner))
        )
        assert response.status_code == 200
        assert response.json()["isActive"] is False
        assert (await client.post("/api/auth/refresh", json={"refreshToken": refresh})).status_code == 401
        assert "user.update" in await _audit_actions(sessionmaker, tenant)

    async def test_delete_removes_the_user_and_records_the_before_state(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        support = await make_user(sessionmaker, tenant.id, Role.SUPPORT)
        headers = bearer(token_for(settings, tenant.owner))
        assert (await client.delete(f"/api/users/{support.id}", headers=headers)).status_code == 204
        assert (await client.get(f"/api/users/{support.id}", headers=headers)).status_code == 404
        async with tenant_session(sessionmaker, tenant.id) as session:
            row = await session.scalar(select(AuditLog).where(AuditLog.action == "user.delete"))
        assert row is not None
        assert row.before is not None
        assert row.before["email"] == support.email

    async def test_nobody_deletes_themselves(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        response = await client.delete(
            f"/api/users/{tenant.owner.id}", headers=bearer(token_for(settings, tenant.owner))
        )
        assert response.status_code == 409


class TestListUsers:
    async def test_pages_filters_and_searches(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        for _ in range(4):
            await make_user(sessionmaker, tenant.id, Role.SUPPORT)
        await make_user(sessionmaker, tenant.id, Role.ADMIN, email="findme_100%@example.com")
        headers = bearer(token_for(settings, tenant.owner))
        seen: list[str] = []
        cursor = None
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (await client.get("/api/users", params=params, headers=headers)).json()
            seen += [u["id"] for u in page["items"]]
            cursor = page["nextCursor"]
            if not cursor:
                break
        assert len(seen) == len(set(seen)) == 6
        supports = (await client.get("/api/users", params={"role": "support"}, headers=headers)).json()["items"]
        assert len(supports) == 4
        found = (await client.get("/api/users", params={"q": "100%"}, headers=headers)).json()["items"]
        assert [u["email"] for u in found] == ["findme_100%@example.com"]
        assert (
            (await client.get("/api/users", params={"q": "_"}, headers=headers))
            .json()["items"][0]["email"]
            .startswith("findme_")
        )
        bad_cursor = await client.get("/api/users", params={"cursor": "!!!"}, headers=headers)
        assert bad_cursor.status_code == 422
        assert (await client.get("/api/users", params={"limit": 0}, headers=headers)).status_code == 422
