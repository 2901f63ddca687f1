"""Card payments through Stripe: a Stripe customer per MPanel customer, saving a card with a
SetupIntent, paying an invoice with a PaymentIntent (on session from the portal, off session
from the billing run's auto-charge jobs), and applying what Stripe says about an intent to the
payment attempt and, once it succeeded, to the invoice through the payments service.

Stripe is never called inside the billing run's transaction: the run inserts `scheduled`
attempts and enqueues one job each; the job reads in one short transaction, calls Stripe with
no transaction open, and records the outcome in another."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import exists, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.billing import events
from mpanel.billing.invoices import service as invoices
from mpanel.billing.invoices.models import OPEN_STATUSES, Invoice
from mpanel.billing.payments import service as payments
from mpanel.billing.payments.gateways.stripe import Card, Intent, StripeGateway, StripePlatform
from mpanel.billing.payments.models import AttemptStatus, AttemptTrigger, PaymentAttempt
from mpanel.billing.settings import BillingSettings
from mpanel.billing.stripe import accounts
from mpanel.billing.stripe.accounts import StripeNotConfigured
from mpanel.billing.stripe.models import StripeCustomer
from mpanel.billing.stripe.schemas import CardOut, InvoicePay, SetupIntentOut
from mpanel.core.errors import AppError, Invalid
from mpanel.core.money import format_amount
from mpanel.core.time import utcnow
from mpanel.customers import service as customers
from mpanel.jobs import enqueue_many
from mpanel.users.models import Role

CHARGE_TASK = "stripe.charge_attempt"
# An attempt still "processing" after this long is taken for lost (its job died) by the scheduler.
STALE_AFTER = timedelta(days=1)


class PaymentDeclined(AppError):
    """The card was declined. The attempt is kept (it shows on the invoice), so the refusal
    commits what was written before it."""

    status = 402
    code = "payment_declined"
    message = "The card was declined."
    keep_changes = True


class AmountAboveBalance(Invalid):
    code = "amount_above_balance"

    def __init__(self, balance: Decimal) -> None:
        message = f"At most the balance of {format_amount(balance)} can be paid."
        super().__init__(message, details=[{"field": "amount", "message": message}])


def _metadata(
    actor: Principal, invoice_id: uuid.UUID | None = None, attempt_id: uuid.UUID | None = None
) -> dict[str, str]:
    """What MPanel stamps on every Stripe object it creates. The platform webhook trusts the
    tenant in it only after checking Stripe's signature and that the tenant uses the platform account."""
    data = {"mpanel_tenant": str(actor.tenant_id)}
    if invoice_id:
        data["mpanel_invoice"] = str(invoice_id)
    if attempt_id:
        data["mpanel_attempt"] = str(attempt_id)
    return data


async def stripe_customer(session: AsyncSession, customer_id: uuid.UUID) -> StripeCustomer | None:
    found: StripeCustomer | None = await session.scalar(
        select(StripeCustomer).where(StripeCustomer.customer_id == customer_id)
    )
    return found


async def ensure_customer(
    session: AsyncSession, actor: Principal, gateway: StripeGateway, customer_id: uuid.UUID
) -> StripeCustomer:
    """The customer's Stripe customer, created on first use (the idempotency key makes a retry
    after a lost answer return the same Stripe customer)."""
    customer = await customers.get(session, actor, customer_id, for_update=True)
    existing = await stripe_customer(session, customer.id)
    if existing is not None:
        return existing
    stripe_id = await gateway.create_customer(
        email=customer.email,
        name=customer.company_name or customer.name,
        metadata={**_metadata(actor), "mpanel_customer": str(customer.id)},
        idempotency_key=f"mpanel-customer-{customer.id}",
    )
    row = StripeCustomer(customer_id=customer.id, stripe_customer_id=stripe_id)
    session.add(row)
    await audit.record(session, actor, "stripe.customer.create", row)
    return row


async def setup_intent(
    session: AsyncSession, actor: Principal, customer_id: uuid.UUID, platform: StripePlatform
) -> SetupIntentOut:
    """Start saving a card: the portal confirms the client secret with Stripe.js Elements, and
    the `setup_intent.succeeded` webhook makes the card the one auto-charges use."""
    await customers.get(session, actor, customer_id)
    gateway = await accounts.gateway(session, platform)
    row = await ensure_customer(session, actor, gateway, customer_id)
    intent = await gateway.create_setup_intent(customer=row.stripe_customer_id, metadata=_metadata(actor))
    await audit.record(
        session,
        actor,
        "stripe.setup_intent.create",
        entity_type="customers",
        entity_id=str(customer_id),
        after={"setupIntent": intent.id},
    )
    return SetupIntentOut(
        setup_intent_id=intent.id,
        client_secret=intent.client_secret or "",
        publishable_key=gateway.keys.publishable_key,
    )


