"""Server-side sorting of the staff lists: `sort=field` or `sort=-field`, validated, and stable
across pages because the cursor carries the sort key's value (db/pagination.py)."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.billing.invoices.models import Invoice
from mpanel.db.session import tenant_session
from mpanel.settings import Settings
from tests.factories.billing import make_invoice, make_subscription
from tests.factories.catalog import make_product
from tests.factories.customers import make_customer
from tests.factories.tenants import bearer, make_tenant, token_for


async def walk(client: httpx.AsyncClient, path: str, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    """Every item of a list, two per page, following the cursors."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        query = {**params, "limit": 2, **({"cursor": cursor} if cursor else {})}
        response = await client.get(path, params=query, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        cursor = body["nextCursor"]
        if cursor is None:
            return items


class TestSortedLists:
    async def test_customers_by_name_both_ways_through_pages(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        for name in ("Carol", "Alice", "Bob", "Bob", "Dave"):
            await make_customer(sessionmaker, tenant.id, name=name)
        headers = bearer(token_for(settings, tenant.owner))
        up = await walk(client, "/api/customers", headers, sort="name")
        assert [c["name"] for c in up] == ["Alice", "Bob", "Bob", "Carol", "Dave"]
        assert len({c["id"] for c in up}) == 5
        down = await walk(client, "/api/customers", headers, sort="-name")
        assert [c["id"] for c in down] == [c["id"] for c in reversed(up)]
        oldest = await walk(client, "/api/customers", headers, sort="createdAt")
        newest = await walk(client, "/api/customers", headers)
        assert [c["id"] for c in oldest] == [c["id"] for c in reversed(newest)]

    async def test_invoices_by_total_due_date_and_number_with_drafts(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        made = [
            await make_invoice(sessionmaker, tenant.id, customer.id, total=t)
            for t in ("30.00", "9.50", "30.00", "100.00")
        ]
        async with tenant_session(sessionmaker, tenant.id) as session:
            await session.execute(update(Invoice).where(Invoice.id == made[1].id).values(number=None, status="draft"))
        headers = bearer(token_for(settings, tenant.owner))
        by_total = await walk(client, "/api/invoices", headers, sort="-total")
        assert [i["total"] for i in by_total] == ["100.00", "30.00", "30.00", "9.50"]
        assert [i["id"] for i in by_total[1:3]] == sorted((str(made[0].id), str(made[2].id)), reverse=True)
        by_number = await walk(client, "/api/invoices", headers, sort="number")
        numbered = sorted(str(i.number) for i in (made[0], made[2], made[3]))
        assert [i["invoiceNumber"] for i in by_number] == [None, *numbered]
        by_due = await walk(client, "/api/invoices", headers, sort="dueDate")
        assert [i["dueDate"] for i in by_due] == sorted(i["dueDate"] for i in by_due)
        assert len(by_due) == 4

    async def test_subscriptions_by_next_billing_date(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        product = await make_product(sessionmaker, tenant.id)
        for day in ("2026-05-01", "2026-03-01", "2026-04-01", "2026-03-01", "2026-01-01"):
            await make_subscription(sessionmaker, tenant.id, customer.id, product.id, nextBillingDate=day)
        headers = bearer(token_for(settings, tenant.owner))
        soonest = await walk(client, "/api/subscriptions", headers, sort="nextBillingDate")
        assert [s["nextBillingDate"] for s in soonest] == [
            "2026-01-01",
            "2026-03-01",
            "2026-03-01",
            "2026-04-01",
            "2026-05-01",
        ]
        latest = await walk(client, "/api/subscriptions", headers, sort="-nextBillingDate")
        assert [s["id"] for s in latest] == [s["id"] for s in reversed(soonest)]

    async def test_unknown_fields_and_foreign_cursors_are_422(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        for name in ("A", "B", "C"):
            await make_customer(sessionmaker, tenant.id, name=name)
        headers = bearer(token_for(settings, tenant.owner))
        for path, bad in (("/api/customers", "email"), ("/api/invoices", "-status"), ("/api/subscriptions", "price")):
            response = await client.get(path, params={"sort": bad}, headers=headers)
            assert response.status_code == 422, (path, response.text)
            assert response.json()["error"]["code"]
        by_name = (await client.get("/api/customers", params={"sort": "name", "limit": 1}, headers=headers)).json()
        reused = await client.get(
            "/api/customers", params={"sort": "-createdAt", "cursor": by_name["nextCursor"]}, headers=headers
        )
        assert reused.status_code == 422
        assert reused.json()["error"]["code"] == "cursor_invalid"
        plain = (await client.get("/api/customers", params={"limit": 1}, headers=headers)).json()
        mixed = await client.get(
            "/api/customers", params={"sort": "name", "cursor": plain["nextCursor"]}, headers=headers
        )
        assert mixed.status_code == 422
