"""Invoices: creation with taxes by rule, gapless numbers, issue, cancel, account credit, and
the status that follows from what was paid or credited."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.billing import events
from mpanel.billing.invoices import numbering
from mpanel.billing.invoices.models import OPEN_STATUSES, Invoice, InvoiceItem, InvoiceStatus, InvoiceTax
from mpanel.billing.invoices.schemas import InvoiceCreate, InvoiceItemIn, InvoiceSort
from mpanel.billing.settings import BillingSettings, billing_settings
from mpanel.billing.tax import service as tax_rules
from mpanel.billing.tax.calculate import LineIn, TaxRate, TaxResult, compute_taxes
from mpanel.core.errors import Conflict, Invalid, NotFound
from mpanel.core.money import format_amount, round_minor
from mpanel.core.time import utcnow
from mpanel.customers import service as customers
from mpanel.customers.models import Customer
from mpanel.db.lookup import one_or_not_found
from mpanel.db.pagination import keyset_page, sort_by, sort_fields
from mpanel.tenants.models import Tenant
from mpanel.users.models import Role

ZERO = Decimal(0)
INVOICE_SORT = sort_fields(
    InvoiceSort,
    {"number": Invoice.number, "dueDate": Invoice.due_date, "total": Invoice.total, "createdAt": Invoice.created_at},
    number="",  # drafts (no number yet) sort as ""
)


class InvoiceNotDraft(Conflict):
    code = "invoice_not_draft"
    message = "Only a draft invoice can be issued."


class InvoiceNotOpen(Conflict):
    code = "invoice_not_open"
    message = "The invoice is not open for payment."


class InvoiceHasPayments(Conflict):
    code = "invoice_has_payments"
    message = "The invoice has payments: refund them before cancelling it."


class InvoiceNumberTaken(Conflict):
    code = "invoice_number_taken"
    message = "An invoice with this number already exists."

    def __init__(self) -> None:
        super().__init__(details=[{"field": "invoiceNumber", "message": self.message}])


class NoCreditAvailable(Conflict):
    code = "no_credit_available"
    message = "The customer has no account credit to apply."


def _scope(stmt: Any, actor: Principal) -> Any:
    """Clients see their own customer's invoices, never drafts."""
    if actor.role is Role.CLIENT:
        stmt = stmt.where(Invoice.status != InvoiceStatus.DRAFT)
    return actor.narrow_to_customer(stmt, Invoice.customer_id)


async def get(
    session: AsyncSession, actor: Principal, invoice_id: uuid.UUID, *, for_update: bool = False, detail: bool = False
) -> Invoice:
    stmt = _scope(select(Invoice).where(Invoice.id == invoice_id), actor)
    if detail:
        stmt = stmt.options(selectinload(Invoice.items), selectinload(Invoice.taxes))
    return await one_or_not_found(session, stmt, "invoice", invoice_id, for_update=for_update)


async def list_invoices(
    session: AsyncSession,
    actor: Principal,
    *,
    limit: int,
    cursor: str | None = None,
    status: InvoiceStatus | None = None,
    customer_id: uuid.UUID | None = None,
    due_before: date | None = None,
    number: str | None = None,
    sort: str | None = None,
) -> tuple[list[Invoice], str | None]:
    stmt = _scope(select(Invoice), actor)
    if status:
        stmt = stmt.where(Invoice.status == status)
    if customer_id:
        stmt = stmt.where(Invoice.customer_id == customer_id)
    if due_before:
        stmt = stmt.where(Invoice.due_date < due_before)
    if number:
        stmt = stmt.where(Invoice.number.startswith(number, autoescape=True))
    return await keyset_page(
        session,
        stmt,
        created_at=Invoice.created_at,
        row_id=Invoice.id,
        limit=limit,
        cursor=cursor,
        sort=sort_by(sort, INVOICE_SORT),
    )


async def tenant_billing_settings(session: AsyncSession) -> BillingSettings:
    settings = await session.scalar(select(Tenant.settings))
    return billing_settings(settings or {})


def _line_amounts(items: list[InvoiceItemIn], currency: str) -> list[Decimal]:
    """quantity x unit price, rounded per line; a given `amount` must agree."""
    amounts = []
    for index, item in enumerate(items):
        amount = round_minor(item.quantity * item.unit_price, currency)
        if item.amount is not None and item.amount != amount:
            raise Invalid.on_field(
                f"items.{index}.amount",
                f"amount must equal quantity x unitPrice ({format_amount(amount)})",
                "amount_mismatch",
            )
        amounts.append(amount)
    return amounts


async def _customer_for_invoice(session: AsyncSession, actor: Principal, customer_id: uuid.UUID) -> Customer:
    try:
        return await customers.get(session, actor, customer_id)
    except NotFound as exc:
        raise Invalid.on_field("customerId", "No such customer.", "customer_not_found") from exc


async def _taxes(
    session: AsyncSession,
    customer: Customer,
    settings: BillingSettings,
    amounts: list[Decimal],
    items: list[InvoiceItemIn],
    override: Decimal | None,
) -> tuple[TaxResult, str | None]:
    if override is not None:
        rates: tuple[TaxRate, ...] = (TaxRate("", "Tax", override, 1, False),) if override else ()
        note = None
    else:
        applicable = await tax_rules.applicable(session, customer, settings)
        rates, note = applicable.rates, applicable.decision.note
    lines = [LineIn(amount, item.taxable) for amount, item in zip(amounts, items, strict=True)]
    result = compute_taxes(
        lines,
        rates,
        currency=customer.currency,
        per_line=settings.tax_per_line,
        prices_include_tax=settings.prices_include_tax,
    )
    return result, note


