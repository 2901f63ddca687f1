from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.principal import Principal
from mpanel.catalog.tlds import service as tlds
from mpanel.catalog.tlds.models import TldAction
from mpanel.db.session import tenant_session
from mpanel.settings import Settings
from tests.factories.catalog import make_tld
from tests.factories.domains import make_domain
from tests.factories.tenants import bearer, make_tenant, token_for


class TestCreateTld:
    async def test_a_tld_is_stored_lower_case_without_its_dot_with_its_prices(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        response = await client.post(
            "/api/tlds",
            json={
                "tld": ".COM",
                "redemptionFee": "80",
                "prices": [
                    {"action": "renew", "years": 1, "price": "14.99"},
                    {"action": "register", "years": 2, "price": 25},
                    {"action": "register", "years": 1, "price": "12.99"},
                    {"action": "transfer", "years": 1, "price": "11.99"},
                ],
            },
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["tld"], body["currency"], body["redemptionFee"], body["registrar"]) == (
            "com",
            "USD",
            "80.00",
            "manual",
        )
        assert [(p["action"], p["years"], p["price"]) for p in body["prices"]] == [
            ("register", 1, "12.99"),
            ("register", 2, "25.00"),
            ("renew", 1, "14.99"),
            ("transfer", 1, "11.99"),
        ]

    @pytest.mark.parametrize(
        ("given", "stored", "icann"),
        [
            ("com", "com", True),
            ("shop", "shop", True),
            (".de", "de", False),
            ("CO.UK", "co.uk", False),
            (".рф", "xn--p1ai", True),  # an IDN ccTLD looks generic: its row says otherwise (below)
        ],
    )
    async def test_the_icann_fee_applies_by_default_to_gtlds_not_to_cctlds(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        given: str,
        stored: str,
        icann: bool,
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        response = await client.post("/api/tlds", json={"tld": given}, headers=headers)
        assert response.status_code == 201, response.text
        assert (response.json()["tld"], response.json()["icannFeeApplies"]) == (stored, icann)
        changed = await client.patch(
            f"/api/tlds/{response.json()['id']}", json={"icannFeeApplies": not icann}, headers=headers
        )
        assert changed.json()["icannFeeApplies"] is (not icann)

    async def test_an_explicit_icann_flag_wins_over_the_default(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        response = await client.post(
            "/api/tlds", json={"tld": "io", "icannFeeApplies": True}, headers=bearer(token_for(settings, tenant.owner))
        )
        assert response.json()["icannFeeApplies"] is True

    async def test_bad_input_is_refused_and_nothing_is_written(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))

        def priced(*rows: dict[str, object]) -> dict[str, object]:
            return {"tld": "com", "prices": list(rows)}

        cases: list[tuple[dict[str, object], str]] = [
            (priced({"action": "register", "years": 0, "price": 10}), "prices.0.years"),
            (priced({"action": "register", "years": 11, "price": 10}), "prices.0.years"),
            (priced({"action": "register", "years": "2", "price": 10}), "prices.0.years"),
            (priced({"action": "register", "years": 1.5, "price": 10}), "prices.0.years"),
            (priced({"action": "register", "years": 1, "price": "-1"}), "prices.0.price"),
            (priced({"action": "restore", "years": 1, "price": 10}), "prices.0.action"),
            (
                priced({"action": "renew", "years": 1, "price": 10}, {"action": "renew", "years": 1, "price": 11}),
                "prices",
            ),
            ({"tld": "c_m"}, "tld"),
            ({"tld": "-com"}, "tld"),
            ({"tld": "123"}, "tld"),
            ({"tld": ""}, "tld"),
            ({"tld": "com", "redemptionFee": -5}, "redemptionFee"),
            ({"tld": "com", "currency": "EURO"}, "currency"),
            ({"tld": "com", "whois": True}, "whois"),
            ({"tld": "com", "registrar": "nosuch"}, "registrar"),
        ]
        for body, field in cases:
            response = await client.post("/api/tlds", json=body, headers=headers)
            assert response.status_code == 422, (body, response.text)
            assert field in [d["field"] for d in response.json()["error"]["details"]], (body, response.json())
        assert (await client.get("/api/tlds", headers=headers)).json()["items"] == []

    @pytest.mark.parametrize(
        ("tld", "message"),
        [
            ("qa-bad_tld", "A TLD may contain only letters, digits and hyphens."),
            (".shop!", "A TLD may contain only letters, digits and hyphens."),
            ("-com", "No part of a TLD may start or end with a hyphen."),
        ],
    )
    async def test_a_bad_tld_is_explained_in_plain_words(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        tld: str,
        message: str,
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        response = await client.post("/api/tlds", json={"tld": tld}, headers=bearer(token_for(settings, tenant.owner)))
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["code"] == "validation_failed"
        assert [(d["field"], d["message"]) for d in error["details"]] == [("tld", message)]

    async def test_a_tld_is_unique_per_tenant(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        first, second = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
        await make_tld(sessionmaker, first.id, "com")
        again = await client.post("/api/tlds", json={"tld": ".COM"}, headers=bearer(token_for(settings, first.owner)))
        assert again.status_code == 409
        assert again.json()["error"]["code"] == "tld_exists"
        elsewhere = await client.post(
            "/api/tlds", json={"tld": "com"}, headers=bearer(token_for(settings, second.owner))
        )
        assert elsewhere.status_code == 201


class TestUpdateAndDeleteTld:
    async def test_prices_are_replaced_as_a_whole(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        tld = await make_tld(sessionmaker, tenant.id, "net")
        response = await client.patch(
            f"/api/tlds/{tld.id}",
            json={
                "currency": "EUR",
                "prices": [
                    {"action": "register", "years": 1, "price": "9"},
                    {"action": "renew", "years": 1, "price": 9},
                ],
            },
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["currency"] == "EUR"
        assert [(p["action"], p["years"], p["price"]) for p in body["prices"]] == [
            ("register", 1, "9.00"),
            ("renew", 1, "9.00"),
        ]
        renamed = await client.patch(
            f"/api/tlds/{tld.id}", json={"tld": "org"}, headers=bearer(token_for(settings, tenant.owner))
        )
        assert renamed.status_code == 422

    async def test_a_tld_in_use_cannot_be_deleted_and_an_unused_one_can(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        domain = await make_domain(sessionmaker, tenant.id, name="in-use.com")
        used = (await client.get("/api/tlds", params={"q": ".com"}, headers=headers)).json()["items"][0]
        refused = await client.delete(f"/api/tlds/{used['id']}", headers=headers)
        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "tld_in_use"
        assert (await client.get(f"/api/domains/{domain.id}", headers=headers)).status_code == 200
        unused = await make_tld(sessionmaker, tenant.id, "org")
        assert (await client.delete(f"/api/tlds/{unused.id}", headers=headers)).status_code == 204
        assert (await client.get(f"/api/tlds/{unused.id}", headers=headers)).status_code == 404


class TestTldPrice:
    async def test_the_quote_is_the_price_for_that_action_and_number_of_years(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        await make_tld(sessionmaker, tenant.id, "com", currency="EUR")
        actor = Principal.system(tenant.id)
        async with tenant_session(sessionmaker, tenant.id) as session:
            quote = await tlds.tld_price(session, actor, "com", TldAction.REGISTER, 3)
            assert (quote.price, quote.currency) == (Decimal("36.00"), "EUR")
            with pytest.raises(tlds.TldPriceMissing):
                await tlds.tld_price(session, actor, "com", TldAction.TRANSFER, 2)
            with pytest.raises(tlds.TldUnknown):
                await tlds.tld_price(session, actor, "net", TldAction.REGISTER, 1)
