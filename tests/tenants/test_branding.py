"""The tenant's branding (documents and e-mails) and its logo in object storage."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.settings import Settings
from mpanel.users.models import Role
from tests.factories.tenants import TenantWithOwner, bearer, make_tenant, make_user, token_for
from tests.pdf import png


@pytest.fixture
async def tenant(sessionmaker: async_sessionmaker[AsyncSession]) -> TenantWithOwner:
    return await make_tenant(sessionmaker)


@pytest.fixture
def headers(settings: Settings, tenant: TenantWithOwner) -> dict[str, str]:
    return bearer(token_for(settings, tenant.owner))


class TestBranding:
    async def test_branding_is_validated_field_by_field(
        self, client: httpx.AsyncClient, headers: dict[str, str]
    ) -> None:
        bad = {"branding": {"country": "XX", "email": "not-an-email", "taxId": "x" * 51}}
        response = await client.patch("/api/tenant", json={"settings": bad}, headers=headers)
        assert response.status_code == 422
        body = response.json()["error"]
        assert body["code"] == "branding_settings_invalid"
        fields = {d["field"] for d in body["details"]}
        assert fields == {"settings.branding.country", "settings.branding.email", "settings.branding.taxId"}

    async def test_branding_is_kept_and_the_logo_key_cannot_be_patched(
        self, client: httpx.AsyncClient, headers: dict[str, str]
    ) -> None:
        ok = await client.patch(
            "/api/tenant", json={"settings": {"branding": {"legalName": "Acme Ltd", "taxId": "GB123"}}}, headers=headers
        )
        assert ok.json()["settings"]["branding"] == {"legalName": "Acme Ltd", "taxId": "GB123"}
        refused = await client.patch("/api/tenant", json={"settings": {"logo": {"contentType": "x"}}}, headers=headers)
        assert refused.status_code == 422
        assert refused.json()["error"]["details"][0]["field"] == "settings.logo"


class TestLogo:
    async def test_upload_read_and_remove(self, client: httpx.AsyncClient, headers: dict[str, str]) -> None:
        assert (await client.get("/api/tenant/logo", headers=headers)).status_code == 404
        image = png()
        uploaded = await client.put("/api/tenant/logo", files={"file": ("l.png", image, "image/png")}, headers=headers)
        assert uploaded.status_code == 200
        assert uploaded.json()["settings"]["logo"] == {"contentType": "image/png", "version": 1}
        got = await client.get("/api/tenant/logo", headers=headers)
        assert (got.status_code, got.headers["content-type"], got.content) == (200, "image/png", image)
        removed = await client.delete("/api/tenant/logo", headers=headers)
        assert "logo" not in removed.json()["settings"]
        assert (await client.get("/api/tenant/logo", headers=headers)).status_code == 404
        assert (await client.delete("/api/tenant/logo", headers=headers)).status_code == 404

    @pytest.mark.parametrize(
        ("content", "message"),
        [(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "PNG or JPEG"), (b"\x89PNG\r\n\x1a\n" + bytes(600_000), "512")],
    )
    async def test_only_small_png_or_jpeg(
        self, client: httpx.AsyncClient, headers: dict[str, str], content: bytes, message: str
    ) -> None:
        response = await client.put("/api/tenant/logo", files={"file": ("x", content, "image/png")}, headers=headers)
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "logo_invalid"
        assert message in response.json()["error"]["message"]

    async def test_support_staff_cannot_change_it(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        support = await make_user(sessionmaker, tenant.id, Role.SUPPORT)
        response = await client.put(
            "/api/tenant/logo",
            files={"file": ("l.png", png(), "image/png")},
            headers=bearer(token_for(settings, support)),
        )
        assert response.status_code == 403