def _cards_out(cards: list[Card], default: str | None) -> list[CardOut]:
    return [
        CardOut(
            id=c.id,
            brand=c.brand,
            last4=c.last4,
            exp_month=c.exp_month,
            exp_year=c.exp_year,
            is_default=c.id == default,
        )
        for c in cards
    ]


async def list_cards(
    session: AsyncSession, actor: Principal, customer_id: uuid.UUID, platform: StripePlatform
) -> list[CardOut]:
    """The customer's saved cards, from Stripe. A customer with cards but no default (the
    webhook has not arrived) gets the newest as default, so auto-charge does not wait for it."""
    await customers.get(session, actor, customer_id)
    row = await stripe_customer(session, customer_id)
    if row is None:
        return []
    gateway = await accounts.gateway(session, platform)
    cards = await gateway.list_cards(row.stripe_customer_id)
    if cards and row.default_payment_method_id not in {c.id for c in cards}:
        row.default_payment_method_id = cards[0].id
        await audit.record(session, actor, "stripe.customer.default_card", row)
    return _cards_out(cards, row.default_payment_method_id)


async def set_default_card(
    session: AsyncSession, actor: Principal, customer_id: uuid.UUID, payment_method_id: str, platform: StripePlatform
) -> list[CardOut]:
    await customers.get(session, actor, customer_id)
    row = await stripe_customer(session, customer_id)
    gateway = await accounts.gateway(session, platform)
    cards = await gateway.list_cards(row.stripe_customer_id) if row else []
    if row is None or payment_method_id not in {c.id for c in cards}:
        raise Invalid.on_field("paymentMethodId", "No such saved card.", "card_not_found")
    before = audit.snapshot(row)
    row.default_payment_method_id = payment_method_id
    await audit.record(session, actor, "stripe.customer.default_card", row, before=before)
    return _cards_out(cards, payment_method_id)


async def _emit(session: AsyncSession, kind: str, attempt: PaymentAttempt) -> None:
    """A customer-facing event (the notifications issue e-mails it with a pay link), once per attempt."""
    await events.emit(
        session, kind, customer_id=attempt.customer_id, invoice_id=attempt.invoice_id, dedupe_key=f"{kind}:{attempt.id}"
    )


async def apply_intent(session: AsyncSession, actor: Principal, attempt: PaymentAttempt, intent: Intent) -> None:
    """Bring the attempt (and, when the money arrived, the invoice) to what Stripe says about the
    intent. Order-proof: a succeeded attempt never goes back, and the payment is recorded once
    per PaymentIntent whoever reports it (this request, the charge job or a webhook). The caller
    holds the invoice's lock, then the attempt's."""
    if intent.id and attempt.gateway_reference is None:
        attempt.gateway_reference = intent.id
    if intent.payment_method:
        attempt.payment_method = intent.payment_method
    if attempt.status is AttemptStatus.SUCCEEDED:
        return
    if intent.currency and intent.currency != attempt.currency:
        attempt.status, attempt.failure_code = AttemptStatus.FAILED, "currency_mismatch"
        attempt.failure_message = f"Stripe charged in {intent.currency}, the invoice is in {attempt.currency}."
        return
    if intent.status == "succeeded":
        amount = intent.amount_received or intent.amount or attempt.amount
        payment = await payments.record_gateway_payment(
            session, actor, attempt.invoice_id, amount, gateway="stripe", reference=intent.id
        )
        attempt.status, attempt.payment_id, attempt.amount = AttemptStatus.SUCCEEDED, payment.id, amount
        attempt.failure_code = attempt.failure_message = None
    elif intent.status in ("requires_action", "requires_confirmation"):
        attempt.status = AttemptStatus.REQUIRES_ACTION
        attempt.failure_code = intent.failure_code or "authentication_required"
        attempt.failure_message = intent.failure_message or "The bank asks the customer to confirm this payment."
        if attempt.trigger is AttemptTrigger.BILLING_RUN:
            await _emit(session, "payment.action_required", attempt)
    elif intent.status == "processing":
        attempt.status = AttemptStatus.PROCESSING
    elif intent.failure_code or intent.status in ("failed", "canceled"):
        attempt.status = AttemptStatus.FAILED
        attempt.failure_code = (intent.failure_code or intent.status)[:100]
        attempt.failure_message = (intent.failure_message or "The payment failed.")[:500]
        if attempt.trigger is AttemptTrigger.BILLING_RUN:
            await _emit(session, "payment.failed", attempt)
    else:  # a new intent waiting for the customer's card in the portal
        attempt.status = AttemptStatus.PENDING
    await session.flush()


