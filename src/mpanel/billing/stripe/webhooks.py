"""Stripe webhooks: verify the signature, find the tenant without trusting the body, store the
event by its id and process it once, in the request's transaction.

- The per-tenant endpoint (/api/webhooks/stripe/{slug}) knows its tenant from the URL and checks
  the signature with that tenant's webhook secret.
- The platform endpoint (/api/webhooks/stripe) checks it with the platform's secret; the tenant
  then comes from the object's `mpanel_tenant` metadata (which only MPanel, holding the platform
  key, can have written) or from MPanel's own records of the PaymentIntent or Stripe customer
  (`mpanel_stripe_event_tenant`), and only a tenant without keys of its own is accepted.

Events are applied by the object's state, not by their order: amounts are Stripe's cumulative
figures (amount received, amount refunded) and a succeeded payment is never undone, so replays,
duplicates and late deliveries change nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.billing import events
from mpanel.billing.invoices import service as invoices
from mpanel.billing.payments import service as payments
from mpanel.billing.payments.gateways.stripe import StripePlatform, from_minor, intent_from, verify_webhook
from mpanel.billing.payments.models import AttemptStatus, AttemptTrigger, PaymentAttempt
from mpanel.billing.stripe import accounts
from mpanel.billing.stripe import service as stripe_payments
from mpanel.billing.stripe.models import StripeCustomer, StripeEvent, StripeEventStatus
from mpanel.billing.stripe.schemas import WebhookReceipt
from mpanel.core.errors import AppError, NotFound
from mpanel.core.time import utcnow
from mpanel.db.session import set_scope
from mpanel.tenants import service as tenants


class WebhookRefused(AppError):
    status = 400
    code = "webhook_signature_invalid"
    message = "The Stripe-Signature header does not verify."


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _object(event: dict[str, Any]) -> dict[str, Any]:
    obj = event["data"].get("object")
    return obj if isinstance(obj, dict) else {}


def _verify(payload: bytes, signature: str | None, secret: str | None, platform: StripePlatform) -> dict[str, Any]:
    if not secret:
        raise WebhookRefused("No webhook secret is set for this endpoint.", code="webhook_not_configured")
    try:
        return verify_webhook(payload, signature, secret, platform.tolerance)
    except ValueError as exc:
        raise WebhookRefused(f"The webhook was refused: {exc}") from exc


async def _platform_tenant(session: AsyncSession, event: dict[str, Any]) -> uuid.UUID | None:
    obj = _object(event)
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    claimed = _uuid((metadata or {}).get("mpanel_tenant"))
    if claimed is not None:
        return claimed
    intent = obj.get("payment_intent") if obj.get("object") != "payment_intent" else obj.get("id")
    found = await session.scalar(
        text("select mpanel_stripe_event_tenant(:intent, :customer)"),
        {"intent": str(intent or ""), "customer": str(obj.get("customer") or "")},
    )
    return found if isinstance(found, uuid.UUID) else None


async def receive(
    session: AsyncSession, *, payload: bytes, signature: str | None, platform: StripePlatform, slug: str | None = None
) -> WebhookReceipt:
    """Verify, store once, process. A bad signature stores nothing (400)."""
    if slug is not None:
        await set_scope(session, None, platform=True)
        tenant = await tenants.by_slug(session, slug)
        if tenant is None:
            raise NotFound("tenant")
        await set_scope(session, tenant.id)
        event = _verify(payload, signature, await accounts.webhook_secret(session, platform), platform)
        tenant_id = tenant.id
    else:
        event = _verify(payload, signature, platform.webhook_secret, platform)
        found = await _platform_tenant(session, event)
        if found is None:
            return WebhookReceipt(event_id=event["id"], status="ignored")
        await set_scope(session, found)
        keys = await accounts.keys(session, platform)
        if keys is None or not keys.platform or not await tenants.exists(session, found):
            return WebhookReceipt(event_id=event["id"], status="ignored")
        tenant_id = found
    return await _store_and_process(session, Principal.system(tenant_id), event)


async def _store_and_process(session: AsyncSession, actor: Principal, event: dict[str, Any]) -> WebhookReceipt:
    obj = _object(event)
    created = event.get("created")
    stored = await session.scalar(
        insert(StripeEvent)
        .values(
            event_id=event["id"][:255],
            type=str(event.get("type") or "")[:100],
            object_id=str(obj.get("id") or "")[:255] or None,
            livemode=bool(event.get("livemode")),
            stripe_created_at=datetime.fromtimestamp(created, UTC) if isinstance(created, int) else None,
            payload=event,
            status=StripeEventStatus.IGNORED,
        )
        .on_conflict_do_nothing()
        .returning(StripeEvent.id)
    )
    if stored is None:
        status = await session.scalar(select(StripeEvent.status).where(StripeEvent.event_id == event["id"]))
        return WebhookReceipt(event_id=event["id"], status=str(status or "processed"), duplicate=True)
    handler = HANDLERS.get(str(event.get("type")))
    note = await handler(session, actor, obj, event) if handler else "not an event MPanel acts on"
    status = StripeEventStatus.PROCESSED if note is None else StripeEventStatus.IGNORED
    await session.execute(
        update(StripeEvent).where(StripeEvent.id == stored).values(status=status, note=(note or "")[:500])
    )
    return WebhookReceipt(event_id=event["id"], status=status.value)


async def _invoice_id(session: AsyncSession, obj: dict[str, Any], reference: str) -> uuid.UUID | None:
    """The invoice a PaymentIntent pays: MPanel's attempt for it, else the metadata MPanel set."""
    found = await session.scalar(select(PaymentAttempt.invoice_id).where(PaymentAttempt.gateway_reference == reference))
    if found is not None:
        return found
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    return _uuid((metadata or {}).get("mpanel_invoice"))


