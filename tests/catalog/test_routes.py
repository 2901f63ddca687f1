from __future__ import annotations

import uuid
from decimal import Decimal

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.principal import Principal
from mpanel.billing.cycles import BillingCycle
from mpanel.catalog import service as catalog
from mpanel.core.errors import NotFound
from mpanel.db.session import tenant_session
from mpanel.settings import Settings
from mpanel.users.models import Role
from tests.factories.catalog import make_product
from tests.factories.customers import make_customer
from tests.factories.domains import make_client
from tests.factories.tenants import bearer, make_tenant, make_user, token_for

UNLIMITED = {"diskMb": None, "bandwidthGb": None, "sites": None, "mailboxes": None, "databases": None}


class TestCreateProduct:
    async def test_the_seed_shape_creates_one_price_for_its_cycle(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        response = await client.post(
            "/api/products",
            json={
                "name": "Starter Hosting",
                "type": "hosting",
                "billingCycle": "monthly",
                "price": 9.99,
                "description": "One site, 10 GB",
            },
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["name"], body["type"], body["status"], body["currency"]) == (
            "Starter Hosting",
            "hosting",
            "active",
            "USD",
        )
        assert (body["billingCycle"], body["price"], body["setupFee"]) == ("monthly", "9.99", "0.00")
        assert body["prices"] == [{"billingCycle": "monthly", "price": "9.99", "setupFee": "0.00"}]
        assert body["provisioningSpec"] == UNLIMITED

    async def test_the_full_shape_takes_a_price_per_cycle_a_setup_fee_and_plan_limits(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        response = await client.post(
            "/api/products",
            json={
                "name": "Business",
                "type": "hosting",
                "description": "",
                "status": "hidden",
                "currency": "eur",
                "billingCycle": "annual",
                "prices": [
                    {"billingCycle": "annual", "price": "99.00", "setupFee": "0"},
                    {"billingCycle": "monthly", "price": "9.50", "setupFee": "5"},
                    {"billingCycle": "triennial", "price": 249},
                ],
                "provisioningSpec": {"diskMb": 20480, "sites": 5, "mailboxes": None, "databases": 10},
            },
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["currency"], body["status"], body["billingCycle"], body["price"]) == (
            "EUR",
            "hidden",
            "annual",
            "99.00",
        )
        assert [(p["billingCycle"], p["price"], p["setupFee"]) for p in body["prices"]] == [
            ("monthly", "9.50", "5.00"),
            ("annual", "99.00", "0.00"),
            ("triennial", "249.00", "0.00"),
        ]
        assert body["provisioningSpec"] == {**UNLIMITED, "diskMb": 20480, "sites": 5, "databases": 10}

    async def test_non_hosting_products_have_no_provisioning_spec(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        response = await client.post(
            "/api/products",
            json={"name": "SSL", "type": "ssl", "billingCycle": "annual", "price": "49"},
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert response.status_code == 201, response.text
        assert response.json()["provisioningSpec"] is None

    async def test_bad_input_is_refused_and_nothing_is_written(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        seed = {"name": "x", "type": "hosting", "billingCycle": "monthly", "price": "5"}
        cases: list[tuple[dict[str, object], str]] = [
            ({**seed, "price": "-0.01"}, "price"),
            ({**seed, "setupFee": -1}, "setupFee"),
            ({**seed, "billingCycle": "weekly"}, "billingCycle"),
            ({**seed, "type": "vps"}, "type"),
            ({**seed, "colour": "red"}, "colour"),
            ({**seed, "name": ""}, "name"),
            ({**seed, "currency": "XYZ"}, "currency"),
            ({**seed, "price": "abc"}, "price"),
            ({**seed, "price": "1.00001"}, "price"),
            ({**seed, "provisioningSpec": {"diskMb": -1}}, "provisioningSpec.diskMb"),
            ({**seed, "provisioningSpec": {"diskMb": "10"}}, "provisioningSpec.diskMb"),
            ({**seed, "provisioningSpec": {"ram": 1}}, "provisioningSpec.ram"),
            ({**seed, "type": "domain", "provisioningSpec": {"sites": 1}}, "body"),
            ({"name": "x", "type": "hosting", "price": "5"}, "body"),
            ({"name": "x", "type": "hosting"}, "body"),
            ({**seed, "prices": [{"billingCycle": "monthly", "price": 5}]}, "body"),
            (
                {
                    "name": "x",
                    "type": "custom",
                    "prices": [{"billingCycle": "monthly", "price": 5}, {"billingCycle": "monthly", "price": 6}],
                },
                "prices",
            ),
            ({"name": "x", "type": "custom", "prices": [{"billingCycle": "one-time", "price": -5}]}, "prices.0.price"),
            ({"name": "x", "type": "custom", "prices": []}, "prices"),
            (
                {
                    "name": "x",
                    "type": "custom",
                    "billingCycle": "annual",
                    "prices": [{"billingCycle": "monthly", "price": 5}],
                },
                "body",
            ),
        ]
        for body, field in cases:
            response = await client.post("/api/products", json=body, headers=headers)
            assert response.status_code == 422, (body, response.text)
            assert field in [d["field"] for d in response.json()["error"]["details"]], (body, response.json())
        listed = (await client.get("/api/products", headers=headers)).json()
        assert listed["items"] == []


class TestListProducts:
    async def test_the_type_filter_returns_only_that_type(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        hosting = await make_product(sessionmaker, tenant.id, name="Starter")
        await make_product(sessionmaker, tenant.id, name="Mailbox", type="email")
        response = await client.get(
            "/api/products", params={"type": "hosting"}, headers=bearer(token_for(settings, tenant.owner))
        )
        assert response.status_code == 200
        assert [p["id"] for p in response.json()["items"]] == [str(hosting.id)]
        bad = await client.get(
            "/api/products", params={"type": "vps"}, headers=bearer(token_for(settings, tenant.owner))
        )
        assert bad.status_code == 422

    async def test_clients_see_only_active_products_and_staff_see_all(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        active = await make_product(sessionmaker, tenant.id, name="Active")
        hidden = await make_product(sessionmaker, tenant.id, name="Hidden", status="hidden")
        retired = await make_product(sessionmaker, tenant.id, name="Retired", status="retired")
        customer = await make_customer(sessionmaker, tenant.id)
        portal = bearer(token_for(settings, await make_client(sessionmaker, tenant.id, customer.id)))
        seen = (await client.get("/api/products", headers=portal)).json()["items"]
        assert [p["id"] for p in seen] == [str(active.id)]
        for product in (hidden, retired):
            assert (await client.get(f"/api/products/{product.id}", headers=portal)).status_code == 404
        asked = (await client.get("/api/products", params={"status": "hidden"}, headers=portal)).json()["items"]
        assert asked == []
        support = bearer(token_for(settings, await make_user(sessionmaker, tenant.id, Role.SUPPORT)))
        staff_seen = (await client.get("/api/products", headers=support)).json()["items"]
        assert {p["id"] for p in staff_seen} == {str(active.id), str(hidden.id), str(retired.id)}
        creating = await client.post(
            "/api/products", json={"name": "x", "type": "custom", "billingCycle": "monthly", "price": 1}, headers=portal
        )
        assert creating.status_code == 403


class TestUpdateProduct:
    async def test_prices_are_replaced_and_the_default_cycle_keeps_a_price(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        product = await make_product(sessionmaker, tenant.id)
        path = f"/api/products/{product.id}"
        replaced = await client.patch(
            path,
            json={
                "prices": [
                    {"billingCycle": "monthly", "price": "10.99", "setupFee": "20"},
                    {"billingCycle": "annual", "price": "109"},
                ]
            },
            headers=headers,
        )
        assert replaced.status_code == 200, replaced.text
        assert [(p["billingCycle"], p["price"]) for p in replaced.json()["prices"]] == [
            ("monthly", "10.99"),
            ("annual", "109.00"),
        ]
        assert (replaced.json()["price"], replaced.json()["setupFee"]) == ("10.99", "20.00")
        switched = await client.patch(path, json={"billingCycle": "annual", "price": "99"}, headers=headers)
        assert (switched.json()["billingCycle"], switched.json()["price"]) == ("annual", "99.00")
        refusals: list[dict[str, object]] = [
            {"billingCycle": "biennial"},
            {"prices": [{"billingCycle": "quarterly", "price": 25}]},
            {"name": None},
            {"type": "email"},
            {"price": -1},
            {"provisioningSpec": None},
        ]
        for body in refusals:
            response = await client.patch(path, json=body, headers=headers)
            assert response.status_code == 422, (body, response.text)
        after = (await client.get(path, headers=headers)).json()
        assert [(p["billingCycle"], p["price"]) for p in after["prices"]] == [("monthly", "10.99"), ("annual", "99.00")]
        limited = await client.patch(path, json={"provisioningSpec": {"sites": 3}}, headers=headers)
        assert limited.json()["provisioningSpec"] == {**UNLIMITED, "sites": 3}
        retired = await client.patch(path, json={"status": "retired"}, headers=headers)
        assert retired.json()["status"] == "retired"

    async def test_a_spec_cannot_be_added_to_a_non_hosting_product(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        product = await make_product(sessionmaker, tenant.id, type="domain")
        response = await client.patch(
            f"/api/products/{product.id}",
            json={"provisioningSpec": {"sites": 1}},
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["field"] == "provisioningSpec"


class TestPriceFor:
    async def test_active_and_hidden_products_are_priced_per_cycle_for_staff(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        product = await make_product(
            sessionmaker,
            tenant.id,
            status="hidden",
            currency="GBP",
            prices=[{"billingCycle": "monthly", "price": "5"}, {"billingCycle": "annual", "price": 50, "setupFee": 10}],
        )
        async with tenant_session(sessionmaker, tenant.id) as session:
            quote = await catalog.price_for(session, Principal.system(tenant.id), product.id, BillingCycle.ANNUAL)
        assert quote == (Decimal("50"), Decimal("10"), "GBP")

    async def test_retired_products_cannot_be_priced(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        tenant = await make_tenant(sessionmaker)
        product = await make_product(sessionmaker, tenant.id, status="retired")
        async with tenant_session(sessionmaker, tenant.id) as session:
            with pytest.raises(catalog.ProductRetired):
                await catalog.price_for(session, Principal.system(tenant.id), product.id, BillingCycle.MONTHLY)

    async def test_a_cycle_without_a_price_is_not_offered(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        tenant = await make_tenant(sessionmaker)
        product = await make_product(sessionmaker, tenant.id)
        async with tenant_session(sessionmaker, tenant.id) as session:
            with pytest.raises(catalog.ProductCycleNotOffered):
                await catalog.price_for(session, Principal.system(tenant.id), product.id, BillingCycle.ANNUAL)

    async def test_clients_cannot_price_hidden_products_nor_anyone_another_tenants(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant, other = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
        hidden = await make_product(sessionmaker, tenant.id, status="hidden")
        theirs = await make_product(sessionmaker, other.id)
        client = Principal.for_user(
            user_id=uuid.uuid4(),
            tenant_id=tenant.id,
            role=Role.CLIENT,
            email=None,
            is_platform_operator=False,
            customer_id=uuid.uuid4(),
        )
        async with tenant_session(sessionmaker, tenant.id) as session:
            with pytest.raises(NotFound):
                await catalog.price_for(session, client, hidden.id, BillingCycle.MONTHLY)
            with pytest.raises(NotFound):
                await catalog.price_for(session, Principal.system(tenant.id), theirs.id, BillingCycle.MONTHLY)
