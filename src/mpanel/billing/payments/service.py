"""Payments against invoices: offline payments, partial payments, overpayment into account
credit, paying with account credit, and refunds that issue credit notes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.billing import events
from mpanel.billing.invoices import numbering
from mpanel.billing.invoices import service as invoices
from mpanel.billing.invoices.models import OPEN_STATUSES, Invoice
from mpanel.billing.payments.gateways.base import PaymentGateway
from mpanel.billing.payments.gateways.offline import GATEWAYS
from mpanel.billing.payments.gateways.stripe import StripePlatform
from mpanel.billing.payments.models import CreditNote, Payment, PaymentAttempt, PaymentMethod, PaymentStatus, Refund
from mpanel.billing.payments.schemas import CreditNoteSort, PaymentCreate, PaymentSort, RefundCreate
from mpanel.billing.stripe import accounts as stripe_accounts
from mpanel.billing.subscriptions import service as subscriptions
from mpanel.core.errors import Conflict, Invalid, NotFound
from mpanel.core.money import format_amount
from mpanel.core.time import utcnow
from mpanel.customers import service as customers
from mpanel.db.lookup import one_or_not_found
from mpanel.db.pagination import keyset_page, sort_by, sort_fields

CREDIT_NOTE_SORT = sort_fields(
    CreditNoteSort, {"number": CreditNote.number, "amount": CreditNote.amount, "createdAt": CreditNote.created_at}
)


PAYMENT_SORT = sort_fields(
    PaymentSort, {"amount": Payment.amount, "receivedAt": Payment.received_at, "createdAt": Payment.created_at}
)


class NothingToRefund(Conflict):
    code = "nothing_to_refund"
    message = "Nothing of this payment is left to refund."


class RefundTooLarge(Conflict):
    code = "refund_too_large"

    def __init__(self, refundable: Decimal) -> None:
        message = f"At most {format_amount(refundable)} of this payment can be refunded."
        super().__init__(message, details=[{"field": "amount", "message": message}])


class CurrencyMismatch(Invalid):
    code = "currency_mismatch"

    def __init__(self, currency: str) -> None:
        message = f"The invoice is in {currency}."
        super().__init__(message, details=[{"field": "currency", "message": message}])


async def get(session: AsyncSession, actor: Principal, payment_id: uuid.UUID, *, for_update: bool = False) -> Payment:
    stmt = actor.narrow_to_customer(select(Payment).where(Payment.id == payment_id), Payment.customer_id)
    return await one_or_not_found(session, stmt, "payment", payment_id, for_update=for_update)


async def list_payments(
    session: AsyncSession,
    actor: Principal,
    *,
    limit: int,
    cursor: str | None = None,
    invoice_id: uuid.UUID | None = None,
    customer_id: uuid.UUID | None = None,
    sort: str | None = None,
) -> tuple[list[Payment], str | None]:
    stmt = actor.narrow_to_customer(select(Payment), Payment.customer_id)
    if invoice_id:
        stmt = stmt.where(Payment.invoice_id == invoice_id)
    if customer_id:
        stmt = stmt.where(Payment.customer_id == customer_id)
    return await keyset_page(
        session,
        stmt,
        created_at=Payment.created_at,
        row_id=Payment.id,
        limit=limit,
        cursor=cursor,
        sort=sort_by(sort, PAYMENT_SORT),
    )


async def _invoice_for_payment(session: AsyncSession, actor: Principal, invoice_id: uuid.UUID) -> Invoice:
    try:
        invoice = await invoices.get(session, actor, invoice_id, for_update=True)
    except NotFound as exc:
        message = "No such invoice."
        raise Invalid(message, code="invoice_not_found", details=[{"field": "invoiceId", "message": message}]) from exc
    invoices.ensure_open(invoice)
    return invoice


async def _apply(
    session: AsyncSession,
    actor: Principal,
    invoice: Invoice,
    amount: Decimal,
    method: PaymentMethod,
    *,
    reference: str = "",
    received_at: Any = None,
    gateway: str = "offline",
    gateway_reference: str | None = None,
) -> Payment:
    """Apply `amount` to the invoice; what exceeds its balance becomes account credit (all of it
    when the invoice is no longer open, as for a card payment that lands after a bank transfer)."""
    applied = min(amount, invoice.balance) if invoice.status in OPEN_STATUSES else Decimal(0)
    payment = Payment(
        customer_id=invoice.customer_id,
        invoice_id=invoice.id,
        amount=amount,
        applied=applied,
        refunded=Decimal(0),
        currency=invoice.currency,
        method=method,
        gateway=gateway,
        gateway_reference=gateway_reference,
        reference=reference,
        received_at=received_at or utcnow(),
        actor_id=actor.user_id,
    )
    session.add(payment)
    invoice.amount_paid += applied
    invoices.settle(invoice)
    await session.flush()
    if method is not PaymentMethod.ACCOUNT_CREDIT:
        await events.emit(
            session,
            "payment.received",
            dedupe_key=f"payment.received:{payment.id}",
            customer_id=invoice.customer_id,
            invoice_id=invoice.id,
            payment_id=payment.id,
        )
    await audit.record(session, actor, "payment.create", payment)
    await subscriptions.on_invoice_settled(session, actor, invoice)
    if amount > applied:
        await customers.adjust_credit(
            session, actor, invoice.customer_id, amount - applied, reason="overpayment", reference_id=payment.id
        )
    return payment


async def record(session: AsyncSession, actor: Principal, data: PaymentCreate) -> Payment:
    """An offline payment (bank transfer, cash, cheque...) received for an invoice."""
    invoice = await _invoice_for_payment(session, actor, data.invoice_id)
    if data.currency and data.currency != invoice.currency:
        raise CurrencyMismatch(invoice.currency)
    if data.method is PaymentMethod.ACCOUNT_CREDIT:
        raise Invalid(
            "Use the invoice's apply-credit action to pay with account credit.",
            details=[{"field": "method", "message": "not for recorded payments"}],
        )
    return await _apply(
        session, actor, invoice, data.amount, data.method, reference=data.reference, received_at=data.received_at
    )


async def payment_by_reference(
    session: AsyncSession, gateway: str, reference: str, *, for_update: bool = False
) -> Payment | None:
    stmt = select(Payment).where(Payment.gateway == gateway, Payment.gateway_reference == reference)
    if for_update:
        stmt = stmt.with_for_update()
    payment: Payment | None = await session.scalar(stmt)
    return payment


async def record_gateway_payment(
    session: AsyncSession,
    actor: Principal,
    invoice_id: uuid.UUID,
    amount: Decimal,
    *,
    gateway: str,
    reference: str,
    method: PaymentMethod = PaymentMethod.CARD,
) -> Payment:
    """Money a gateway took for an invoice (a succeeded PaymentIntent), recorded once per gateway
    reference however often it is reported (the charge job, the portal and every webhook
    delivery may each report it). Payments are inserted under the invoice's lock, so concurrent
    reports take turns and the later one finds the payment."""
    invoice = await invoices.get(session, actor, invoice_id, for_update=True)
    existing = await payment_by_reference(session, gateway, reference)
    if existing is not None:
        return existing
    return await _apply(
        session, actor, invoice, amount, method, reference=reference, gateway=gateway, gateway_reference=reference
    )


async def _gateway(session: AsyncSession, name: str, platform: StripePlatform | None) -> PaymentGateway:
    if name == "stripe":
        return await stripe_accounts.gateway(session, platform or StripePlatform())
    return GATEWAYS[name]


async def apply_credit(
    session: AsyncSession, actor: Principal, invoice_id: uuid.UUID, amount: Decimal | None = None
) -> Payment:
    """Pay (part of) an invoice from the customer's account credit."""
    invoice = await invoices.get(session, actor, invoice_id, for_update=True)
    invoices.ensure_open(invoice)
    customer = await customers.get(session, actor, invoice.customer_id, for_update=True)
    usable = min(customer.credit_balance, invoice.balance)
    if usable <= 0:
        raise invoices.NoCreditAvailable()
    wanted = usable if amount is None else amount
    if wanted <= 0 or wanted > usable:
        message = f"At most {format_amount(usable)} of account credit can be applied."
        raise Invalid(message, code="credit_amount_invalid", details=[{"field": "amount", "message": message}])
    await customers.adjust_credit(session, actor, customer.id, -wanted, reason="invoice", reference_id=invoice.id)
    return await _apply(session, actor, invoice, wanted, PaymentMethod.ACCOUNT_CREDIT)