async def attempt_by_reference(session: AsyncSession, reference: str) -> PaymentAttempt | None:
    found: PaymentAttempt | None = await session.scalar(
        select(PaymentAttempt).where(PaymentAttempt.gateway_reference == reference).with_for_update()
    )
    return found


async def _attempt(session: AsyncSession, attempt_id: uuid.UUID) -> PaymentAttempt | None:
    found: PaymentAttempt | None = await session.scalar(
        select(PaymentAttempt).where(PaymentAttempt.id == attempt_id).with_for_update()
    )
    return found


@dataclass(frozen=True)
class PayResult:
    attempt: PaymentAttempt
    invoice: Invoice
    client_secret: str | None
    publishable_key: str | None


async def pay_invoice(
    session: AsyncSession, actor: Principal, invoice_id: uuid.UUID, data: InvoicePay, platform: StripePlatform
) -> PayResult:
    """Pay an invoice by card. With a saved card it is charged at once (a client is on session;
    staff charge it for the customer, off session); without one the answer carries the
    PaymentIntent's client secret for Stripe.js to collect the card. Nothing reaches Stripe
    unless the invoice is open, in that currency, and owes at least the amount."""
    invoice = await invoices.get(session, actor, invoice_id, for_update=True)
    invoices.ensure_open(invoice)
    if data.currency and data.currency != invoice.currency:
        raise payments.CurrencyMismatch(invoice.currency)
    amount = invoice.balance if data.amount is None else data.amount
    if amount > invoice.balance:
        raise AmountAboveBalance(invoice.balance)
    gateway = await accounts.gateway(session, platform)
    row = await ensure_customer(session, actor, gateway, invoice.customer_id)
    on_session = actor.role is Role.CLIENT
    if data.payment_method_id and data.payment_method_id not in {
        c.id for c in await gateway.list_cards(row.stripe_customer_id)
    }:
        raise Invalid.on_field("paymentMethodId", "No such saved card.", "card_not_found")
    attempt = PaymentAttempt(
        invoice_id=invoice.id,
        customer_id=invoice.customer_id,
        trigger=AttemptTrigger.PORTAL if on_session else AttemptTrigger.STAFF,
        status=AttemptStatus.PROCESSING,
        amount=amount,
        currency=invoice.currency,
        gateway="stripe",
        attempted_at=utcnow(),
        actor_id=actor.user_id,
    )
    session.add(attempt)
    await session.flush()
    intent = await gateway.create_payment_intent(
        amount=amount,
        currency=invoice.currency,
        customer=row.stripe_customer_id,
        metadata=_metadata(actor, invoice.id, attempt.id),
        idempotency_key=f"mpanel-attempt-{attempt.id}",
        payment_method=data.payment_method_id,
        off_session=not on_session,
    )
    await apply_intent(session, actor, attempt, intent)
    await audit.record(session, actor, "payment_attempt.create", attempt)
    if attempt.status is AttemptStatus.FAILED:
        raise PaymentDeclined(attempt.failure_message or PaymentDeclined.message, code="payment_declined")
    return PayResult(attempt, invoice, intent.client_secret, gateway.keys.publishable_key)


async def schedule_auto_charges(session: AsyncSession, day: date, settings: BillingSettings) -> int:
    """The billing run's collection step, set-based: every open invoice of a customer with a saved
    card whose next auto-charge falls due today (the due date, then the dunning retry days) gets
    a numbered `scheduled` attempt and one charge job, enqueued in this transaction."""
    offsets = settings.charge_offsets()
    if not offsets:
        return 0
    rows = await session.execute(_SCHEDULE, {"day": day, "offsets": offsets, "stale": utcnow() - STALE_AFTER})
    jobs = [{"tenant_id": r.tenant_id, "attempt_id": r.id} for r in rows]
    await enqueue_many(session, CHARGE_TASK, jobs, queue_name="payments")
    return len(jobs)


_SCHEDULE = text(
    """
    with due as (
        select i.tenant_id, i.id, i.customer_id, i.currency, i.due_date,
               i.total - i.amount_paid - i.amount_credited as balance,
               (select count(*) from payment_attempts a
                where a.tenant_id = i.tenant_id and a.invoice_id = i.id and a.attempt_no is not null) as done
        from invoices i
        join stripe_customers c on c.tenant_id = i.tenant_id and c.customer_id = i.customer_id
        where i.status in ('unpaid', 'partially-paid', 'overdue') and i.due_date <= :day
          and c.default_payment_method_id is not null
          and i.total - i.amount_paid - i.amount_credited > 0
          and not exists (
              select 1 from payment_attempts a where a.tenant_id = i.tenant_id and a.invoice_id = i.id
              and (a.scheduled_for = :day or (a.status in ('scheduled', 'processing') and a.updated_at > :stale)))
    )
    insert into payment_attempts (invoice_id, customer_id, trigger, attempt_no, scheduled_for, status, amount,
                                  currency, gateway)
    select id, customer_id, 'billing_run', done + 1, :day, 'scheduled', balance, currency, 'stripe'
    from due
    where done < cardinality(cast(:offsets as int[]))
      and due_date + (cast(:offsets as int[]))[done + 1] <= :day
    on conflict do nothing
    returning tenant_id, id
    """
)


