from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from mpanel.billing.invoices.models import InvoiceStatus
from mpanel.billing.payments.schemas import PaymentAttemptOut, PositiveAmount
from mpanel.core.schema_types import Amount, CurrencyCode, matching
from mpanel.core.schemas import InputSchema, Schema


def _prefixed(*prefixes: str) -> AfterValidator:
    def check(value: str) -> str:
        if value and not value.startswith(prefixes):
            raise ValueError(f"Must start with {' or '.join(prefixes)}")
        return value

    return AfterValidator(check)


_KEY = r"^[A-Za-z0-9_]*$"
_AS_STRIPE_SHOWS_IT = AfterValidator(
    matching(_KEY, "Paste it as Stripe shows it: letters, digits and underscores, no spaces.")
)
_KEY_FIELD = Field(max_length=255, json_schema_extra={"pattern": _KEY})
SecretKey = Annotated[str, _KEY_FIELD, _AS_STRIPE_SHOWS_IT, _prefixed("sk_test_", "sk_live_", "rk_test_", "rk_live_")]
PublishableKey = Annotated[str, _KEY_FIELD, _AS_STRIPE_SHOWS_IT, _prefixed("pk_test_", "pk_live_")]
WebhookSecret = Annotated[str, _KEY_FIELD, _AS_STRIPE_SHOWS_IT, _prefixed("whsec_")]
StripeId = Annotated[
    str, Field(min_length=3, max_length=255, json_schema_extra={"pattern": r"^[A-Za-z0-9_]+$"}), _AS_STRIPE_SHOWS_IT
]


class StripeSettingsUpdate(InputSchema):
    """Keys to set; leave one out to keep it, send "" to clear it."""

    secret_key: SecretKey | None = Field(None, description="sk_... or a restricted rk_... key; write-only")
    publishable_key: PublishableKey | None = None
    webhook_secret: WebhookSecret | None = Field(None, description="whsec_...; write-only")


class StripeSettingsOut(Schema):
    secret_key_set: bool
    secret_key_last4: str | None
    publishable_key: str | None
    webhook_secret_set: bool
    webhook_secret_last4: str | None
    platform_default_available: bool
    uses_platform_default: bool
    live_mode: bool


class SetupIntentOut(Schema):
    setup_intent_id: str
    client_secret: str
    publishable_key: str | None


class CardOut(Schema):
    id: str
    brand: str
    last4: str
    exp_month: int | None
    exp_year: int | None
    is_default: bool


class DefaultCard(InputSchema):
    payment_method_id: StripeId


class InvoicePay(InputSchema):
    amount: PositiveAmount | None = Field(None, description="Defaults to the invoice's balance")
    currency: CurrencyCode | None = Field(None, description="Must be the invoice's currency when given")
    payment_method_id: StripeId | None = Field(
        None, description="A saved card to charge now; without one, confirm the returned client secret with Stripe.js"
    )


class InvoicePayOut(Schema):
    attempt: PaymentAttemptOut
    client_secret: str | None
    publishable_key: str | None
    invoice_status: InvoiceStatus
    invoice_balance: Amount


class WebhookReceipt(Schema):
    received: bool = True
    event_id: str | None = None
    status: str
    duplicate: bool = False
