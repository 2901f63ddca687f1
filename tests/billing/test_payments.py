"""Payments: partial, over (to account credit), with account credit, and refunds with credit notes."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.settings import Settings
from tests.factories.billing import make_invoice, make_payment
from tests.factories.customers import make_customer
from tests.factories.tenants import TenantWithOwner, bearer, make_tenant, token_for


@pytest.fixture
async def tenant(sessionmaker: async_sessionmaker[AsyncSession]) -> TenantWithOwner:
    return await make_tenant(sessionmaker)


@pytest.fixture
def headers(settings: Settings, tenant: TenantWithOwner) -> dict[str, str]:
    return bearer(token_for(settings, tenant.owner))


class TestRecordPayment:
    async def test_partial_then_full_then_overpayment_goes_to_credit(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id)
        invoice = await make_invoice(sessionmaker, tenant.id, customer.id, total="100.00")
        first = await client.post(
            "/api/payments", json={"invoiceId": str(invoice.id), "amount": "40", "method": "cash"}, headers=headers
        )
        assert first.status_code == 201, first.text
        after_first = (await client.get(f"/api/invoices/{invoice.id}", headers=headers)).json()
        assert (after_first["status"], after_first["amountPaid"], after_first["balance"]) == (
            "partially-paid",
            "40.00",
            "60.00",
        )
        second = await client.post(
            "/api/payments",
            json={"invoiceId": str(invoice.id), "amount": "75.00", "reference": "TX-9"},
            headers=headers,
        )
        assert second.json()["applied"] == "60.00"
        paid = (await client.get(f"/api/invoices/{invoice.id}", headers=headers)).json()
        assert (paid["status"], paid["balance"]) == ("paid", "0.00")
        assert paid["paidAt"]
        credit = (await client.get(f"/api/customers/{customer.id}", headers=headers)).json()["creditBalance"]
        assert credit == "15.00"
        closed = await client.post("/api/payments", json={"invoiceId": str(invoice.id), "amount": 1}, headers=headers)
        assert closed.status_code == 409
        assert closed.json()["error"]["code"] == "invoice_not_open"

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"amount": 0}, "amount"),
            ({"amount": -5}, "amount"),
            ({"amount": "ten"}, "amount"),
            ({"amount": 5, "currency": "EUR"}, "currency"),
            ({"amount": 5, "method": "bitcoin"}, "method"),
            ({"amount": 5, "method": "account_credit"}, "method"),
            ({"amount": 5, "invoiceId": "00000000-0000-0000-0000-000000000000"}, "invoiceId"),
        ],
    )
    async def test_bad_payments_are_refused_and_nothing_changes(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
        body: dict[str, object],
        field: str,
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id, currency="USD")
        invoice = await make_invoice(sessionmaker, tenant.id, customer.id)
        response = await client.post("/api/payments", json={"invoiceId": str(invoice.id), **body}, headers=headers)
        assert response.status_code == 422, response.text
        assert field in [d["field"] for d in response.json()["error"]["details"]]
        assert (await client.get("/api/payments", headers=headers)).json()["items"] == []


class TestApplyCredit:
    async def test_credit_pays_what_it_can(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id)
        await client.post(f"/api/customers/{customer.id}/credit", json={"amount": 30, "note": "promo"}, headers=headers)
        invoice = await make_invoice(sessionmaker, tenant.id, customer.id, total="50.00")
        too_much = await client.post(f"/api/invoices/{invoice.id}/apply-credit", json={"amount": 31}, headers=headers)
        assert too_much.status_code == 422
        applied = await client.post(f"/api/invoices/{invoice.id}/apply-credit", headers=headers)
        assert applied.status_code == 201, applied.text
        assert (applied.json()["amount"], applied.json()["method"]) == ("30.00", "account_credit")
        detail = (await client.get(f"/api/invoices/{invoice.id}", headers=headers)).json()
        assert (detail["status"], detail["balance"]) == ("partially-paid", "20.00")
        assert (await client.get(f"/api/customers/{customer.id}", headers=headers)).json()["creditBalance"] == "0.00"
        none_left = await client.post(f"/api/invoices/{invoice.id}/apply-credit", headers=headers)
        assert none_left.status_code == 409


class TestRefund:
    async def test_partial_then_full_refund_with_credit_notes(
        self,
        client: httpx.AsyncClient,
        headers: dict[str, str],
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        customer = await make_customer(sessionmaker, tenant.id)
        invoice = await make_invoice(sessionmaker, tenant.id, customer.id, total="80.00")
        payment = await make_payment(sessionmaker, tenant.id, invoice.id, "80.00")
        part = await client.post(
            f"/api/payments/{payment.id}/refund", json={"amount": "30", "reason": "downgrade"}, headers=headers
        )
        assert part.status_code == 201, part.text
        assert part.json()["creditNote"]["number"].startswith("CN-")
        assert part.json()["creditNote"]["amount"] == "30.00"
        detail = (await client.get(f"/api/invoices/{invoice.id}", headers=headers)).json()
        assert (detail["status"], detail["amountPaid"], detail["amountCredited"], detail["balance"]) == (
            "paid",
            "50.00",
            "30.00",
            "0.00",
        )
        too_much = await client.post(
            f"/api/payments/{payment.id}/refund", json={"amount": "50.01", "reason": "x"}, headers=headers
        )
        assert too_much.status_code == 409
        assert too_much.json()["error"]["message"] == "At most 50.00 of this payment can be refunded."
        assert too_much.json()["error"]["details"][0]["field"] == "amount"
        rest = await client.post(
            f"/api/payments/{payment.id}/refund",
            json={"reason": "cancelled service", "toAccountCredit": True},
            headers=headers,
        )
        assert rest.json()["amount"] == "50.00"
        refunded = (await client.get(f"/api/invoices/{invoice.id}", headers=headers)).json()
        assert refunded["status"] == "refunded"
        assert (await client.get(f"/api/payments/{payment.id}", headers=headers)).json()["status"] == "refunded"
        assert (await client.get(f"/api/customers/{customer.id}", headers=headers)).json()["creditBalance"] == "50.00"
        notes = (await client.get("/api/credit-notes", params={"invoiceId": str(invoice.id)}, headers=headers)).json()[
            "items"
        ]
        assert sorted(n["number"] for n in notes) == [
            f"CN-{notes[0]['number'][3:7]}-000001",
            f"CN-{notes[0]['number'][3:7]}-000002",
        ]
        nothing = await client.post(f"/api/payments/{payment.id}/refund", json={"reason": "again"}, headers=headers)
        assert nothing.status_code == 409

    async def test_support_cannot_refund(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        tenant: TenantWithOwner,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        from mpanel.users.models import Role
        from tests.factories.tenants import make_user

        customer = await make_customer(sessionmaker, tenant.id)
        invoice = await make_invoice(sessionmaker, tenant.id, customer.id)
        payment = await make_payment(sessionmaker, tenant.id, invoice.id, "10")
        support = await make_user(sessionmaker, tenant.id, Role.SUPPORT)
        response = await client.post(
            f"/api/payments/{payment.id}/refund", json={"reason": "x"}, headers=bearer(token_for(settings, support))
        )
        assert response.status_code == 403