@dataclass(frozen=True)
class _Charge:
    gateway: StripeGateway
    attempt_id: uuid.UUID
    invoice_id: uuid.UUID
    amount: Decimal
    currency: str
    customer: str
    payment_method: str
    metadata: dict[str, str]


async def _prepare_charge(
    session: AsyncSession, actor: Principal, attempt_id: uuid.UUID, platform: StripePlatform
) -> _Charge | None:
    attempt = await _attempt(session, attempt_id)
    if attempt is None or attempt.status not in (AttemptStatus.SCHEDULED, AttemptStatus.PROCESSING):
        return None  # already done: a repeated job changes nothing
    invoice = await invoices.get(session, actor, attempt.invoice_id)
    busy = await session.scalar(
        select(
            exists().where(
                PaymentAttempt.invoice_id == invoice.id,
                PaymentAttempt.id != attempt.id,
                PaymentAttempt.status == AttemptStatus.PROCESSING,
                PaymentAttempt.updated_at > utcnow() - STALE_AFTER,
            )
        )
    )
    if invoice.status not in OPEN_STATUSES or invoice.balance <= 0 or busy:
        attempt.status = AttemptStatus.SKIPPED
        attempt.failure_message = "Another charge is in progress." if busy else "Nothing was left to charge."
        return None
    row = await stripe_customer(session, invoice.customer_id)
    try:
        gateway = await accounts.gateway(session, platform)
    except StripeNotConfigured:
        gateway = None
    if gateway is None or row is None or row.default_payment_method_id is None:
        attempt.status, attempt.failure_code = (
            AttemptStatus.FAILED,
            "no_saved_card" if gateway else "stripe_not_configured",
        )
        attempt.failure_message = "No saved card to charge." if gateway else StripeNotConfigured.message
        await _emit(session, "payment.failed", attempt)
        return None
    attempt.status, attempt.amount, attempt.attempted_at = AttemptStatus.PROCESSING, invoice.balance, utcnow()
    attempt.payment_method = row.default_payment_method_id
    return _Charge(
        gateway=gateway,
        attempt_id=attempt.id,
        invoice_id=invoice.id,
        amount=invoice.balance,
        currency=invoice.currency,
        customer=row.stripe_customer_id,
        payment_method=row.default_payment_method_id,
        metadata=_metadata(actor, invoice.id, attempt.id),
    )


async def lock_attempt(
    session: AsyncSession, actor: Principal, invoice_id: uuid.UUID, attempt_id: uuid.UUID
) -> PaymentAttempt | None:
    """The invoice's lock first, then the attempt's: the order every writer of both uses."""
    await invoices.get(session, actor, invoice_id, for_update=True)
    return await _attempt(session, attempt_id)


SessionFactory = Callable[[], AbstractAsyncContextManager[AsyncSession]]


async def charge_attempt(
    open_session: SessionFactory, tenant_id: uuid.UUID, attempt_id: uuid.UUID, platform: StripePlatform
) -> AttemptStatus | None:
    """The charge job: read and mark the attempt (one transaction), charge the saved card off
    session with no transaction open, record the outcome (another transaction). The idempotency
    key is the attempt's id, so a retried job gets the same PaymentIntent, never a second charge."""
    actor = Principal.system(tenant_id)
    async with open_session() as session:
        charge = await _prepare_charge(session, actor, attempt_id, platform)
    if charge is None:
        return None
    intent = await charge.gateway.create_payment_intent(
        amount=charge.amount,
        currency=charge.currency,
        customer=charge.customer,
        metadata=charge.metadata,
        idempotency_key=f"mpanel-attempt-{charge.attempt_id}",
        payment_method=charge.payment_method,
        off_session=True,
    )
    async with open_session() as session:
        attempt = await lock_attempt(session, actor, charge.invoice_id, charge.attempt_id)
        if attempt is None:
            return None
        await apply_intent(session, actor, attempt, intent)
        await audit.record(session, actor, "payment_attempt.charge", attempt)
        return attempt.status
