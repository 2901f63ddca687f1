from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.principal import Principal
from mpanel.billing.invoices.models import Invoice
from mpanel.billing.payments.models import PaymentAttempt
from mpanel.billing.subscriptions.models import Subscription
from mpanel.core.time import utcnow
from mpanel.dashboard import service as dashboard
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
        assert [(h["type"], h["title"], h["status"]) for h in hits] == [("customer", "Grace Hopper", "active")]
        assert invoice.number is not None
        by_number = (await client.get("/api/search", params={"q": invoice.number}, headers=headers)).json()["items"]
        assert [(h["type"], h["id"], h["subtitle"]) for h in by_number] == [
            ("invoice", str(invoice.id), "unpaid 10.00 USD")
        ]
        # What the palette formats itself: the status for its label, the total as a decimal string.
        assert [(h["status"], h["total"], h["currency"]) for h in by_number] == [("unpaid", "10.00", "USD")]
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

    async def test_card_failed_suggestion_links_the_invoice_of_the_latest_failed_auto_charge(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant, other = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
        declined = await make_customer(sessionmaker, tenant.id, name="Declined Dora")
        sca = await make_customer(sessionmaker, tenant.id, name="Sca Sam")
        recovered = await make_customer(sessionmaker, tenant.id, name="Recovered Rita")
        portal_only = await make_customer(sessionmaker, tenant.id, name="Portal Pete")
        declined_invoice = await make_invoice(sessionmaker, tenant.id, declined.id)
        sca_invoice = await make_invoice(sessionmaker, tenant.id, sca.id)
        recovered_invoice = await make_invoice(sessionmaker, tenant.id, recovered.id)
        portal_invoice = await make_invoice(sessionmaker, tenant.id, portal_only.id)
        foreign = await make_customer(sessionmaker, other.id)
        foreign_invoice = await make_invoice(sessionmaker, other.id, foreign.id)
        base = datetime(2026, 11, 1, tzinfo=UTC)

        def attempt(
            invoice: Invoice, status: str, day: int, trigger: str = "billing_run", **extra: Any
        ) -> dict[str, Any]:
            return {
                "invoice_id": invoice.id,
                "customer_id": invoice.customer_id,
                "trigger": trigger,
                "status": status,
                "amount": Decimal("10.00"),
                "currency": "USD",
                "created_at": base + timedelta(days=day),
                **extra,
            }

        async with tenant_session(sessionmaker, tenant.id) as session:
            await session.execute(
                insert(PaymentAttempt),
                [
                    attempt(declined_invoice, "failed", 1, attempt_no=1, failure_message="Your card was declined."),
                    attempt(sca_invoice, "requires_action", 2, attempt_no=1),
                    attempt(recovered_invoice, "failed", 1, attempt_no=1),
                    attempt(recovered_invoice, "processing", 3, attempt_no=2),
                    attempt(portal_invoice, "failed", 1, trigger="portal"),
                ],
            )
        async with tenant_session(sessionmaker, other.id) as session:
            await session.execute(insert(PaymentAttempt), [attempt(foreign_invoice, "failed", 1, attempt_no=1)])
        headers = bearer(token_for(settings, tenant.owner))
        items = (await client.get("/api/dashboard/suggestions", headers=headers)).json()["items"]
        assert [(s["title"], s["detail"], s["link"]) for s in items if s["kind"] == "card_failed"] == [
            (
                "Card charge needs authentication: Sca Sam",
                f"Invoice {sca_invoice.number}",
                f"/invoices/{sca_invoice.id}",
            ),
            (
                "Card charge failed: Declined Dora",
                f"Invoice {declined_invoice.number}: Your card was declined.",
                f"/invoices/{declined_invoice.id}",
            ),
        ]
        await make_payment(sessionmaker, tenant.id, sca_invoice.id, "10.00")
        items = (await client.get("/api/dashboard/suggestions", headers=headers)).json()["items"]
        assert [s["link"] for s in items if s["kind"] == "card_failed"] == [f"/invoices/{declined_invoice.id}"]


class TestMrrTrend:
    async def test_month_end_mrr_from_subscription_start_cancel_and_suspension_dates(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        product = await make_product(sessionmaker, tenant.id, price="30.00")

        async def subscription(cycle: str, price: str, created: date, **values: Any) -> None:
            made = await make_subscription(sessionmaker, tenant.id, customer.id, product.id)
            async with tenant_session(sessionmaker, tenant.id) as session:
                await session.execute(
                    update(Subscription)
                    .where(Subscription.id == made.id)
                    .values(
                        billing_cycle=cycle,
                        price=Decimal(price),
                        created_at=datetime.combine(created, time(12), UTC),
                        **values,
                    )
                )

        await subscription("monthly", "30.00", date(2026, 1, 10))
        await subscription("annual", "120.00", date(2026, 4, 5))
        await subscription("annual", "100.00", date(2026, 5, 1))  # 8.3333 a month
        await subscription(
            "quarterly", "45.00", date(2026, 3, 1), status="cancelled", cancelled_at=datetime(2026, 5, 20, tzinfo=UTC)
        )
        await subscription(
            "monthly", "9.99", date(2026, 2, 1), status="suspended", suspended_at=datetime(2026, 6, 2, tzinfo=UTC)
        )
        await subscription("monthly", "50.00", date(2026, 1, 1), currency="EUR")  # not the tenant's currency
        await subscription("monthly", "7.00", date(2026, 7, 1))  # after today
        async with tenant_session(sessionmaker, tenant.id) as session:
            trend = await dashboard.mrr_trend(
                session, Principal.system(tenant.id), today=date(2026, 6, 15), months_back=4
            )
        assert trend.model_dump(mode="json", by_alias=True) == {
            "currency": "USD",
            "months": [
                {"month": "2026-03", "amount": "54.99"},  # 30 + 45/3 + 9.99
                {"month": "2026-04", "amount": "64.99"},  # + 120/12
                {"month": "2026-05", "amount": "58.32"},  # - 15 (cancelled) + 100/12
                {"month": "2026-06", "amount": "48.33"},  # - 9.99 (suspended)
            ],
        }

    async def test_api_ends_with_this_month_and_validates_the_range(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        product = await make_product(sessionmaker, tenant.id, price="30.00")
        await make_subscription(sessionmaker, tenant.id, customer.id, product.id)
        headers = bearer(token_for(settings, tenant.owner))
        body = (await client.get("/api/dashboard/mrr-trend", headers=headers)).json()
        assert body["currency"] == "USD"
        assert len(body["months"]) == 12
        assert body["months"][-1] == {"month": utcnow().strftime("%Y-%m"), "amount": "30.00"}
        assert [m["amount"] for m in body["months"][:-1]] == ["0.00"] * 11
        three = (await client.get("/api/dashboard/mrr-trend", params={"months": 36}, headers=headers)).json()
        assert len(three["months"]) == 36
        for bad in ("0", "37", "x"):
            response = await client.get("/api/dashboard/mrr-trend", params={"months": bad}, headers=headers)
            assert response.status_code == 422


class TestServersNearCapacity:
    async def test_a_node_at_80_percent_of_its_zone_capacity_is_suggested(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        from mpanel.hosting.servers.models import Server
        from tests.factories.hosting import make_enrolled_server, make_zone

        tenant = await make_tenant(sessionmaker)
        node = await make_enrolled_server(sessionmaker, settings, tenant.id)
        roomy = await make_enrolled_server(sessionmaker, settings, tenant.id)
        async with tenant_session(sessionmaker, tenant.id) as session:
            await session.execute(update(Server).where(Server.id == node.server.id).values(capacity={"zones": 5}))
            await session.execute(update(Server).where(Server.id == roomy.server.id).values(capacity={"zones": 50}))
        headers = bearer(token_for(settings, tenant.owner))

        async def near() -> list[dict[str, Any]]:
            items = (await client.get("/api/dashboard/suggestions", headers=headers)).json()["items"]
            return [s for s in items if s["kind"] == "server_near_capacity"]

        for _ in range(3):
            await make_zone(sessionmaker, tenant.id, serverId=str(node.server.id), variables={"ip": "192.0.2.1"})
        assert await near() == []  # 3 of 5: not yet
        await make_zone(sessionmaker, tenant.id, serverId=str(node.server.id))
        [suggestion] = await near()  # 4 of 5; the roomy node (0 of 50) is not listed
        assert suggestion["title"] == f"Server near capacity: {node.server.name}"
        assert suggestion["detail"] == "4 of 5 DNS zones"
        assert suggestion["link"] == f"/servers/{node.server.id}"
