"""Stripe behind the payment-gateway interface, through the official SDK.

Tenants have their own Stripe accounts, so no global `stripe.api_key` is ever set: one
`StripeClient` per API base is shared by the process and every call carries the tenant's key in
its request options. Results come back as plain dataclasses, so nothing above this module
handles SDK objects. Amounts cross this boundary as Decimals and go to Stripe in minor units."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import stripe
from stripe.params import PaymentIntentCreateParams, SetupIntentCreateParams

from mpanel.billing.payments.gateways.base import GatewayRefund
from mpanel.core.errors import AppError
from mpanel.core.money import minor_units, round_minor
from mpanel.settings import Settings

DEFAULT_API_BASE = "https://api.stripe.com"


class GatewayFailed(AppError):
    status = 502
    code = "gateway_failed"
    message = "The payment gateway could not be reached or refused the request."


@dataclass(frozen=True)
class StripeKeys:
    """The keys one tenant's calls use: its own, or the platform's default account."""

    secret_key: str
    publishable_key: str | None
    webhook_secret: str | None
    platform: bool
    api_base: str = DEFAULT_API_BASE


@dataclass(frozen=True)
class StripePlatform:
    """The platform's default account and the SDK's address (from the environment)."""

    secret_key: str | None = None
    publishable_key: str | None = None
    webhook_secret: str | None = None
    api_base: str = DEFAULT_API_BASE
    tolerance: int = 300

    @classmethod
    def from_settings(cls, settings: Settings) -> StripePlatform:
        return cls(
            secret_key=settings.stripe_secret_key.get_secret_value() if settings.stripe_secret_key else None,
            publishable_key=settings.stripe_publishable_key,
            webhook_secret=settings.stripe_webhook_secret.get_secret_value()
            if settings.stripe_webhook_secret
            else None,
            api_base=settings.stripe_api_base,
            tolerance=settings.stripe_webhook_tolerance,
        )

    def keys(self) -> StripeKeys | None:
        if not self.secret_key:
            return None
        return StripeKeys(self.secret_key, self.publishable_key, self.webhook_secret, True, self.api_base)


@dataclass(frozen=True)
class Intent:
    """A PaymentIntent or SetupIntent as MPanel needs it."""

    id: str
    status: str
    client_secret: str | None
    amount: Decimal | None = None
    amount_received: Decimal | None = None
    currency: str | None = None
    payment_method: str | None = None
    failure_code: str | None = None
    failure_message: str | None = None


@dataclass(frozen=True)
class Card:
    id: str
    brand: str
    last4: str
    exp_month: int | None
    exp_year: int | None


def to_minor(amount: Decimal, currency: str) -> int:
    """29.99 USD -> 2999; 500 JPY -> 500."""
    return int(round_minor(amount, currency).scaleb(minor_units(currency)))


def from_minor(value: int, currency: str) -> Decimal:
    return Decimal(value).scaleb(-minor_units(currency))


@lru_cache(maxsize=8)
def _client(api_base: str) -> stripe.StripeClient:
    # The constructor needs a key; every request passes the tenant's own in its options.
    return stripe.StripeClient(
        "sk_unused_per_request_keys",
        base_addresses={"api": api_base},
        http_client=stripe.HTTPXClient(timeout=30),
        max_network_retries=2,
    )


def _error(exc: stripe.StripeError) -> dict[str, Any]:
    body = exc.json_body if isinstance(exc.json_body, dict) else {}
    error = body.get("error")
    return error if isinstance(error, dict) else {}


def intent_from(data: dict[str, Any]) -> Intent:
    """An Intent from Stripe's JSON (an API answer or a webhook's data.object)."""
    currency = str(data["currency"]).upper() if data.get("currency") else None
    last_error = data.get("last_payment_error") or data.get("last_setup_error") or {}
    method = data.get("payment_method")
    if isinstance(method, dict):
        method = method.get("id")
    return Intent(
        id=str(data["id"]),
        status=str(data.get("status") or ""),
        client_secret=data.get("client_secret"),
        amount=from_minor(int(data["amount"]), currency) if currency and data.get("amount") is not None else None,
        amount_received=(
            from_minor(int(data["amount_received"]), currency)
            if currency and data.get("amount_received") is not None
            else None
        ),
        currency=currency,
        payment_method=method,
        failure_code=last_error.get("decline_code") or last_error.get("code"),
        failure_message=last_error.get("message"),
    )


def _plain(obj: Any) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(str(obj)) if not isinstance(obj, dict) else obj
    return result


class StripeGateway:
    """One tenant's Stripe account."""

    name = "stripe"

    def __init__(self, keys: StripeKeys) -> None:
        self.keys = keys
        self._stripe = _client(keys.api_base)

    def _options(self, idempotency_key: str | None = None) -> stripe.RequestOptions:
        options: stripe.RequestOptions = {"api_key": self.keys.secret_key}
        if idempotency_key:
            options["idempotency_key"] = idempotency_key
        return options

    async def refund(self, *, payment_reference: str | None, amount: Decimal, currency: str) -> GatewayRefund:
        if not payment_reference:
            raise GatewayFailed("The payment has no Stripe reference to refund.")
        try:
            refund = await self._stripe.v1.refunds.create_async(
                {"payment_intent": payment_reference, "amount": to_minor(amount, currency)}, self._options()
            )
        except stripe.StripeError as exc:
            raise GatewayFailed(f"Stripe refused the refund: {exc.user_message or exc}") from exc
        return GatewayRefund(reference=refund.id)

    async def create_customer(self, *, email: str, name: str, metadata: dict[str, str], idempotency_key: str) -> str:
        try:
            customer = await self._stripe.v1.customers.create_async(
                {"email": email, "name": name, "metadata": metadata}, self._options(idempotency_key)
            )
        except stripe.StripeError as exc:
            raise GatewayFailed(f"Stripe refused the customer: {exc.user_message or exc}") from exc
        return str(customer.id)

    async def create_setup_intent(self, *, customer: str, metadata: dict[str, str]) -> Intent:
        params: SetupIntentCreateParams = {
            "customer": customer,
            "usage": "off_session",
            "allowed_payment_method_types": ["card"],
            "metadata": metadata,
        }
        try:
            intent = await self._stripe.v1.setup_intents.create_async(params, self._options())
        except stripe.StripeError as exc:
            raise GatewayFailed(f"Stripe refused the setup: {exc.user_message or exc}") from exc
        return intent_from(_plain(intent))

    async def create_payment_intent(
        self,
        *,
        amount: Decimal,
        currency: str,
        customer: str,
        metadata: dict[str, str],
        idempotency_key: str,
        payment_method: str | None = None,
        off_session: bool = False,
    ) -> Intent:
        """Create (and, given a payment method, confirm) a PaymentIntent. A declined card is not
        an exception: the Intent comes back with its status and the decline."""
        params: PaymentIntentCreateParams = {
            "amount": to_minor(amount, currency),
            "currency": currency.lower(),
            "customer": customer,
            "allowed_payment_method_types": ["card"],
            "metadata": metadata,
        }
        if payment_method:
            params["payment_method"], params["confirm"] = payment_method, True
            if off_session:
                params["off_session"] = True
        try:
            intent = await self._stripe.v1.payment_intents.create_async(params, self._options(idempotency_key))
        except stripe.CardError as exc:
            return self._declined(exc)
        except stripe.StripeError as exc:
            raise GatewayFailed(f"Stripe refused the payment: {exc.user_message or exc}") from exc
        return intent_from(_plain(intent))

    @staticmethod
    def _declined(exc: stripe.CardError) -> Intent:
        error = _error(exc)
        data = error.get("payment_intent")
        code = error.get("decline_code") or error.get("code") or "card_declined"
        message = error.get("message") or "The card was declined."
        if isinstance(data, dict):
            intent = intent_from(data)
            status = "requires_action" if code == "authentication_required" else "failed"
            return Intent(
                id=intent.id,
                status=status,
                client_secret=intent.client_secret,
                amount=intent.amount,
                currency=intent.currency,
                payment_method=intent.payment_method,
                failure_code=code,
                failure_message=message,
            )
        return Intent(id="", status="failed", client_secret=None, failure_code=code, failure_message=message)

    async def retrieve_payment_intent(self, intent_id: str) -> Intent:
        try:
            intent = await self._stripe.v1.payment_intents.retrieve_async(intent_id, options=self._options())
        except stripe.StripeError as exc:
            raise GatewayFailed(f"Stripe could not find the payment: {exc.user_message or exc}") from exc
        return intent_from(_plain(intent))

    async def list_cards(self, customer: str) -> list[Card]:
        try:
            methods = await self._stripe.v1.payment_methods.list_async(
                {"customer": customer, "type": "card", "limit": 20}, self._options()
            )
        except stripe.StripeError as exc:
            raise GatewayFailed(f"Stripe could not list the cards: {exc.user_message or exc}") from exc
        cards = []
        for method in _plain(methods).get("data", []):
            card = method.get("card") or {}
            cards.append(
                Card(
                    id=method["id"],
                    brand=str(card.get("brand") or "card"),
                    last4=str(card.get("last4") or ""),
                    exp_month=card.get("exp_month"),
                    exp_year=card.get("exp_year"),
                )
            )
        return cards


def verify_webhook(payload: bytes, signature: str | None, secret: str, tolerance: int) -> dict[str, Any]:
    """Check the Stripe-Signature header (timestamped HMAC-SHA256 with the endpoint's secret)
    and return the event. Raises ValueError on a bad signature, a stale timestamp or bad JSON."""
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(text, signature or "", secret, tolerance)
        event = json.loads(text)
    except (stripe.SignatureVerificationError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(str(exc)) from exc
    if not isinstance(event, dict) or not isinstance(event.get("id"), str) or not isinstance(event.get("data"), dict):
        raise ValueError("not a Stripe event")
    return event
