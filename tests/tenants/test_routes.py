from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.settings import Settings
from tests.factories.tenants import PASSWORD, bearer, make_tenant, token_for, unique_slug


class TestPlatformTenants:
    async def test_an_operator_creates_a_tenant_whose_owner_can_log_in(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        platform = await make_tenant(sessionmaker, platform_operator=True)
        headers = bearer(token_for(settings, platform.owner))
        slug = unique_slug("acme")
        created = await client.post(
            "/api/tenants",
            json={
                "name": "Acme Hosting",
                "slug": slug,
                "defaultCurrency": "EUR",
                "ownerEmail": f"boss@{slug}.example.com",
                "ownerPassword": PASSWORD,
            },
            headers=headers,
        )
        assert created.status_code == 201, created.text
        tenant = created.json()
        assert (tenant["slug"], tenant["defaultCurrency"], tenant["status"]) == (slug, "EUR", "active")
        listed = (await client.get("/api/tenants", params={"limit": 200}, headers=headers)).json()
        assert tenant["id"] in [t["id"] for t in listed["items"]] or listed["nextCursor"]
        assert (await client.get(f"/api/tenants/{tenant['id']}", headers=headers)).json()["name"] == "Acme Hosting"
        login = await client.post("/api/auth/login", json={"email": f"boss@{slug}.example.com", "password": PASSWORD})
        assert login.status_code == 200
        me = (await client.get("/api/auth/me", headers=bearer(login.json()["accessToken"]))).json()
        assert (me["tenantId"], me["role"], me["isPlatformOperator"]) == (tenant["id"], "owner", False)

    async def test_slugs_are_unique_and_validated(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        platform = await make_tenant(sessionmaker, platform_operator=True)
        headers = bearer(token_for(settings, platform.owner))
        taken = await client.post(
            "/api/tenants",
            json={"name": "Copy", "slug": platform.slug, "ownerEmail": "x@example.com", "ownerPassword": PASSWORD},
            headers=headers,
        )
        assert taken.status_code == 409
        assert taken.json()["error"]["code"] == "tenant_slug_taken"
        for slug in ["UPPER", "-dash", "a" * 64, "sp ace"]:
            bad = await client.post(
                "/api/tenants",
                json={"name": "x", "slug": slug, "ownerEmail": "x@example.com", "ownerPassword": PASSWORD},
                headers=headers,
            )
            assert bad.status_code == 422, slug

    async def test_an_operator_can_suspend_a_tenant_and_its_users_cannot_log_in(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        platform = await make_tenant(sessionmaker, platform_operator=True)
        customer = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, platform.owner))
        response = await client.patch(f"/api/tenants/{customer.id}", json={"status": "suspended"}, headers=headers)
        assert response.status_code == 200
        assert response.json()["status"] == "suspended"
        login = await client.post("/api/auth/login", json={"email": customer.owner_email, "password": PASSWORD})
        assert login.status_code == 401

    async def test_an_operator_renames_and_reactivates_a_tenant(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        platform = await make_tenant(sessionmaker, platform_operator=True)
        other = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, platform.owner))
        url = f"/api/tenants/{other.id}"
        renamed = await client.patch(url, json={"name": "Renamed Co", "defaultCurrency": "EUR"}, headers=headers)
        assert (renamed.json()["name"], renamed.json()["defaultCurrency"]) == ("Renamed Co", "EUR")
        assert (await client.patch(url, json={"status": "suspended"}, headers=headers)).json()["status"] == "suspended"
        assert (await client.patch(url, json={"status": "active"}, headers=headers)).json()["status"] == "active"
        login = await client.post("/api/auth/login", json={"email": other.owner_email, "password": PASSWORD})
        assert login.status_code == 200
        bad = await client.patch(url, json={"name": "", "defaultCurrency": "euro"}, headers=headers)
        assert bad.status_code == 422
        assert {d["field"] for d in bad.json()["error"]["details"]} == {"name", "defaultCurrency"}

    async def test_an_operator_cannot_suspend_or_close_their_own_tenant(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        platform = await make_tenant(sessionmaker, platform_operator=True)
        headers = bearer(token_for(settings, platform.owner))
        url = f"/api/tenants/{platform.id}"
        name = (await client.get(url, headers=headers)).json()["name"]
        for status in ["suspended", "closed"]:
            refused = await client.patch(url, json={"status": status, "name": "Gone"}, headers=headers)
            assert refused.status_code == 409, refused.text
            error = refused.json()["error"]
            assert error["code"] == "tenant_own_status"
            assert [d["field"] for d in error["details"]] == ["status"]
        own = (await client.get(url, headers=headers)).json()
        assert (own["status"], own["name"]) == ("active", name)
        assert (await client.patch(url, json={"name": "Platform Co"}, headers=headers)).json()["name"] == "Platform Co"
        login = await client.post("/api/auth/login", json={"email": platform.owner_email, "password": PASSWORD})
        assert login.status_code == 200


class TestOwnTenant:
    async def test_an_owner_reads_and_updates_settings(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        updated = await client.patch(
            "/api/tenant",
            json={"name": "Renamed", "settings": {"invoiceFormat": "INV-{YYYY}-{seq:06}"}},
            headers=headers,
        )
        assert updated.status_code == 200
        merged = await client.patch("/api/tenant", json={"settings": {"other": 1}}, headers=headers)
        assert merged.json()["settings"] == {"invoiceFormat": "INV-{YYYY}-{seq:06}", "other": 1}
        assert (await client.get("/api/tenant", headers=headers)).json()["name"] == "Renamed"

    async def test_a_tenant_cannot_change_its_own_status(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        response = await client.patch(
            "/api/tenant", json={"status": "active"}, headers=bearer(token_for(settings, tenant.owner))
        )
        assert response.status_code == 422


class TestUnstorableText:
    async def test_nul_and_lone_surrogates_anywhere_in_settings_are_refused(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = {**bearer(token_for(settings, tenant.owner)), "content-type": "application/json"}
        for raw in ('{"settings": {"a": {"b": ["x\\u0000"]}}}', '{"settings": {"\\ud877": 1}}'):
            response = await client.patch("/api/tenant", content=raw.encode(), headers=headers)
            assert response.status_code == 422, raw
            assert response.json()["error"]["details"][0]["field"] == "settings"
