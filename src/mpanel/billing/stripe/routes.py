from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Path, Request, status

from mpanel.auth.deps import PublicSession, Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.billing.invoices.service import InvoiceNotOpen
from mpanel.billing.payments.gateways.stripe import GatewayFailed
from mpanel.billing.payments.schemas import PaymentAttemptOut
from mpanel.billing.payments.service import CurrencyMismatch
from mpanel.billing.stripe import accounts, webhooks
from mpanel.billing.stripe import service as stripe_payments
from mpanel.billing.stripe.deps import Platform
from mpanel.billing.stripe.schemas import (
    CardOut,
    DefaultCard,
    InvoicePay,
    InvoicePayOut,
    SetupIntentOut,
    StripeSettingsOut,
    StripeSettingsUpdate,
    WebhookReceipt,
)
from mpanel.core.errors import Forbidden, Invalid, NotFound, Unauthorized
from mpanel.http.routing import TransactionalRoute, errors

router = APIRouter(tags=["stripe"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)
Admin = Annotated[Principal, Requires(Permission.TENANT_WRITE)]
CardHolder = Annotated[Principal, Requires(Permission.PAYMENT_METHODS)]
GATEWAY = errors(accounts.StripeNotConfigured, GatewayFailed)


@router.get("/tenant/stripe", response_model=StripeSettingsOut, operation_id="stripe-settings-get", responses=COMMON)
async def get_stripe_settings(session: TenantSession, actor: Admin, platform: Platform) -> StripeSettingsOut:
    return await accounts.get_settings(session, actor, platform)


@router.put(
    "/tenant/stripe",
    response_model=StripeSettingsOut,
    operation_id="stripe-settings-update",
    responses=COMMON | errors(Invalid),
)
async def update_stripe_settings(
    data: StripeSettingsUpdate, session: TenantSession, actor: Admin, platform: Platform
) -> StripeSettingsOut:
    return await accounts.update(session, actor, data, platform)


@router.post(
    "/customers/{customer_id}/payment-methods/setup-intent",
    response_model=SetupIntentOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="payment-methods-setup-intent",
    responses=COMMON | errors(NotFound) | GATEWAY,
)
async def create_setup_intent(
    customer_id: uuid.UUID, session: TenantSession, actor: CardHolder, platform: Platform
) -> SetupIntentOut:
    return await stripe_payments.setup_intent(session, actor, customer_id, platform)


@router.get(
    "/customers/{customer_id}/payment-methods",
    response_model=list[CardOut],
    operation_id="payment-methods-list",
    responses=COMMON | errors(NotFound) | GATEWAY,
)
async def list_payment_methods(
    customer_id: uuid.UUID, session: TenantSession, actor: CardHolder, platform: Platform
) -> list[CardOut]:
    return await stripe_payments.list_cards(session, actor, customer_id, platform)


@router.post(
    "/customers/{customer_id}/payment-methods/default",
    response_model=list[CardOut],
    operation_id="payment-methods-set-default",
    responses=COMMON | errors(NotFound, Invalid) | GATEWAY,
)
async def set_default_payment_method(
    customer_id: uuid.UUID, data: DefaultCard, session: TenantSession, actor: CardHolder, platform: Platform
) -> list[CardOut]:
    return await stripe_payments.set_default_card(session, actor, customer_id, data.payment_method_id, platform)


@router.post(
    "/invoices/{invoice_id}/pay",
    response_model=InvoicePayOut,
    operation_id="invoices-pay",
    responses=COMMON
    | errors(NotFound, InvoiceNotOpen, CurrencyMismatch, stripe_payments.AmountAboveBalance)
    | errors(stripe_payments.PaymentDeclined)
    | GATEWAY,
)
async def pay_invoice(
    invoice_id: uuid.UUID,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.INVOICES_PAY)],
    platform: Platform,
    data: InvoicePay | None = None,
) -> InvoicePayOut:
    result = await stripe_payments.pay_invoice(session, actor, invoice_id, data or InvoicePay(), platform)
    return InvoicePayOut(
        attempt=PaymentAttemptOut.model_validate(result.attempt),
        client_secret=result.client_secret,
        publishable_key=result.publishable_key,
        invoice_status=result.invoice.status,
        invoice_balance=result.invoice.balance,
    )


SIGNATURE = Header(alias="Stripe-Signature", description="Stripe's timestamped HMAC-SHA256 signature")


@router.post(
    "/webhooks/stripe",
    response_model=WebhookReceipt,
    operation_id="stripe-webhook",
    responses=errors(webhooks.WebhookRefused),
)
async def stripe_webhook(
    request: Request,
    session: PublicSession,
    platform: Platform,
    stripe_signature: Annotated[str | None, SIGNATURE] = None,
) -> WebhookReceipt:
    """The platform account's endpoint (tenants without their own Stripe keys)."""
    return await webhooks.receive(session, payload=await request.body(), signature=stripe_signature, platform=platform)


@router.post(
    "/webhooks/stripe/{tenant_slug}",
    response_model=WebhookReceipt,
    operation_id="stripe-webhook-tenant",
    responses=errors(webhooks.WebhookRefused, NotFound),
)
async def stripe_webhook_for_tenant(
    request: Request,
    session: PublicSession,
    platform: Platform,
    tenant_slug: Annotated[str, Path(max_length=63, pattern=r"^[a-z0-9-]+$")],
    stripe_signature: Annotated[str | None, SIGNATURE] = None,
) -> WebhookReceipt:
    """A tenant's own endpoint, signed with the webhook secret set under Settings -> Payments."""
    return await webhooks.receive(
        session, payload=await request.body(), signature=stripe_signature, platform=platform, slug=tenant_slug
    )