@dataclass(frozen=True)
class RefundResult:
    refund: Refund
    credit_note: CreditNote


async def refund(
    session: AsyncSession,
    actor: Principal,
    payment_id: uuid.UUID,
    data: RefundCreate,
    *,
    platform: StripePlatform | None = None,
) -> RefundResult:
    """Give back (part of) what a payment applied to its invoice, through its gateway or into
    account credit, with a credit note that credits the invoice by the same amount. The payment
    stays locked while the gateway refunds, so the gateway's own report of the refund (a webhook)
    waits and then finds it recorded."""
    payment = await get(session, actor, payment_id, for_update=True)
    refundable = payment.applied - payment.refunded
    if refundable <= 0:
        raise NothingToRefund()
    amount = refundable if data.amount is None else data.amount
    if amount > refundable:
        raise RefundTooLarge(refundable)
    to_credit = data.to_account_credit or payment.method is PaymentMethod.ACCOUNT_CREDIT
    gateway_reference = None
    if not to_credit:
        gateway = await _gateway(session, payment.gateway, platform)
        result = await gateway.refund(
            payment_reference=payment.gateway_reference, amount=amount, currency=payment.currency
        )
        gateway_reference = result.reference
    return await _book_refund(
        session, actor, payment, amount, data.reason, to_credit=to_credit, gateway_reference=gateway_reference
    )


