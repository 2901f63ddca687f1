"""Stripe webhooks signed with Stripe's real scheme: bad, missing, tampered and stale signatures
store nothing; replays and duplicate deliveries change nothing; late or out-of-order events are
applied by the object's state, never un-paying an invoice."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.billing.stripe.models import StripeEvent
from mpanel.billing.subscriptions.models import BillingEvent, Subscription
from mpanel.db.session import tenant_session
from tests.billing.stripe.conftest import (
    PLATFORM_WEBHOOK_SECRET,
    TENANT_WEBHOOK_SECRET,
    Shop,
    deliver,
    saved_card,
)
from tests.factories.billing import make_invoice
from tests.factories.customers import make_customer
from tests.factories.tenants import bearer, make_tenant, token_for
from tests.fakes.stripe_server import FakeStripe, sign


async def _stored(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> list[tuple[str, str]]:
    async with tenant_session(sessionmaker, tenant_id) as session:
        rows = await session.execute(select(StripeEvent.type, StripeEvent.status).order_by(StripeEvent.received_at))
        return [(r.type, r.status.value) for r in rows]


async def _intent_paid_at_stripe(
    api: httpx.AsyncClient, shop: Shop, fake: FakeStripe, invoice_id: uuid.UUID
) -> dict[str, Any]:
    """The portal's card-entry flow: MPanel creates the PaymentIntent; Stripe.js confirms it."""
    body = (await api.post(f"/api/invoices/{invoice_id}/pay", json={}, headers=shop.client_headers)).json()
    intent = fake.intents[body["attempt"]["gatewayReference"]]
    customer = intent["customer"]
    method = fake.add_card(customer)
    status, _ = fake._confirm(intent, {"payment_method": method})
    assert status == 200
    return intent


async def _invoice(api: httpx.AsyncClient, shop: Shop, invoice_id: uuid.UUID) -> dict[str, Any]:
    response = await api.get(f"/api/invoices/{invoice_id}", headers=shop.staff_headers)
    result: dict[str, Any] = response.json()
    return result


