from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.settings import Settings
from tests.factories.tenants import bearer, make_tenant, token_for


class TestTaxRuleRoutes:
    async def test_create_list_update_delete(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        created = await client.post(
            "/api/tax-rules",
            json={"name": "QST", "country": "ca", "region": "QC", "rate": "9.975", "level": 2, "compound": True},
            headers=headers,
        )
        assert created.status_code == 201, created.text
        rule = created.json()
        assert (rule["country"], rule["rate"], rule["level"], rule["compound"]) == ("CA", "9.975", 2, True)
        listed = (await client.get("/api/tax-rules", params={"country": "CA"}, headers=headers)).json()["items"]
        assert [r["id"] for r in listed] == [rule["id"]]
        patched = await client.patch(f"/api/tax-rules/{rule['id']}", json={"rate": 10}, headers=headers)
        assert patched.json()["rate"] == "10.00"
        assert (await client.delete(f"/api/tax-rules/{rule['id']}", headers=headers)).status_code == 204
        assert (await client.get(f"/api/tax-rules/{rule['id']}", headers=headers)).status_code == 404

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"name": "x", "country": "DE", "rate": 101}, "rate"),
            ({"name": "x", "country": "DE", "rate": -1}, "rate"),
            ({"name": "x", "country": "DE", "rate": "1.23456"}, "rate"),
            ({"name": "x", "country": "ZZ", "rate": 5}, "country"),
            ({"name": "x", "country": "DE", "rate": 5, "level": 3}, "level"),
            ({"name": "x", "country": "DE", "rate": 5, "compound": True}, "compound"),
            ({"name": "x", "country": "DE", "rate": 5, "postcodePattern": "1'; drop"}, "postcodePattern"),
        ],
    )
    async def test_bad_rules_are_refused(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        body: dict[str, object],
        field: str,
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        response = await client.post("/api/tax-rules", json=body, headers=bearer(token_for(settings, tenant.owner)))
        assert response.status_code == 422
        assert field in [d["field"] for d in response.json()["error"]["details"]]

    async def test_a_validators_message_reads_as_a_sentence(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        # The UI shows details[].message under the field: without Pydantic's "Value error, " prefix.
        tenant = await make_tenant(sessionmaker)
        body = {"name": "x", "country": "DE", "rate": 101}
        response = await client.post("/api/tax-rules", json=body, headers=bearer(token_for(settings, tenant.owner)))
        assert response.status_code == 422
        details = response.json()["error"]["details"]
        assert [(d["field"], d["message"]) for d in details] == [("rate", "A rate is a percentage between 0 and 100")]

    async def test_a_bad_postcode_pattern_says_what_it_may_hold(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        body = {"name": "x", "country": "DE", "rate": 5, "postcodePattern": "10115; drop"}
        message = "Use only letters, digits, spaces, * and -, like SW1*, 10115 or 90000-96199."
        for response in [
            await client.post("/api/tax-rules", json=body, headers=headers),
            await client.patch(f"/api/tax-rules/{uuid.uuid4()}", json={"postcodePattern": "a/b"}, headers=headers),
        ]:
            assert response.status_code == 422
            error = response.json()["error"]
            assert error["code"] == "validation_failed"
            assert [(d["field"], d["message"], d["type"]) for d in error["details"]] == [
                ("postcodePattern", message, "string_pattern_mismatch")
            ]
        good = {**body, "postcodePattern": "90000-96199"}
        assert (await client.post("/api/tax-rules", json=good, headers=headers)).status_code == 201