async def gateway_refunded(session: AsyncSession, payment: Payment) -> Decimal:
    """What MPanel has recorded as refunded through the payment's gateway (not into credit)."""
    total = await session.scalar(
        select(func.coalesce(func.sum(Refund.amount), 0)).where(
            Refund.payment_id == payment.id, Refund.to_account_credit.is_(False)
        )
    )
    return Decimal(total or 0)


async def record_gateway_refund(
    session: AsyncSession, actor: Principal, payment: Payment, amount: Decimal, reason: str
) -> RefundResult | None:
    """A refund made at the gateway (in Stripe's dashboard, say) and reported back: booked like
    one made here, with its credit note, up to what is still refundable. `payment` must be
    locked (payment_by_reference)."""
    amount = min(amount, payment.applied - payment.refunded)
    if amount <= 0:
        return None
    return await _book_refund(session, actor, payment, amount, reason, to_credit=False, gateway_reference=None)


async def _book_refund(
    session: AsyncSession,
    actor: Principal,
    payment: Payment,
    amount: Decimal,
    reason: str,
    *,
    to_credit: bool,
    gateway_reference: str | None,
) -> RefundResult:
    invoice = await invoices.get(session, actor, payment.invoice_id, for_update=True)
    settings = await invoices.tenant_billing_settings(session)
    note = CreditNote(
        number=await numbering.next_number(session, "credit_note", settings.credit_note_number_format, utcnow().date()),
        invoice_id=invoice.id,
        customer_id=invoice.customer_id,
        amount=amount,
        currency=invoice.currency,
        reason=reason,
    )
    session.add(note)
    await session.flush()
    entry = Refund(
        payment_id=payment.id,
        credit_note_id=note.id,
        amount=amount,
        currency=payment.currency,
        to_account_credit=to_credit,
        gateway_reference=gateway_reference,
        reason=reason,
        actor_id=actor.user_id,
    )
    session.add(entry)
    payment.refunded += amount
    fully = payment.refunded >= payment.applied
    payment.status = PaymentStatus.REFUNDED if fully else PaymentStatus.PARTIALLY_REFUNDED
    invoice.amount_paid -= amount
    invoice.amount_credited += amount
    invoices.settle(invoice)
    if to_credit:
        await customers.adjust_credit(
            session, actor, invoice.customer_id, amount, reason="refund", reference_id=note.id
        )
    await audit.record(session, actor, "payment.refund", entry)
    await audit.record(session, actor, "credit_note.create", note)
    return RefundResult(entry, note)


async def list_credit_notes(
    session: AsyncSession,
    actor: Principal,
    *,
    limit: int,
    cursor: str | None = None,
    invoice_id: uuid.UUID | None = None,
    sort: str | None = None,
) -> tuple[list[CreditNote], str | None]:
    stmt = actor.narrow_to_customer(select(CreditNote), CreditNote.customer_id)
    if invoice_id:
        stmt = stmt.where(CreditNote.invoice_id == invoice_id)
    return await keyset_page(
        session,
        stmt,
        created_at=CreditNote.created_at,
        row_id=CreditNote.id,
        limit=limit,
        cursor=cursor,
        sort=sort_by(sort, CREDIT_NOTE_SORT),
    )


async def list_attempts(session: AsyncSession, actor: Principal, invoice_id: uuid.UUID) -> list[PaymentAttempt]:
    """Every try at charging the invoice through a gateway, oldest first (the dunning history)."""
    await invoices.get(session, actor, invoice_id)
    rows = await session.scalars(
        select(PaymentAttempt)
        .where(PaymentAttempt.invoice_id == invoice_id)
        .order_by(PaymentAttempt.created_at, PaymentAttempt.id)
    )
    return list(rows)
