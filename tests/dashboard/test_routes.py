from __future__ import annotations

from datetime import date

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.billing.invoices.models import Invoice
from mpanel.db.session import tenant_session
from mpanel.settings import Settings
from tests.factories.billing import make_invoice, make_payment, make_subscription
from tests.factories.catalog import make_product
from tests.factories.customers import make_customer
from tests.factories.tenants import bearer, make_tenant, token_for


class TestSearch:
    async def test_finds_customers_invoices_and_domains_of_this_tenant_only(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant, other = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
        mine = await make_customer(sessionmaker, tenant.id, name="Grace Hopper")
        await make_customer(sessionmaker, other.id, name="Grace Other")
        invoice = await make_invoice(sessionmaker, tenant.id, mine.id)
        headers = bearer(token_for(settings, tenant.owner))
        hits = (await client.get("/api/search", params={"q": "grace"}, headers=headers)).json()["items"]
        assert [(h["type"], h["title"]) for h in hits] == [("customer", "Grace Hopper")]
        assert invoice.number is not None
        by_number = (await client.get("/api/search", params={"q": invoice.number}, headers=headers)).json()["items"]
        assert [(h["type"], h["id"], h["subtitle"]) for h in by_number] == [
            ("invoice", str(invoice.id), "unpaid 10.00 USD")
        ]
        assert (await client.get("/api/search", params={"q": ""}, headers=headers)).status_code == 422


class TestDashboard:
    async def test_summary_and_suggestions_come_from_real_data(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        customer = await make_customer(sessionmaker, tenant.id, name="Newest")
        monthly = await make_product(sessionmaker, tenant.id, price="30.00")
        annual = await make_product(sessionmaker, tenant.id, name="Yearly", billingCycle="annual", price="120.00")
        await make_product(sessionmaker, tenant.id, name="Nobody buys this", price="1.00")
        await make_subscription(sessionmaker, tenant.id, customer.id, monthly.id, nextBillingDate="2099-01-01")
        await make_subscription(
            sessionmaker, tenant.id, customer.id, annual.id, billingCycle="annual", nextBillingDate="2099-01-01"
        )
        paid = await make_invoice(sessionmaker, tenant.id, customer.id, total="25.00")
        await make_payment(sessionmaker, tenant.id, paid.id, "25.00")
        late = await make_invoice(sessionmaker, tenant.id, customer.id, total="40.00")
        async with tenant_session(sessionmaker, tenant.id) as session:
            await session.execute(
                update(Invoice).where(Invoice.id == late.id).values(status="overdue", due_date=date(2020, 1, 1))
            )
        summary = (await client.get("/api/dashboard/summary", headers=headers)).json()
        assert summary["mrr"] == [{"currency": "USD", "amount": "40.00"}]  # 30 monthly + 120 / 12
        assert summary["activeSubscriptions"] == 2
        assert {s["status"]: s["count"] for s in summary["invoicesByStatus"]} == {"paid": 1, "overdue": 1}
        assert summary["overdue"] == [{"currency": "USD", "amount": "40.00"}]
        assert sum(float(r["amount"]) for r in summary["revenueByMonth"]) == 25.0
        assert summary["newestCustomers"][0]["name"] == "Newest"
        kinds = {
            s["kind"]: s["count"]
            for s in (await client.get("/api/dashboard/suggestions", headers=headers)).json()["items"]
        }
        assert kinds == {"chase_overdue": 1, "unsold_products": 1}
