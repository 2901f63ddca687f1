from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.settings import Settings
from mpanel.users.models import Role
from tests.factories.tenants import PASSWORD, bearer, make_tenant, make_user, token_for


class TestAuditLogs:
    async def test_staff_filter_and_page_their_own_tenants_trail(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant, other = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
        owner_headers = bearer(token_for(settings, tenant.owner))
        for i in range(3):
            await client.post(
                "/api/users",
                json={"email": f"s{i}@example.com", "role": "support", "password": PASSWORD},
                headers=owner_headers,
            )
        await client.post(
            "/api/users",
            json={"email": "o@example.com", "role": "admin", "password": PASSWORD},
            headers=bearer(token_for(settings, other.owner)),
        )
        support = await make_user(sessionmaker, tenant.id, Role.SUPPORT)
        headers = bearer(token_for(settings, support))

        everything = (await client.get("/api/audit-logs", params={"limit": 200}, headers=headers)).json()["items"]
        assert all(item["entityId"] != str(other.id) for item in everything)
        assert "o@example.com" not in str(everything)
        created = (
            await client.get(
                "/api/audit-logs", params={"action": "user.create", "actorId": str(tenant.owner.id)}, headers=headers
            )
        ).json()
        assert [i["after"]["email"] for i in created["items"]] == ["s2@example.com", "s1@example.com", "s0@example.com"]
        first = (
            await client.get("/api/audit-logs", params={"action": "user.create", "limit": 2}, headers=headers)
        ).json()
        second = (
            await client.get(
                "/api/audit-logs",
                params={"action": "user.create", "limit": 2, "cursor": first["nextCursor"]},
                headers=headers,
            )
        ).json()
        ids = [i["id"] for i in first["items"] + second["items"]]
        assert len(ids) == len(set(ids)) == 4  # 3 by the owner, and the owner made with the tenant
        entity = created["items"][0]["entityId"]
        by_entity = (
            await client.get("/api/audit-logs", params={"entityType": "users", "entityId": entity}, headers=headers)
        ).json()
        assert {i["entityId"] for i in by_entity["items"]} == {entity}

    async def test_bad_filters_get_422(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        for params in ({"from": "yesterday"}, {"actorId": "42"}, {"limit": 1000}):
            response = await client.get("/api/audit-logs", params=params, headers=headers)
            assert response.status_code == 422, params