async def _attempt_for(
    session: AsyncSession, actor: Principal, obj: dict[str, Any], invoice_id: uuid.UUID
) -> PaymentAttempt | None:
    """Lock the invoice, then find (or, for an intent MPanel did not start, make) its attempt."""
    try:
        invoice = await invoices.get(session, actor, invoice_id, for_update=True)
    except NotFound:
        return None
    attempt = await stripe_payments.attempt_by_reference(session, str(obj["id"]))
    if attempt is None:
        metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        attempt_id = _uuid((metadata or {}).get("mpanel_attempt"))
        attempt = await stripe_payments.lock_attempt(session, actor, invoice.id, attempt_id) if attempt_id else None
    if attempt is None or attempt.invoice_id != invoice.id:
        intent = intent_from(obj)
        attempt = PaymentAttempt(
            invoice_id=invoice.id,
            customer_id=invoice.customer_id,
            trigger=AttemptTrigger.PORTAL,
            status=AttemptStatus.PROCESSING,
            amount=intent.amount or invoice.balance,
            currency=intent.currency or invoice.currency,
            gateway="stripe",
            attempted_at=utcnow(),
        )
        session.add(attempt)
        await session.flush()
    return attempt


async def _payment_intent(
    session: AsyncSession, actor: Principal, obj: dict[str, Any], event: dict[str, Any]
) -> str | None:
    invoice_id = await _invoice_id(session, obj, str(obj.get("id")))
    attempt = await _attempt_for(session, actor, obj, invoice_id) if invoice_id else None
    if attempt is None:
        return "no MPanel invoice for this PaymentIntent"
    await stripe_payments.apply_intent(session, actor, attempt, intent_from(obj))
    return None


async def _charge_refunded(
    session: AsyncSession, actor: Principal, obj: dict[str, Any], event: dict[str, Any]
) -> str | None:
    """Book what Stripe refunded beyond what MPanel already recorded (refunds made here are
    recorded before their webhook can be, because the refund holds the payment's lock)."""
    reference, currency = str(obj.get("payment_intent") or ""), str(obj.get("currency") or "").upper()
    if not reference or not currency:
        return "charge without a PaymentIntent"
    payment = await payments.payment_by_reference(session, "stripe", reference, for_update=True)
    if payment is None and obj.get("paid") and obj.get("amount_captured"):
        # The refund's event came before the payment's: the charge itself proves the payment.
        invoice_id = await _invoice_id(session, obj, reference)
        if invoice_id is None:
            return "no MPanel invoice for this charge"
        amount = from_minor(int(obj["amount_captured"]), currency)
        await payments.record_gateway_payment(session, actor, invoice_id, amount, gateway="stripe", reference=reference)
        payment = await payments.payment_by_reference(session, "stripe", reference, for_update=True)
    if payment is None:
        return "no MPanel payment for this charge"
    refunded_at_stripe = from_minor(int(obj.get("amount_refunded") or 0), currency)
    missing = refunded_at_stripe - await payments.gateway_refunded(session, payment)
    if missing > 0:
        await payments.record_gateway_refund(session, actor, payment, missing, "Refunded in Stripe")
    return None


async def _dispute_created(
    session: AsyncSession, actor: Principal, obj: dict[str, Any], event: dict[str, Any]
) -> str | None:
    reference = str(obj.get("payment_intent") or "")
    payment = await payments.payment_by_reference(session, "stripe", reference) if reference else None
    if payment is None:
        return "no MPanel payment for this dispute"
    currency = str(obj.get("currency") or payment.currency).upper()
    amount = from_minor(int(obj.get("amount") or 0), currency)
    await events.emit(
        session,
        "payment.disputed",
        customer_id=payment.customer_id,
        invoice_id=payment.invoice_id,
        dedupe_key=f"payment.disputed:{obj.get('id')}",
    )
    await audit.record(
        session,
        actor,
        "payment.dispute",
        entity_type="payments",
        entity_id=str(payment.id),
        after={
            "dispute": obj.get("id"),
            "amount": str(amount),
            "reason": obj.get("reason"),
            "status": obj.get("status"),
        },
    )
    return None


async def _setup_succeeded(
    session: AsyncSession, actor: Principal, obj: dict[str, Any], event: dict[str, Any]
) -> str | None:
    """A card saved in the portal becomes the one auto-charges use."""
    method = obj.get("payment_method")
    method = method.get("id") if isinstance(method, dict) else method
    row = await session.scalar(
        select(StripeCustomer)
        .where(StripeCustomer.stripe_customer_id == str(obj.get("customer") or ""))
        .with_for_update()
    )
    if row is None or not method:
        return "no MPanel customer for this SetupIntent"
    before = audit.snapshot(row)
    row.default_payment_method_id = str(method)
    await audit.record(session, actor, "stripe.customer.default_card", row, before=before)
    return None


HANDLERS = {
    "payment_intent.succeeded": _payment_intent,
    "payment_intent.payment_failed": _payment_intent,
    "payment_intent.requires_action": _payment_intent,
    "payment_intent.processing": _payment_intent,
    "payment_intent.canceled": _payment_intent,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": _dispute_created,
    "setup_intent.succeeded": _setup_succeeded,
}
