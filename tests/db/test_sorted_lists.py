"""Server-side sorting of the staff lists: `sort=field` or `sort=-field`, validated, and stable
across pages because the cursor carries the sort key's value (db/pagination.py)."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, date, datetime
from typing import Any, Literal

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.billing.invoices.models import Invoice
from mpanel.db.pagination import sort_fields
from mpanel.db.session import tenant_session
from mpanel.domains.models import Domain
from mpanel.settings import Settings
from mpanel.users.models import Role, User
from tests.factories.billing import make_invoice, make_payment, make_subscription, make_tax_rule
from tests.factories.catalog import make_product, make_tld
from tests.factories.customers import make_customer
from tests.factories.domains import make_domain
from tests.factories.hosting import make_enrolled_server, make_zone
from tests.factories.tenants import bearer, make_tenant, make_user, token_for
from tests.test_route_rules import billing_ids


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


def by_key_then_id(items: list[dict[str, Any]], key: str, *, stand_in: Any = None) -> list[str]:
    """The ids in the order the API promises for `sort=key`: the key ascending (NULL as its stand-in),
    ties by id ascending."""
    return [i["id"] for i in sorted(items, key=lambda i: (stand_in if i[key] is None else i[key], i["id"]))]


def forged(field: str, tag: str, value: object) -> str:
    raw = json.dumps([field, tag, value, str(uuid.uuid4())]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class TestMoreSortedLists:
    async def test_users_by_last_sign_in_never_first_both_ways(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        made = [await make_user(sessionmaker, tenant.id, Role.SUPPORT) for _ in range(4)]
        at = datetime(2026, 3, 1, 12, tzinfo=UTC)
        async with tenant_session(sessionmaker, tenant.id) as session:
            for user, seen in zip(made, (at, None, at, datetime(2026, 1, 5, tzinfo=UTC)), strict=True):
                await session.execute(update(User).where(User.id == user.id).values(last_login_at=seen))
        headers = bearer(token_for(settings, tenant.owner))
        up = await walk(client, "/api/users", headers, sort="lastLoginAt")
        assert len(up) == 5  # the owner never signed in either
        assert [u["id"] for u in up] == by_key_then_id(up, "lastLoginAt", stand_in="")
        assert [u["lastLoginAt"] is None for u in up] == [True, True, False, False, False]
        assert up[-2]["lastLoginAt"] == up[-1]["lastLoginAt"]  # a tie, broken by id
        down = await walk(client, "/api/users", headers, sort="-lastLoginAt")
        assert [u["id"] for u in down] == [u["id"] for u in reversed(up)]
        by_email = await walk(client, "/api/users", headers, sort="email")
        assert [u["email"] for u in by_email] == sorted(u["email"] for u in up)

    async def test_domains_by_expiry_unregistered_last_both_ways(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        made = [await make_domain(sessionmaker, tenant.id, customer_id=customer.id) for _ in range(4)]
        days = (date(2027, 5, 1), None, date(2027, 2, 1), date(2027, 5, 1))
        async with tenant_session(sessionmaker, tenant.id) as session:
            for domain, day in zip(made, days, strict=True):
                # no expiry: still pending at the registrar (the table allows it only then)
                dates = {"expires_at": day} if day else {"status": "pending", "registered_at": None, "expires_at": None}
                await session.execute(update(Domain).where(Domain.id == domain.id).values(**dates))
        headers = bearer(token_for(settings, tenant.owner))
        soonest = await walk(client, "/api/domains", headers, sort="expiresAt")
        assert [d["expiresAt"] for d in soonest] == ["2027-02-01", "2027-05-01", "2027-05-01", None]
        assert [d["id"] for d in soonest] == by_key_then_id(soonest, "expiresAt", stand_in="9999-12-31")
        latest = await walk(client, "/api/domains", headers, sort="-expiresAt")
        assert [d["id"] for d in latest] == [d["id"] for d in reversed(soonest)]
        by_name = await walk(client, "/api/domains", headers, sort="-name")
        assert [d["name"] for d in by_name] == sorted((d["name"] for d in soonest), reverse=True)

    async def test_tax_rules_by_integer_priority_and_decimal_rate(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        for priority, rate in ((2, "19"), (0, "7.5"), (2, "20"), (1, "7.5"), (10, "0")):
            await make_tax_rule(sessionmaker, tenant.id, priority=priority, rate=rate)
        headers = bearer(token_for(settings, tenant.owner))
        by_priority = await walk(client, "/api/tax-rules", headers, sort="priority")
        assert [r["priority"] for r in by_priority] == [0, 1, 2, 2, 10]  # 10 after 2: compared as numbers
        assert [r["id"] for r in by_priority] == by_key_then_id(by_priority, "priority")
        down = await walk(client, "/api/tax-rules", headers, sort="-priority")
        assert [r["id"] for r in down] == [r["id"] for r in reversed(by_priority)]
        by_rate = await walk(client, "/api/tax-rules", headers, sort="-rate")
        assert [r["rate"] for r in by_rate] == ["20.00", "19.00", "7.50", "7.50", "0.00"]

    async def test_payments_by_amount_ties_by_id(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        invoice = await make_invoice(sessionmaker, tenant.id, customer.id, total="100.00")
        for amount in ("10.00", "5.00", "10.00", "9.99"):
            await make_payment(sessionmaker, tenant.id, invoice.id, amount)
        headers = bearer(token_for(settings, tenant.owner))
        smallest = await walk(client, "/api/payments", headers, sort="amount")
        assert [p["amount"] for p in smallest] == ["5.00", "9.99", "10.00", "10.00"]
        assert [p["id"] for p in smallest[2:]] == sorted(p["id"] for p in smallest[2:])
        largest = await walk(client, "/api/payments", headers, sort="-amount")
        assert [p["id"] for p in largest] == [p["id"] for p in reversed(smallest)]

    async def test_audit_log_oldest_first_is_the_default_reversed(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        for _ in range(3):
            await make_customer(sessionmaker, tenant.id)
        headers = bearer(token_for(settings, tenant.owner))
        newest = await walk(client, "/api/audit-logs", headers)
        assert len(newest) >= 4
        assert [e["id"] for e in await walk(client, "/api/audit-logs", headers, sort="-createdAt")] == [
            e["id"] for e in newest
        ]
        oldest = await walk(client, "/api/audit-logs", headers, sort="createdAt")
        assert [e["id"] for e in oldest] == [e["id"] for e in reversed(newest)]

    async def test_forged_sorted_cursors_are_422_not_500(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        await make_tax_rule(sessionmaker, tenant.id)
        headers = bearer(token_for(settings, tenant.owner))
        cases = [
            ("rate", forged("rate", "s", "abc")),  # a text where the key is a number
            ("rate", forged("rate", "n", "1e999999")),  # a number PostgreSQL cannot hold
            ("rate", forged("rate", "n", "NaN")),
            ("priority", forged("priority", "i", str(2**70))),  # beyond bigint
            ("priority", forged("priority", "i", 5)),  # not a string at all
            ("name", forged("name", "s", "a\x00b")),  # NUL
            ("name", forged("name", "s", "\ud800")),  # a lone surrogate
            ("createdAt", forged("createdAt", "t", "yesterday")),
            ("name", base64.urlsafe_b64encode(json.dumps(["name", "s", "x", 5]).encode()).decode()),  # no uuid
        ]
        for sort, cursor in cases:
            response = await client.get("/api/tax-rules", params={"sort": sort, "cursor": cursor}, headers=headers)
            assert response.status_code == 422, (sort, cursor, response.text)
            assert response.json()["error"]["code"] == "cursor_invalid"


class TestSortFields:
    def test_the_literal_must_name_every_mapped_field_both_ways(self) -> None:
        with pytest.raises(TypeError, match="does not match"):
            sort_fields(Literal["email", "-email"], {"email": User.email, "createdAt": User.created_at})
        with pytest.raises(TypeError, match="does not match"):
            sort_fields(Literal["email"], {"email": User.email})

    def test_a_nullable_column_needs_its_stand_in(self) -> None:
        with pytest.raises(TypeError, match="nullable"):
            sort_fields(Literal["lastLoginAt", "-lastLoginAt"], {"lastLoginAt": User.last_login_at})
        with pytest.raises(TypeError, match="not sortable"):
            sort_fields(Literal["email", "-email"], {"email": User.email}, name="")


def sortable_lists(app: FastAPI) -> dict[str, list[str]]:
    """Every GET operation of the OpenAPI document with a `sort` query parameter, and its values."""
    found: dict[str, list[str]] = {}
    for path, item in app.openapi()["paths"].items():
        for parameter in item.get("get", {}).get("parameters", []):
            if parameter["name"] == "sort" and parameter["in"] == "query":
                choices = parameter["schema"].get("anyOf", [parameter["schema"]])
                found[path] = [value for choice in choices for value in choice.get("enum", [])]
    return found


class TestEverySortableList:
    async def test_every_sort_value_pages_and_an_unknown_one_is_422(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        """Walks the OpenAPI document, so a new sortable list is covered the day it exists: each
        allowed value answers 200 and its cursor (two rows at least in every list) leads to a
        second page; a field the list does not sort by is a 422 in the error shape."""
        lists = sortable_lists(app)
        assert len(lists) >= 15, sorted(lists)
        tenant = await make_tenant(sessionmaker, platform_operator=True)
        headers = bearer(token_for(settings, tenant.owner))
        await make_user(sessionmaker, tenant.id, Role.SUPPORT)
        for _ in range(2):
            customer = await make_customer(sessionmaker, tenant.id)
            ids = await billing_ids(sessionmaker, tenant.id, customer.id)
            await make_domain(sessionmaker, tenant.id, customer_id=customer.id)
            await make_enrolled_server(sessionmaker, settings, tenant.id)
            await make_zone(sessionmaker, tenant.id, variables={"ip": "192.0.2.1"})
            refund = await client.post(
                f"/api/payments/{ids['payment_id']}/refund", json={"amount": "0.50", "reason": "walk"}, headers=headers
            )
            assert refund.status_code == 201, refund.text
        await make_tld(sessionmaker, tenant.id, "net")

        for path, values in sorted(lists.items()):
            assert "{" not in path, f"{path}: give this test an id for the sorted list under it"
            assert values, f"{path}: the sort parameter lists no values"
            for value in values:
                first = await client.get(path, params={"sort": value, "limit": 1}, headers=headers)
                assert first.status_code == 200, (path, value, first.text)
                cursor = first.json()["nextCursor"]
                assert cursor, f"{path}?sort={value}: seed a second row of this list in the test"
                second = await client.get(path, params={"sort": value, "limit": 1, "cursor": cursor}, headers=headers)
                assert second.status_code == 200, (path, value, second.text)
                assert second.json()["items"][0]["id"] != first.json()["items"][0]["id"]
            unknown = await client.get(path, params={"sort": "-noSuchField"}, headers=headers)
            assert unknown.status_code == 422, (path, unknown.text)
            error = unknown.json()["error"]
            assert error["code"] == "validation_failed"
            assert [d["field"] for d in error["details"]] == ["query.sort"], (path, error)
