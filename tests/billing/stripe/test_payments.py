"""Card payments through Stripe (a fake Stripe API on loopback): keys, saved cards, paying an
invoice on session, refunds through the gateway, and bad input that never reaches Stripe."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.audit.models import AuditLog
from mpanel.billing.stripe.models import StripeAccount
from mpanel.db.session import tenant_session
from mpanel.settings import Settings
from tests.billing.stripe.conftest import TENANT_KEY, Shop, deliver, saved_card
from tests.factories.billing import make_invoice, make_payment
from tests.factories.customers import make_customer
from tests.factories.tenants import bearer, make_tenant, token_for
from tests.fakes.stripe_server import DECLINES, NEEDS_ACTION, FakeStripe


class TestKeys:
    async def test_secrets_are_write_only_and_never_audited(
        self, api: httpx.AsyncClient, shop: Shop, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        shown = (await api.get("/api/tenant/stripe", headers=shop.staff_headers)).json()
        assert shown == {
            "secretKeySet": True,
            "secretKeyLast4": "1234",
            "publishableKey": "pk_test_tenant",
            "webhookSecretSet": True,
            "webhookSecretLast4": "5678",
            "platformDefaultAvailable": True,
            "usesPlatformDefault": False,
            "liveMode": False,
        }
        async with tenant_session(sessionmaker, shop.tenant.id) as session:
            trail = [str(a.after) + str(a.before) for a in await session.scalars(select(AuditLog))]
            account = await session.scalar(select(StripeAccount))
            stored = (await session.execute(text("select secret_key, webhook_secret from stripe_accounts"))).one()
        assert account is not None
        assert account.secret_key == TENANT_KEY
        assert all(value.startswith("v1:") and "tenant" not in value for value in stored), "encrypted at rest"
        assert not any(TENANT_KEY in entry for entry in trail)
        cleared = await api.put("/api/tenant/stripe", json={"secretKey": ""}, headers=shop.staff_headers)
        assert (cleared.json()["secretKeySet"], cleared.json()["usesPlatformDefault"]) == (False, True)

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"secretKey": "pk_test_wrongkind"}, "secretKey"),
            ({"webhookSecret": "secret"}, "webhookSecret"),
            ({"publishableKey": "pk_live_abc"}, "publishableKey"),
            ({"secretKey": "sk_test_x\u0000"}, "secretKey"),
            ({"other": "x"}, "other"),
        ],
    )
    async def test_bad_keys_are_refused(
        self, api: httpx.AsyncClient, shop: Shop, body: dict[str, str], field: str
    ) -> None:
        response = await api.put("/api/tenant/stripe", json=body, headers=shop.staff_headers)
        assert response.status_code == 422, response.text
        assert field in str(response.json()["error"]["details"])

    async def test_without_keys_card_payments_are_refused_clearly(
        self, client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        invoice = await make_invoice(sessionmaker, tenant.id, customer.id)
        headers = bearer(token_for(settings, tenant.owner))
        response = await client.post(f"/api/invoices/{invoice.id}/pay", json={}, headers=headers)
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "stripe_not_configured"


class TestSavedCards:
    async def test_a_setup_intent_creates_one_stripe_customer_with_the_tenants_key(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe
    ) -> None:
        method = await saved_card(api, shop, fake)
        await api.post(f"/api/customers/{shop.customer.id}/payment-methods/setup-intent", headers=shop.client_headers)
        created = fake.calls("POST", "/v1/customers")
        assert len(created) == 1
        assert created[0].api_key == TENANT_KEY
        assert created[0].metadata() == {
            "mpanel_tenant": str(shop.tenant.id),
            "mpanel_customer": str(shop.customer.id),
        }
        assert created[0].params["email"] == shop.customer.email
        setups = fake.calls("POST", "/v1/setup_intents")
        assert setups[0].params["usage"] == "off_session"
        cards = (
            await api.get(f"/api/customers/{shop.customer.id}/payment-methods", headers=shop.client_headers)
        ).json()
        assert cards == [
            {"id": method, "brand": "visa", "last4": "4242", "expMonth": 12, "expYear": 2030, "isDefault": True}
        ]

    async def test_the_default_card_can_be_changed_only_to_a_card_of_the_customer(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe
    ) -> None:
        first = await saved_card(api, shop, fake)
        other = fake.add_card("cus_someone_else")
        refused = await api.post(
            f"/api/customers/{shop.customer.id}/payment-methods/default",
            json={"paymentMethodId": other},
            headers=shop.client_headers,
        )
        assert refused.status_code == 422
        second = await saved_card(api, shop, fake, last4="0005")
        back = await api.post(
            f"/api/customers/{shop.customer.id}/payment-methods/default",
            json={"paymentMethodId": first},
            headers=shop.client_headers,
        )
        assert {c["id"]: c["isDefault"] for c in back.json()} == {first: True, second: False}


class TestPayInvoice:
    async def test_a_saved_card_pays_on_session_and_the_invoice_is_paid(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        method = await saved_card(api, shop, fake)
        invoice = await make_invoice(sessionmaker, shop.tenant.id, shop.customer.id, total="29.99")
        response = await api.post(
            f"/api/invoices/{invoice.id}/pay", json={"paymentMethodId": method}, headers=shop.client_headers
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["invoiceStatus"], body["invoiceBalance"], body["attempt"]["status"]) == (
            "paid",
            "0.00",
            "succeeded",
        )
        sent = fake.calls("POST", "/v1/payment_intents")[-1]
        assert (sent.params["amount"], sent.params["currency"], sent.params["confirm"]) == ("2999", "usd", "true")
        assert "off_session" not in sent.params
        assert sent.idempotency_key == f"mpanel-attempt-{body['attempt']['id']}"
        assert sent.metadata()["mpanel_invoice"] == str(invoice.id)
        payments = (await api.get(f"/api/payments?invoiceId={invoice.id}", headers=shop.staff_headers)).json()
        assert [(p["gateway"], p["method"], p["amount"]) for p in payments["items"]] == [("stripe", "card", "29.99")]
        # Stripe's own report of the same payment changes nothing.
        intent = fake.intents[body["attempt"]["gatewayReference"]]
        again = await deliver(api, fake.event("payment_intent.succeeded", intent), slug=shop.tenant.slug)
        assert again.json()["status"] == "processed"
        payments = (await api.get(f"/api/payments?invoiceId={invoice.id}", headers=shop.staff_headers)).json()
        assert len(payments["items"]) == 1

    async def test_a_declined_card_is_402_and_the_attempt_shows_on_the_invoice(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        method = await saved_card(api, shop, fake, behaviour=DECLINES)
        invoice = await make_invoice(sessionmaker, shop.tenant.id, shop.customer.id)
        response = await api.post(
            f"/api/invoices/{invoice.id}/pay", json={"paymentMethodId": method}, headers=shop.client_headers
        )
        assert response.status_code == 402
        assert response.json()["error"]["code"] == "payment_declined"
        attempts = (await api.get(f"/api/invoices/{invoice.id}/payment-attempts", headers=shop.client_headers)).json()
        assert [(a["status"], a["failureCode"], a["trigger"]) for a in attempts] == [
            ("failed", "generic_decline", "portal")
        ]
        shown = (await api.get(f"/api/invoices/{invoice.id}", headers=shop.client_headers)).json()
        assert shown["status"] == "unpaid"

    async def test_authentication_leaves_the_invoice_unpaid_with_a_client_secret(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        method = await saved_card(api, shop, fake, behaviour=NEEDS_ACTION)
        invoice = await make_invoice(sessionmaker, shop.tenant.id, shop.customer.id)
        body = (
            await api.post(
                f"/api/invoices/{invoice.id}/pay", json={"paymentMethodId": method}, headers=shop.client_headers
            )
        ).json()
        assert (body["attempt"]["status"], body["invoiceStatus"]) == ("requires_action", "unpaid")
        assert body["clientSecret"].endswith("_secret_fake")
        # The customer authenticates in the browser; Stripe reports success by webhook.
        intent = fake.intents[body["attempt"]["gatewayReference"]]
        intent.update(status="succeeded", amount_received=intent["amount"])
        await deliver(api, fake.event("payment_intent.succeeded", intent), slug=shop.tenant.slug)
        shown = (await api.get(f"/api/invoices/{invoice.id}", headers=shop.client_headers)).json()
        assert shown["status"] == "paid"

    async def test_without_a_saved_card_stripe_js_gets_the_client_secret(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        invoice = await make_invoice(sessionmaker, shop.tenant.id, shop.customer.id, total="10.00")
        body = (
            await api.post(f"/api/invoices/{invoice.id}/pay", json={"amount": "4"}, headers=shop.client_headers)
        ).json()
        assert (body["attempt"]["status"], body["publishableKey"]) == ("pending", "pk_test_tenant")
        assert body["clientSecret"]
        assert fake.calls("POST", "/v1/payment_intents")[-1].params["amount"] == "400"

    async def test_bad_requests_never_reach_stripe(
        self,
        api: httpx.AsyncClient,
        shop: Shop,
        fake: FakeStripe,
        stripe_settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        method = await saved_card(api, shop, fake)
        invoice = await make_invoice(sessionmaker, shop.tenant.id, shop.customer.id, total="10.00")
        paid = await make_invoice(sessionmaker, shop.tenant.id, shop.customer.id, total="5.00")
        await make_payment(sessionmaker, shop.tenant.id, paid.id, "5.00")
        other = await make_tenant(sessionmaker)
        foreign = await make_invoice(sessionmaker, other.id, (await make_customer(sessionmaker, other.id)).id)
        cases = [
            (f"/api/invoices/{foreign.id}/pay", {}, 404, "invoice_not_found"),
            ("/api/invoices/00000000-0000-0000-0000-000000000000/pay", {}, 404, "invoice_not_found"),
            (f"/api/invoices/{paid.id}/pay", {}, 409, "invoice_not_open"),
            (f"/api/invoices/{invoice.id}/pay", {"currency": "EUR"}, 422, "currency_mismatch"),
            (f"/api/invoices/{invoice.id}/pay", {"amount": "10.01"}, 422, "amount_above_balance"),
            (f"/api/invoices/{invoice.id}/pay", {"amount": "0"}, 422, "validation_failed"),
            (f"/api/invoices/{invoice.id}/pay", {"paymentMethodId": "pm_not_theirs"}, 422, "card_not_found"),
        ]
        before = len(fake.calls("POST", "/v1/payment_intents"))
        for path, body, status, code in cases:
            response = await api.post(path, json={"paymentMethodId": method, **body}, headers=shop.client_headers)
            assert (response.status_code, response.json()["error"]["code"]) == (status, code), (path, body)
        assert len(fake.calls("POST", "/v1/payment_intents")) == before
        # A client pays only its own customer's invoices.
        stranger = await make_customer(sessionmaker, shop.tenant.id)
        theirs = await make_invoice(sessionmaker, shop.tenant.id, stranger.id)
        response = await api.post(f"/api/invoices/{theirs.id}/pay", json={}, headers=shop.client_headers)
        assert response.status_code == 404


class TestRefund:
    async def test_a_card_payment_is_refunded_through_stripe_once(
        self, api: httpx.AsyncClient, shop: Shop, fake: FakeStripe, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        method = await saved_card(api, shop, fake)
        invoice = await make_invoice(sessionmaker, shop.tenant.id, shop.customer.id, total="20.00")
        body = (
            await api.post(
                f"/api/invoices/{invoice.id}/pay", json={"paymentMethodId": method}, headers=shop.client_headers
            )
        ).json()
        payment_id = body["attempt"]["paymentId"]
        refund = await api.post(
            f"/api/payments/{payment_id}/refund", json={"amount": "5", "reason": "goodwill"}, headers=shop.staff_headers
        )
        assert refund.status_code == 201, refund.text
        sent = fake.calls("POST", "/v1/refunds")
        assert [(s.params["payment_intent"], s.params["amount"], s.api_key) for s in sent] == [
            (body["attempt"]["gatewayReference"], "500", TENANT_KEY)
        ]
        # Stripe's charge.refunded for the same refund books nothing more.
        charge = fake.charge_of(body["attempt"]["gatewayReference"])
        await deliver(api, fake.event("charge.refunded", charge), slug=shop.tenant.slug)
        payment = (await api.get(f"/api/payments/{payment_id}", headers=shop.staff_headers)).json()
        assert (payment["refunded"], payment["status"]) == ("5.00", "partially-refunded")
        notes = (await api.get(f"/api/credit-notes?invoiceId={invoice.id}", headers=shop.staff_headers)).json()
        assert [n["amount"] for n in notes["items"]] == ["5.00"]
