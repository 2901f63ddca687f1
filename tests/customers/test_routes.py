from __future__ import annotations

import asyncio
from decimal import Decimal

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.customers.models import CreditTransaction, Customer
from mpanel.db.session import tenant_session
from mpanel.settings import Settings
from mpanel.users.models import Role
from tests.factories.customers import make_customer
from tests.factories.tenants import PASSWORD, bearer, make_tenant, make_user, token_for


class TestCreateCustomer:
    async def test_a_company_with_a_vat_id_is_created_in_the_tenant_currency(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        response = await client.post(
            "/api/customers",
            json={
                "kind": "company",
                "name": "Grace Hopper",
                "companyName": "Cobol GmbH",
                "email": "grace@example.com",
                "country": "de",
                "region": "Berlin",
                "postcode": "10115",
                "vatId": "DE 136,695 976",
            },
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["country"], body["vatId"], body["currency"]) == ("DE", "DE136695976", "USD")
        assert body["creditBalance"] == "0.00"
        assert body["status"] == "active"

    async def test_bad_input_is_refused_and_nothing_is_written(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        cases = [
            ({"name": "x", "email": "x@example.com", "country": "XX"}, "country"),
            ({"name": "x", "email": "x@example.com", "country": "DE", "currency": "ABC"}, "currency"),
            ({"name": "x", "email": "nope", "country": "DE"}, "email"),
            ({"name": "", "email": "x@example.com", "country": "DE"}, "name"),
            ({"name": "x", "email": "x@example.com", "country": "DE", "vatId": "DE123"}, "vatId"),
        ]
        for body, field in cases:
            response = await client.post("/api/customers", json=body, headers=headers)
            assert response.status_code == 422, body
            assert field in [d["field"] for d in response.json()["error"]["details"]], response.json()
        company = await client.post(
            "/api/customers",
            json={"kind": "company", "name": "x", "email": "x@example.com", "country": "DE"},
            headers=headers,
        )
        assert company.status_code == 422
        listed = (await client.get("/api/customers", headers=headers)).json()
        assert listed["items"] == []

    async def test_the_email_is_unique_per_tenant_only(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        first, second = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
        body = {"name": "Same", "email": "same@example.com", "country": "FR"}
        assert (
            await client.post("/api/customers", json=body, headers=bearer(token_for(settings, first.owner)))
        ).status_code == 201
        again = await client.post(
            "/api/customers",
            json={**body, "email": "SAME@example.com"},
            headers=bearer(token_for(settings, first.owner)),
        )
        assert again.status_code == 409
        assert again.json()["error"]["details"][0]["field"] == "email"
        assert (
            await client.post("/api/customers", json=body, headers=bearer(token_for(settings, second.owner)))
        ).status_code == 201


class TestListAndUpdate:
    async def test_search_filter_and_update(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        await make_customer(sessionmaker, tenant.id, name="Alan Turing", country="GB")
        target = await make_customer(sessionmaker, tenant.id, name="Katherine Johnson", country="US")
        found = (await client.get("/api/customers", params={"q": "johnson"}, headers=headers)).json()["items"]
        assert [c["id"] for c in found] == [str(target.id)]
        by_country = (await client.get("/api/customers", params={"country": "gb"}, headers=headers)).json()["items"]
        assert [c["name"] for c in by_country] == ["Alan Turing"]
        updated = await client.patch(
            f"/api/customers/{target.id}",
            json={"taxExempt": True, "status": "inactive", "notes": "NASA"},
            headers=headers,
        )
        assert updated.status_code == 200
        assert (updated.json()["taxExempt"], updated.json()["status"]) == (True, "inactive")
        cleared = await client.patch(f"/api/customers/{target.id}", json={"name": None}, headers=headers)
        assert cleared.status_code == 422


class TestCredit:
    async def test_credit_is_a_ledger_that_never_goes_negative(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id, currency="EUR")
        headers = bearer(token_for(settings, tenant.owner))
        path = f"/api/customers/{customer.id}/credit"
        added = await client.post(path, json={"amount": "25.50", "note": "goodwill"}, headers=headers)
        assert added.status_code == 201, added.text
        assert added.json()["balanceAfter"] == "25.50"
        used = await client.post(path, json={"amount": -10, "note": "used"}, headers=headers)
        assert used.json()["balanceAfter"] == "15.50"
        too_much = await client.post(path, json={"amount": "-15.51", "note": "too much"}, headers=headers)
        assert too_much.status_code == 409
        assert too_much.json()["error"]["code"] == "credit_insufficient"
        for bad in ("abc", "1e400", 0, "NaN", "1.23456"):
            assert (await client.post(path, json={"amount": bad, "note": "x"}, headers=headers)).status_code == 422, bad
        history = (await client.get(path, headers=headers)).json()["items"]
        assert [h["amount"] for h in history] == ["-10.00", "25.50"]
        locked = await client.patch(f"/api/customers/{customer.id}", json={"currency": "USD"}, headers=headers)
        assert locked.status_code == 409
        detail = (await client.get(f"/api/customers/{customer.id}", headers=headers)).json()
        assert detail["creditBalance"] == "15.50"

    async def test_concurrent_debits_cannot_overdraw(
        self, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        from mpanel.auth.principal import Principal
        from mpanel.core.errors import Conflict
        from mpanel.customers import service as customers

        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        actor = Principal.system(tenant.id)
        async with tenant_session(sessionmaker, tenant.id) as session:
            await customers.adjust_credit(session, actor, customer.id, Decimal("10"), reason="manual")

        async def debit() -> bool:
            try:
                async with tenant_session(sessionmaker, tenant.id) as session:
                    await customers.adjust_credit(session, actor, customer.id, Decimal("-7"), reason="invoice")
                return True
            except Conflict:
                return False

        results = await asyncio.gather(*(debit() for _ in range(4)))
        assert sorted(results) == [False, False, False, True]
        async with tenant_session(sessionmaker, tenant.id) as session:
            balance = await session.scalar(select(Customer.credit_balance).where(Customer.id == customer.id))
            ledger = (await session.scalars(select(CreditTransaction.amount))).all()
        assert balance == Decimal("3")
        assert sum(ledger, Decimal(0)) == balance


class TestPortalUsers:
    async def test_a_client_sees_only_their_own_customer(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        mine = await make_customer(sessionmaker, tenant.id, name="Mine")
        other = await make_customer(sessionmaker, tenant.id, name="Other")
        created = await client.post(
            f"/api/customers/{mine.id}/users",
            json={"email": "portal@example.com", "password": PASSWORD},
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert created.status_code == 201, created.text
        assert (created.json()["role"], created.json()["customerId"]) == ("client", str(mine.id))
        login = await client.post("/api/auth/login", json={"email": "portal@example.com", "password": PASSWORD})
        headers = bearer(login.json()["accessToken"])
        listed = (await client.get("/api/customers", headers=headers)).json()["items"]
        assert [c["id"] for c in listed] == [str(mine.id)]
        assert (await client.get(f"/api/customers/{other.id}", headers=headers)).status_code == 404
        assert (await client.get(f"/api/customers/{mine.id}", headers=headers)).status_code == 200
        assert (await client.patch(f"/api/customers/{mine.id}", json={"name": "x"}, headers=headers)).status_code == 403

    async def test_support_staff_cannot_grant_credit(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        support = await make_user(sessionmaker, tenant.id, Role.SUPPORT)
        response = await client.post(
            f"/api/customers/{customer.id}/credit",
            json={"amount": 5, "note": "x"},
            headers=bearer(token_for(settings, support)),
        )
        assert response.status_code == 403
