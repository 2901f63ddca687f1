"""Invoices through the API: totals and taxes by rule, numbering, validation, status."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.principal import Principal
from mpanel.billing.invoices import service as invoices
from mpanel.billing.invoices.models import Invoice
from mpanel.billing.invoices.schemas import InvoiceCreate
from mpanel.db.session import tenant_session
from mpanel.settings import Settings
from tests.factories.billing import make_tax_rule
from tests.factories.customers import make_customer
from tests.factories.tenants import TenantWithOwner, bearer, make_tenant, token_for


async def _billing(client: httpx.AsyncClient, headers: dict[str, str], **billing: object) -> None:
    response = await client.patch("/api/tenant", json={"settings": {"billing": billing}}, headers=headers)
    assert response.status_code == 200, response.text


def _invoice(customer_id: object, *lines: tuple[str, str], **extra: object) -> dict[str, Any]:
    return {
        "customerId": str(customer_id),
        "items": [{"description": f"Line {i}", "quantity": q, "unitPrice": p} for i, (q, p) in enumerate(lines)],
        "dueDate": "2026-12-31",
        **extra,
    }


@pytest.fixture
async def tenant(sessionmaker: async_sessionmaker[AsyncSession]) -> TenantWithOwner:
    return await make_tenant(sessionmaker)


@pytest.fixture
def headers(settings: Settings, tenant: TenantWithOwner) -> dict[str, str]:
    return bearer(token_for(settings, tenant.owner))


class TestTaxVectors:
    """The worked vectors of the billing issue, through rules configured for the customer's place."""

    @pytest.mark.parametrize(
        ("subtotal", "rate1", "rate2", "compound", "taxes", "total"),
        [
            ("100.00", "10", "5", True, ["10.00", "5.50"], "115.50"),
            ("100.00", "10", "5", False, ["10.00", "5.00"], "115.00"),
            ("100.00", "10", "20", True, ["10.00", "22.00"], "132.00"),
            ("100.00", "10", "20", False, ["10.00", "20.00"], "130.00"),
            ("19.99", "5", "9.975", True, ["1.00", "2.09"], "23.08"),
            ("19.99", "5", "9.975", False, ["1.00", "1.99"], "22.98"),
            ("1.08", "5", "7.5", True, ["0.05", "0.08"], "1.21"),
        ],
    )
    async def test_two_level_taxes_by_rule(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
        subtotal: str,
        rate1: str,
        rate2: str,
        compound: bool,
        taxes: list[str],
        total: str,
    ) -> None:
        await make_tax_rule(sessionmaker, tenant.id, name="GST", country="CA", rate=rate1)
        await make_tax_rule(
            sessionmaker, tenant.id, name="QST", country="CA", region="QC", rate=rate2, level=2, compound=compound
        )
        await make_tax_rule(sessionmaker, tenant.id, name="Other", country="CA", region="ON", rate="13", level=2)
        customer = await make_customer(sessionmaker, tenant.id, country="CA", region="QC", currency="CAD")
        response = await client.post("/api/invoices", json=_invoice(customer.id, ("1", subtotal)), headers=headers)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["subtotal"] == subtotal
        assert [t["amount"] for t in body["taxes"]] == taxes
        assert [t["name"] for t in body["taxes"]] == ["GST", "QST"]
        assert body["total"] == total
        assert body["balance"] == total
        assert body["status"] == "unpaid"

    async def test_prices_including_tax_split_into_net_and_taxes(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        await _billing(client, headers, pricesIncludeTax=True)
        await make_tax_rule(sessionmaker, tenant.id, name="T1", country="CA", rate="10")
        await make_tax_rule(sessionmaker, tenant.id, name="T2", country="CA", rate="5", level=2, compound=True)
        customer = await make_customer(sessionmaker, tenant.id, country="CA")
        body = (await client.post("/api/invoices", json=_invoice(customer.id, ("1", "115.50")), headers=headers)).json()
        assert (body["subtotal"], [t["amount"] for t in body["taxes"]], body["total"]) == (
            "100.00",
            ["10.00", "5.50"],
            "115.50",
        )
        assert body["pricesIncludeTax"] is True

    async def test_tax_exempt_customers_pay_none(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        await make_tax_rule(sessionmaker, tenant.id, country="GB", rate="20")
        customer = await make_customer(sessionmaker, tenant.id, country="GB", taxExempt=True)
        body = (await client.post("/api/invoices", json=_invoice(customer.id, ("2", "10")), headers=headers)).json()
        assert (body["taxes"], body["total"]) == ([], "20.00")

    async def test_eu_business_in_another_country_is_reverse_charged(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        await _billing(client, headers, country="DE")
        await make_tax_rule(sessionmaker, tenant.id, country="DE", rate="19")
        await make_tax_rule(sessionmaker, tenant.id, country="FR", rate="20")
        business = await make_customer(
            sessionmaker, tenant.id, kind="company", companyName="SA", country="FR", vatId="FR40303265045"
        )
        consumer = await make_customer(sessionmaker, tenant.id, country="FR")
        b2b = (await client.post("/api/invoices", json=_invoice(business.id, ("1", "100")), headers=headers)).json()
        assert (b2b["taxes"], b2b["total"]) == ([], "100.00")
        assert "reverse charge" in b2b["taxNote"]
        assert "FR40303265045" in b2b["taxNote"]
        b2c = (await client.post("/api/invoices", json=_invoice(consumer.id, ("1", "100")), headers=headers)).json()
        assert b2c["total"] == "119.00"  # without OSS: the seller's country
        await _billing(client, headers, country="DE", ossEnabled=True)
        oss = (await client.post("/api/invoices", json=_invoice(consumer.id, ("1", "100")), headers=headers)).json()
        assert oss["total"] == "120.00"  # with OSS: the consumer's country

    async def test_tax_rate_in_the_request_overrides_the_rules(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        await make_tax_rule(sessionmaker, tenant.id, country="GB", rate="20")
        customer = await make_customer(sessionmaker, tenant.id, country="GB")
        body = (
            await client.post("/api/invoices", json=_invoice(customer.id, ("3", "9.99"), taxRate=8.25), headers=headers)
        ).json()
        assert (body["subtotal"], body["taxes"][0]["amount"], body["total"]) == ("29.97", "2.47", "32.44")

    async def test_non_taxable_lines_are_not_taxed(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id)
        data = _invoice(customer.id, ("1", "100"), taxRate="10")
        data["items"].append({"description": "Fee", "quantity": 1, "unitPrice": "50", "taxable": False})
        body = (await client.post("/api/invoices", json=data, headers=headers)).json()
        assert (body["subtotal"], body["taxTotal"], body["total"]) == ("150.00", "10.00", "160.00")


class TestNumbering:
    async def test_numbers_follow_the_tenant_format(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        await _billing(client, headers, invoiceNumberFormat="MP{YY}{MM}-{seq:04}")
        customer = await make_customer(sessionmaker, tenant.id)
        data = _invoice(customer.id, ("1", "5"), issueDate="2026-03-01", dueDate="2026-03-15")
        first = (await client.post("/api/invoices", json=data, headers=headers)).json()
        second = (await client.post("/api/invoices", json=data, headers=headers)).json()
        assert (first["invoiceNumber"], second["invoiceNumber"]) == ("MP2603-0001", "MP2603-0002")

    async def test_twenty_concurrent_creations_get_gapless_numbers(
        self, tenant: TenantWithOwner, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id)
        actor = Principal.system(tenant.id)
        data = InvoiceCreate.model_validate(_invoice(customer.id, ("1", "1"), issueDate="2026-05-05"))

        async def create_one(fail: bool) -> str | None:
            try:
                async with tenant_session(sessionmaker, tenant.id) as session:
                    invoice = await invoices.create(session, actor, data)
                    if fail:
                        raise RuntimeError("rolled back after taking a number")
                    return invoice.number
            except RuntimeError:
                return None

        numbers = await asyncio.gather(*(create_one(fail=i % 7 == 3) for i in range(20)))
        issued = sorted(n for n in numbers if n)
        assert issued == [f"INV-2026-{i:06d}" for i in range(1, len(issued) + 1)]
        assert len(issued) == 17

    async def test_a_given_number_must_be_unique(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id)
        data = _invoice(customer.id, ("1", "5"), invoiceNumber="LEGACY-42")
        assert (await client.post("/api/invoices", json=data, headers=headers)).json()["invoiceNumber"] == "LEGACY-42"
        again = await client.post("/api/invoices", json=data, headers=headers)
        assert again.status_code == 409
        assert again.json()["error"]["details"][0]["field"] == "invoiceNumber"

    async def test_a_bad_number_says_what_it_may_hold(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id)
        response = await client.post(
            "/api/invoices", json=_invoice(customer.id, ("1", "5"), invoiceNumber="bad number!"), headers=headers
        )
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == "validation_failed"
        assert [(d["field"], d["message"]) for d in error["details"]] == [
            ("invoiceNumber", "Use only letters, digits and . _ / - (no spaces).")
        ]


class TestBadInput:
    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"items": [{"description": "x", "quantity": -1, "unitPrice": 5}]}, "items.0.quantity"),
            ({"items": [{"description": "x", "quantity": 0, "unitPrice": 5}]}, "items.0.quantity"),
            ({"items": [{"description": "x", "quantity": 2, "unitPrice": 5, "amount": 9}]}, "items.0.amount"),
            ({"items": [{"description": "x", "quantity": 1, "unitPrice": "12,50"}]}, "items.0.unitPrice"),
            ({"items": [{"description": "x", "quantity": 1, "unitPrice": "Infinity"}]}, "items.0.unitPrice"),
            ({"items": []}, "items"),
            ({"dueDate": "2026-02-30"}, "dueDate"),
            ({"dueDate": "2020-01-01", "issueDate": "2026-01-01"}, "dueDate"),
            ({"currency": "JPY"}, "currency"),
            ({"taxRate": "abc"}, "taxRate"),
            ({"customerId": "00000000-0000-0000-0000-000000000000"}, "customerId"),
            ({"items": [{"description": "refund", "quantity": 1, "unitPrice": -5}]}, "items"),
        ],
    )
    async def test_is_refused_and_nothing_is_written(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
        change: dict[str, object],
        field: str,
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id, currency="EUR")
        response = await client.post(
            "/api/invoices", json={**_invoice(customer.id, ("1", "5")), **change}, headers=headers
        )
        assert response.status_code == 422, response.text
        assert field in [d["field"] for d in response.json()["error"]["details"]]
        async with tenant_session(sessionmaker, tenant.id) as session:
            assert (await session.scalars(select(Invoice))).all() == []

    async def test_another_tenants_customer_is_unknown(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        other = await make_tenant(sessionmaker)
        foreign = await make_customer(sessionmaker, other.id)
        response = await client.post("/api/invoices", json=_invoice(foreign.id, ("1", "5")), headers=headers)
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "customer_not_found"


class TestLifecycle:
    async def test_draft_issue_cancel(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id)
        draft = (
            await client.post("/api/invoices", json=_invoice(customer.id, ("1", "5"), draft=True), headers=headers)
        ).json()
        assert (draft["status"], draft["invoiceNumber"]) == ("draft", None)
        issued = (await client.post(f"/api/invoices/{draft['id']}/issue", headers=headers)).json()
        assert issued["status"] == "unpaid"
        assert issued["invoiceNumber"].startswith("INV-")
        again = await client.post(f"/api/invoices/{draft['id']}/issue", headers=headers)
        assert again.status_code == 409
        cancelled = (await client.post(f"/api/invoices/{draft['id']}/cancel", headers=headers)).json()
        assert cancelled["status"] == "cancelled"
        assert (await client.post(f"/api/invoices/{draft['id']}/cancel", headers=headers)).status_code == 409

    async def test_a_client_sees_only_their_issued_invoices(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        mine = await make_customer(sessionmaker, tenant.id)
        other = await make_customer(sessionmaker, tenant.id)
        own = (await client.post("/api/invoices", json=_invoice(mine.id, ("1", "5")), headers=headers)).json()
        await client.post("/api/invoices", json=_invoice(mine.id, ("1", "5"), draft=True), headers=headers)
        theirs = (await client.post("/api/invoices", json=_invoice(other.id, ("1", "5")), headers=headers)).json()
        await client.post(
            f"/api/customers/{mine.id}/users",
            json={"email": "me@example.com", "password": "long enough pw"},
            headers=headers,
        )
        login = await client.post("/api/auth/login", json={"email": "me@example.com", "password": "long enough pw"})
        client_headers = bearer(login.json()["accessToken"])
        listed = (await client.get("/api/invoices", headers=client_headers)).json()["items"]
        assert [i["id"] for i in listed] == [own["id"]]
        assert (await client.get(f"/api/invoices/{theirs['id']}", headers=client_headers)).status_code == 404
        assert (
            await client.post("/api/invoices", json=_invoice(mine.id, ("1", "5")), headers=client_headers)
        ).status_code == 403


class TestTotalsProperty:
    @pytest.mark.parametrize("seed", range(3))
    async def test_total_is_subtotal_plus_taxes_to_the_cent(
        self, tenant: TenantWithOwner, sessionmaker: async_sessionmaker[AsyncSession], seed: int
    ) -> None:
        import random

        rng = random.Random(seed)
        await make_tax_rule(sessionmaker, tenant.id, name="L1", country="CA", rate=str(rng.randint(0, 15000) / 1000))
        await make_tax_rule(
            sessionmaker,
            tenant.id,
            name="L2",
            country="CA",
            rate=str(rng.randint(0, 15000) / 1000),
            level=2,
            compound=bool(seed % 2),
        )
        customer = await make_customer(sessionmaker, tenant.id, country="CA")
        actor = Principal.system(tenant.id)
        async with tenant_session(sessionmaker, tenant.id) as session:
            for _ in range(15):
                lines = [
                    (str(rng.randint(1, 5)), f"{rng.randint(0, 99999)}.{rng.randint(0, 99):02d}")
                    for _ in range(rng.randint(1, 4))
                ]
                invoice = await invoices.create(
                    session, actor, InvoiceCreate.model_validate(_invoice(customer.id, *lines))
                )
                taxes = sum((t.amount for t in invoice.taxes), Decimal(0))
                assert invoice.total == invoice.subtotal + taxes
                assert invoice.tax_total == taxes
                assert invoice.subtotal == sum((i.amount for i in invoice.items), Decimal(0))