class TestSignature:
    async def test_bad_missing_tampered_and_stale_signatures_are_400_and_store_nothing(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        invoice = await make_invoice(sessionmaker, shop.tenant.id, shop.customer.id)
        intent = await _intent_paid_at_stripe(api, shop, fake, invoice.id)
        event = fake.event("payment_intent.succeeded", intent)
        payload = json.dumps(event).encode()
        path = f"/api/webhooks/stripe/{shop.tenant.slug}"
        tampered = payload.replace(b'"amount_received": 1000', b'"amount_received": 999999')
        assert tampered != payload
        attempts = {
            "wrong secret": {"Stripe-Signature": sign(payload, "whsec_someone_else")},
            "missing": {},
            "garbage": {"Stripe-Signature": "t=abc,v1=zz"},
            "stale": {"Stripe-Signature": sign(payload, TENANT_WEBHOOK_SECRET, int(time.time()) - 301)},
            "platform secret on the tenant's endpoint": {"Stripe-Signature": sign(payload, PLATFORM_WEBHOOK_SECRET)},
        }
        for name, headers in attempts.items():
            response = await api.post(path, content=payload, headers=headers)
            assert response.status_code == 400, name
            assert response.json()["error"]["code"] == "webhook_signature_invalid", name
        response = await api.post(
            path, content=tampered, headers={"Stripe-Signature": sign(payload, TENANT_WEBHOOK_SECRET)}
        )
        assert response.status_code == 400
        assert await _stored(sessionmaker, shop.tenant.id) == []
        assert (await _invoice(api, shop, invoice.id))["status"] == "unpaid"

    async def test_an_unknown_tenant_slug_is_404(self, api: httpx.AsyncClient, fake: FakeStripe) -> None:
        response = await deliver(api, fake.event("payment_intent.succeeded", {"id": "pi_x"}), slug="no-such-tenant")
        assert response.status_code == 404


class TestDelivery:
    async def test_a_payment_pays_the_invoice_and_brings_back_the_suspended_subscription(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        from tests.factories.billing import make_subscription
        from tests.factories.catalog import make_product

        product = await make_product(sessionmaker, shop.tenant.id, price="10.00")
        subscription = await make_subscription(sessionmaker, shop.tenant.id, shop.customer.id, product.id)
        invoice = await make_invoice(sessionmaker, shop.tenant.id, shop.customer.id, total="10.00")
        async with tenant_session(sessionmaker, shop.tenant.id) as session:
            from mpanel.billing.invoices.models import Invoice

            row = await session.get(Invoice, (shop.tenant.id, invoice.id))
            sub = await session.get(Subscription, (shop.tenant.id, subscription.id))
            assert row is not None
            assert sub is not None
            row.subscription_id = subscription.id
            sub.status, sub.suspend_reason = "suspended", "overdue"  # type: ignore[assignment]
        intent = await _intent_paid_at_stripe(api, shop, fake, invoice.id)
        event = fake.event("payment_intent.succeeded", intent)
        first = await deliver(api, event, slug=shop.tenant.slug)
        assert first.json() == {"received": True, "eventId": event["id"], "status": "processed", "duplicate": False}
        assert (await _invoice(api, shop, invoice.id))["status"] == "paid"
        shown = (await api.get(f"/api/subscriptions/{subscription.id}", headers=shop.staff_headers)).json()
        assert shown["status"] == "active"
        # The same event again (a replay), and the same payment under a new event id.
        replay = await deliver(api, event, slug=shop.tenant.slug)
        assert replay.json()["duplicate"] is True
        await deliver(api, fake.event("payment_intent.succeeded", intent), slug=shop.tenant.slug)
        payments = (await api.get(f"/api/payments?invoiceId={invoice.id}", headers=shop.staff_headers)).json()
        assert len(payments["items"]) == 1
        assert await _stored(sessionmaker, shop.tenant.id) == [
            ("payment_intent.succeeded", "processed"),
            ("payment_intent.succeeded", "processed"),
        ]

    async def test_a_failure_reported_after_the_success_does_not_unpay(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        invoice = await make_invoice(sessionmaker, shop.tenant.id, shop.customer.id)
        intent = await _intent_paid_at_stripe(api, shop, fake, invoice.id)
        earlier_failure = {
            **intent,
            "status": "requires_payment_method",
            "last_payment_error": {"code": "card_declined", "message": "Your card was declined."},
        }
        await deliver(api, fake.event("payment_intent.succeeded", intent), slug=shop.tenant.slug)
        await deliver(api, fake.event("payment_intent.payment_failed", earlier_failure), slug=shop.tenant.slug)
        assert (await _invoice(api, shop, invoice.id))["status"] == "paid"
        attempts = (await api.get(f"/api/invoices/{invoice.id}/payment-attempts", headers=shop.staff_headers)).json()
        assert [a["status"] for a in attempts] == ["succeeded"]

    async def test_a_refund_reported_before_its_payment_books_both_once(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        invoice = await make_invoice(sessionmaker, shop.tenant.id, shop.customer.id, total="10.00")
        intent = await _intent_paid_at_stripe(api, shop, fake, invoice.id)
        charge = fake.charge_of(intent["id"])
        charge.update(amount_refunded=400)
        partly = fake.event("charge.refunded", charge)
        charge.update(amount_refunded=1000, refunded=True)
        fully = fake.event("charge.refunded", charge)
        for event in (fully, partly, fake.event("payment_intent.succeeded", intent), fully):
            response = await deliver(api, event, slug=shop.tenant.slug)
            assert response.status_code == 200, response.text
        shown = await _invoice(api, shop, invoice.id)
        assert (shown["status"], shown["amountPaid"], shown["amountCredited"]) == ("refunded", "0.00", "10.00")
        payments = (await api.get(f"/api/payments?invoiceId={invoice.id}", headers=shop.staff_headers)).json()
        assert [(p["amount"], p["refunded"]) for p in payments["items"]] == [("10.00", "10.00")]

    async def test_a_dispute_is_recorded_for_staff(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        invoice = await make_invoice(sessionmaker, shop.tenant.id, shop.customer.id)
        intent = await _intent_paid_at_stripe(api, shop, fake, invoice.id)
        await deliver(api, fake.event("payment_intent.succeeded", intent), slug=shop.tenant.slug)
        dispute = {
            "id": "dp_fake1",
            "object": "dispute",
            "amount": 1000,
            "currency": "usd",
            "payment_intent": intent["id"],
            "charge": intent["latest_charge"],
            "reason": "fraudulent",
            "status": "needs_response",
        }
        response = await deliver(api, fake.event("charge.dispute.created", dispute), slug=shop.tenant.slug)
        assert response.json()["status"] == "processed"
        async with tenant_session(sessionmaker, shop.tenant.id) as session:
            kinds = list(await session.scalars(select(BillingEvent.kind).where(BillingEvent.invoice_id == invoice.id)))
        assert "payment.disputed" in kinds

    async def test_events_for_objects_mpanel_did_not_make_are_stored_and_ignored(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        stray = {"id": "pi_elsewhere", "object": "payment_intent", "status": "succeeded", "currency": "usd"}
        for kind in ("payment_intent.succeeded", "customer.created"):
            response = await deliver(api, fake.event(kind, stray), slug=shop.tenant.slug)
            assert response.json()["status"] == "ignored"
        assert [s for _, s in await _stored(sessionmaker, shop.tenant.id)] == ["ignored", "ignored"]


class TestPlatformEndpoint:
    async def test_a_tenant_on_the_platform_account_is_found_from_the_signed_event(
        self,
        api: httpx.AsyncClient,
        fake: FakeStripe,
        stripe_settings: Any,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        invoice = await make_invoice(sessionmaker, tenant.id, customer.id)
        staff = bearer(token_for(stripe_settings, tenant.owner))
        body = (await api.post(f"/api/invoices/{invoice.id}/pay", json={}, headers=staff)).json()
        sent = fake.calls("POST", "/v1/payment_intents")[-1]
        assert sent.api_key == "sk_test_platform0000"
        intent = fake.intents[body["attempt"]["gatewayReference"]]
        fake._confirm(intent, {"payment_method": fake.add_card(intent["customer"])})
        response = await deliver(api, fake.event("payment_intent.succeeded", intent))
        assert response.json()["status"] == "processed", response.text
        shown = (await api.get(f"/api/invoices/{invoice.id}", headers=staff)).json()
        assert shown["status"] == "paid"
        # A charge event has no MPanel metadata: MPanel's record of the PaymentIntent finds the tenant.
        charge = {**fake.charge_of(intent["id"]), "amount_refunded": 300}
        response = await deliver(api, fake.event("charge.refunded", charge))
        assert response.json()["status"] == "processed", response.text
        shown = (await api.get(f"/api/invoices/{invoice.id}", headers=staff)).json()
        assert shown["amountCredited"] == "3.00"

    async def test_a_tenant_with_its_own_account_is_not_reachable_through_the_platform_endpoint(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        invoice = await make_invoice(sessionmaker, shop.tenant.id, shop.customer.id)
        intent = await _intent_paid_at_stripe(api, shop, fake, invoice.id)
        response = await deliver(api, fake.event("payment_intent.succeeded", intent))
        assert response.json()["status"] == "ignored"
        assert (await _invoice(api, shop, invoice.id))["status"] == "unpaid"
        async with tenant_session(sessionmaker, shop.tenant.id) as session:
            assert await session.scalar(select(func.count()).select_from(StripeEvent)) == 0

    async def test_the_platform_endpoint_refuses_a_tenants_secret(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe
    ) -> None:
        event = fake.event(
            "payment_intent.succeeded", {"id": "pi_x", "metadata": {"mpanel_tenant": str(shop.tenant.id)}}
        )
        response = await deliver(api, event, secret=TENANT_WEBHOOK_SECRET)
        assert response.status_code == 400


class TestSetupIntent:
    async def test_a_saved_card_becomes_the_default_for_auto_charges(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe
    ) -> None:
        first = await saved_card(api, shop, fake)
        second = await saved_card(api, shop, fake, last4="4444")
        cards = (
            await api.get(f"/api/customers/{shop.customer.id}/payment-methods", headers=shop.client_headers)
        ).json()
        assert {c["id"]: c["isDefault"] for c in cards} == {first: False, second: True}