async def _number(session: AsyncSession, settings: BillingSettings, given: str | None, issued: date) -> str:
    if given:
        if await session.scalar(select(Invoice.id).where(Invoice.number == given)):
            raise InvoiceNumberTaken()
        return given
    return await numbering.next_number(session, "invoice", settings.invoice_number_format, issued)


async def create(session: AsyncSession, actor: Principal, data: InvoiceCreate) -> Invoice:
    customer = await _customer_for_invoice(session, actor, data.customer_id)
    if data.currency and data.currency != customer.currency:
        raise Invalid.on_field("currency", f"The customer is billed in {customer.currency}.", "currency_mismatch")
    settings = await tenant_billing_settings(session)
    amounts = _line_amounts(data.items, customer.currency)
    result, note = await _taxes(session, customer, settings, amounts, data.items, data.tax_rate)
    if result.total < 0:
        raise Invalid.on_field("items", "The invoice total cannot be negative.", "total_negative")
    issued = data.issue_date or utcnow().date()
    due = data.due_date or issued + timedelta(days=settings.payment_terms_days)
    if due < issued:
        raise Invalid.on_field("dueDate", "The due date cannot be before the issue date.")
    invoice = Invoice(
        customer_id=customer.id,
        number=None if data.draft else await _number(session, settings, data.invoice_number, issued),
        status=InvoiceStatus.DRAFT if data.draft else InvoiceStatus.UNPAID,
        currency=customer.currency,
        issue_date=None if data.draft else issued,
        due_date=due,
        subtotal=result.subtotal,
        tax_total=result.total - result.subtotal,
        total=result.total,
        amount_paid=ZERO,
        amount_credited=ZERO,
        prices_include_tax=settings.prices_include_tax,
        tax_note=note,
        notes=data.notes,
    )
    invoice.items = [
        InvoiceItem(
            position=index + 1,
            description=item.description,
            quantity=item.quantity,
            unit_price=item.unit_price,
            amount=amount,
            taxable=item.taxable,
        )
        for index, (item, amount) in enumerate(zip(data.items, amounts, strict=True))
    ]
    invoice.taxes = [
        InvoiceTax(
            rule_id=uuid.UUID(line.rule_id) if line.rule_id else None,
            name=line.name,
            rate=line.rate,
            level=line.level,
            compound=line.compound,
            base=line.base,
            amount=line.amount,
        )
        for line in result.tax_lines
    ]
    settle(invoice)
    session.add(invoice)
    await session.flush()
    if invoice.status is not InvoiceStatus.DRAFT:
        await _created(session, invoice)
    await audit.record(session, actor, "invoice.create", invoice)
    return invoice


async def _created(session: AsyncSession, invoice: Invoice) -> None:
    """The customer hears of an issued invoice (the billing run emits its own in bulk)."""
    await events.emit(
        session,
        "invoice.created",
        dedupe_key=f"invoice.created:{invoice.id}",
        customer_id=invoice.customer_id,
        invoice_id=invoice.id,
        subscription_id=invoice.subscription_id,
    )


async def issue(session: AsyncSession, actor: Principal, invoice_id: uuid.UUID) -> Invoice:
    invoice = await get(session, actor, invoice_id, for_update=True, detail=True)
    if invoice.status is not InvoiceStatus.DRAFT:
        raise InvoiceNotDraft()
    settings = await tenant_billing_settings(session)
    issued = utcnow().date()
    invoice.number = await numbering.next_number(session, "invoice", settings.invoice_number_format, issued)
    invoice.status, invoice.issue_date = InvoiceStatus.UNPAID, issued
    invoice.due_date = max(invoice.due_date, issued)
    await _created(session, invoice)
    await audit.record(session, actor, "invoice.issue", invoice)
    return invoice


async def cancel(session: AsyncSession, actor: Principal, invoice_id: uuid.UUID) -> Invoice:
    invoice = await get(session, actor, invoice_id, for_update=True, detail=True)
    if invoice.status not in OPEN_STATUSES and invoice.status is not InvoiceStatus.DRAFT:
        raise InvoiceNotOpen("Only a draft or open invoice can be cancelled.")
    if invoice.amount_paid > 0 or invoice.amount_credited > 0:
        raise InvoiceHasPayments()
    before = audit.snapshot(invoice)
    invoice.status, invoice.cancelled_at = InvoiceStatus.CANCELLED, utcnow()
    await audit.record(session, actor, "invoice.cancel", invoice, before=before)
    return invoice


def settle(invoice: Invoice) -> None:
    """Set the status from the amounts: paid when nothing is owed, refunded when everything was
    credited back, partially paid or unpaid (or still overdue) otherwise."""
    if invoice.status in (InvoiceStatus.DRAFT, InvoiceStatus.CANCELLED):
        return
    if invoice.total > 0 and invoice.amount_credited >= invoice.total:
        invoice.status = InvoiceStatus.REFUNDED
    elif invoice.balance <= 0:
        invoice.status = InvoiceStatus.PAID
        invoice.paid_at = invoice.paid_at or utcnow()
    elif invoice.status is InvoiceStatus.OVERDUE:
        return
    elif invoice.amount_paid > 0:
        invoice.status = InvoiceStatus.PARTIALLY_PAID
    else:
        invoice.status = InvoiceStatus.UNPAID


def ensure_open(invoice: Invoice) -> None:
    if invoice.status not in OPEN_STATUSES:
        raise InvoiceNotOpen()
