from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.billing.invoices.models import Invoice
from mpanel.core.time import utcnow
from mpanel.db.session import tenant_session
from mpanel.settings import Settings
from tests.factories.catalog import make_product
from tests.factories.customers import make_customer
from tests.factories.tenants import bearer, make_tenant, token_for


class TestSubscriptions:
    async def test_the_seed_shape_creates_an_active_subscription(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        customer = await make_customer(sessionmaker, tenant.id)
        product = await make_product(sessionmaker, tenant.id, price="30.00")
        body = {
            "customerId": str(customer.id),
            "productId": str(product.id),
            "billingCycle": "monthly",
            "price": 30,
            "nextBillingDate": "2026-05-01",
        }
        created = await client.post("/api/subscriptions", json=body, headers=headers)
        assert created.status_code == 201, created.text
        sub = created.json()
        assert (sub["status"], sub["price"], sub["nextBillingDate"], sub["billingCycle"]) == (
            "active",
            "30.00",
            "2026-05-01",
            "monthly",
        )
        listed = (
            await client.get("/api/subscriptions", params={"customerId": str(customer.id)}, headers=headers)
        ).json()
        assert [s["id"] for s in listed["items"]] == [sub["id"]]
        for bad, field in (
            ({"billingCycle": "one-time"}, "billingCycle"),
            ({"billingCycle": "fortnightly"}, "billingCycle"),
            ({"price": -1}, "price"),
            ({"nextBillingDate": "2026-13-01"}, "nextBillingDate"),
            ({"customerId": "00000000-0000-0000-0000-000000000000"}, "customerId"),
            ({"productId": "00000000-0000-0000-0000-000000000000"}, "productId"),
        ):
            response = await client.post("/api/subscriptions", json={**body, **bad}, headers=headers)
            assert response.status_code == 422, (bad, response.text)
            assert field in [d["field"] for d in response.json()["error"]["details"]]

    async def test_upgrade_mid_period_is_prorated_by_days(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        customer = await make_customer(sessionmaker, tenant.id)
        product = await make_product(sessionmaker, tenant.id, price="30.00")
        bigger = await make_product(sessionmaker, tenant.id, name="Pro", price="60.00")
        sub = (
            await client.post(
                "/api/subscriptions",
                json={
                    "customerId": str(customer.id),
                    "productId": str(product.id),
                    "billingCycle": "monthly",
                    "nextBillingDate": "2026-05-01",
                },
                headers=headers,
            )
        ).json()
        preview = await client.get(
            f"/api/subscriptions/{sub['id']}/proration-preview",
            params={"productId": str(bigger.id), "changeDate": "2026-04-11"},
            headers=headers,
        )
        assert preview.status_code == 200, preview.text
        p = preview.json()
        assert (p["periodStart"], p["periodEnd"], p["credit"], p["charge"], p["dueNow"]) == (
            "2026-04-01",
            "2026-05-01",
            "-20.00",
            "40.00",
            "20.00",
        )
        outside = await client.get(
            f"/api/subscriptions/{sub['id']}/proration-preview",
            params={"price": 60, "changeDate": "2026-05-02"},
            headers=headers,
        )
        assert outside.status_code == 422
        changed = await client.post(
            f"/api/subscriptions/{sub['id']}/change-plan",
            json={"productId": str(bigger.id), "changeDate": "2026-04-11"},
            headers=headers,
        )
        assert changed.status_code == 200, changed.text
        assert (changed.json()["price"], changed.json()["nextBillingDate"]) == ("60.00", "2026-05-01")
        # The service is now called after the new plan (the next invoices bill "Pro", not "Starter Hosting").
        assert (changed.json()["productId"], changed.json()["description"]) == (str(bigger.id), "Pro")
        async with tenant_session(sessionmaker, tenant.id) as session:
            invoice = await session.scalar(select(Invoice).where(Invoice.kind == "proration"))
        assert invoice is not None
        assert invoice.total == 20
        assert invoice.period_end.isoformat() == "2026-05-01"  # type: ignore[union-attr]

    async def test_cancel_at_period_end_or_now(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        customer = await make_customer(sessionmaker, tenant.id)
        product = await make_product(sessionmaker, tenant.id)
        body = {
            "customerId": str(customer.id),
            "productId": str(product.id),
            "billingCycle": "monthly",
            "nextBillingDate": "2026-05-01",
        }
        later = (await client.post("/api/subscriptions", json=body, headers=headers)).json()
        now = (await client.post("/api/subscriptions", json=body, headers=headers)).json()
        at_end = (
            await client.post(f"/api/subscriptions/{later['id']}/cancel", json={"atPeriodEnd": True}, headers=headers)
        ).json()
        assert (at_end["status"], at_end["cancelAtPeriodEnd"]) == ("active", True)
        immediate = (
            await client.post(f"/api/subscriptions/{now['id']}/cancel", json={"atPeriodEnd": False}, headers=headers)
        ).json()
        assert immediate["status"] == "cancelled"
        again = await client.post(
            f"/api/subscriptions/{now['id']}/cancel", json={"atPeriodEnd": False}, headers=headers
        )
        assert again.status_code == 409
        suspended = (await client.post(f"/api/subscriptions/{later['id']}/suspend", headers=headers)).json()
        assert (suspended["status"], suspended["suspendReason"]) == ("suspended", "manual")
        back = (await client.post(f"/api/subscriptions/{later['id']}/unsuspend", headers=headers)).json()
        assert back["status"] == "active"

    async def test_a_plan_change_keeps_a_description_staff_gave(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        customer = await make_customer(sessionmaker, tenant.id)
        product = await make_product(sessionmaker, tenant.id, price="30.00")
        bigger = await make_product(sessionmaker, tenant.id, name="Pro", price="60.00")
        body = {
            "customerId": str(customer.id),
            "productId": str(product.id),
            "billingCycle": "monthly",
            "nextBillingDate": "2026-05-01",
            "description": "Hosting for shop.example.com",
        }
        sub = (await client.post("/api/subscriptions", json=body, headers=headers)).json()
        changed = await client.post(
            f"/api/subscriptions/{sub['id']}/change-plan",
            json={"productId": str(bigger.id), "changeDate": "2026-04-11"},
            headers=headers,
        )
        assert changed.status_code == 200, changed.text
        assert (changed.json()["productId"], changed.json()["description"]) == (
            str(bigger.id),
            "Hosting for shop.example.com",
        )

    async def test_a_change_on_the_billing_date_or_before_the_first_period_moves_no_money(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        """A subscription whose next billing date is today has not billed its new period yet, and
        one whose first billing date is months away has not begun: the plan changes with nothing
        due now, and the next invoice bills the new price."""
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        customer = await make_customer(sessionmaker, tenant.id)
        product = await make_product(sessionmaker, tenant.id, price="30.00")
        bigger = await make_product(sessionmaker, tenant.id, name="Pro", price="60.00")
        today = utcnow().date()
        for first_billing in (today, today + timedelta(days=70)):
            body = {
                "customerId": str(customer.id),
                "productId": str(product.id),
                "billingCycle": "monthly",
                "nextBillingDate": first_billing.isoformat(),
            }
            sub = (await client.post("/api/subscriptions", json=body, headers=headers)).json()
            preview = await client.get(
                f"/api/subscriptions/{sub['id']}/proration-preview",
                params={"productId": str(bigger.id)},
                headers=headers,
            )
            assert preview.status_code == 200, preview.text
            assert (preview.json()["dueNow"], preview.json()["daysLeft"]) == ("0.00", 0)
            backdated = await client.get(
                f"/api/subscriptions/{sub['id']}/proration-preview",
                params={"productId": str(bigger.id), "changeDate": (today - timedelta(days=400)).isoformat()},
                headers=headers,
            )
            assert backdated.status_code == 422
            assert backdated.json()["error"]["details"][0]["field"] == "changeDate"
            changed = await client.post(
                f"/api/subscriptions/{sub['id']}/change-plan", json={"productId": str(bigger.id)}, headers=headers
            )
            assert changed.status_code == 200, changed.text
            assert (changed.json()["price"], changed.json()["nextBillingDate"]) == ("60.00", first_billing.isoformat())
        async with tenant_session(sessionmaker, tenant.id) as session:
            assert await session.scalar(select(Invoice).where(Invoice.kind == "proration")) is None
