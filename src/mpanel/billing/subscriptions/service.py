"""Subscriptions: services in force, their plan changes with proration, cancellation, and the
suspension that follows unpaid invoices (and ends when they are paid)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.billing import events
from mpanel.billing.cycles import months, subtract_cycle
from mpanel.billing.invoices import service as invoices
from mpanel.billing.invoices.models import OPEN_STATUSES, Invoice, InvoiceKind, InvoiceStatus
from mpanel.billing.invoices.schemas import InvoiceCreate
from mpanel.billing.subscriptions.models import Subscription, SubscriptionStatus, SuspendReason
from mpanel.billing.subscriptions.proration import Proration, nothing_to_prorate, prorate
from mpanel.billing.subscriptions.schemas import PlanChange, SubscriptionCreate, SubscriptionSort
from mpanel.catalog import service as catalog
from mpanel.core.errors import Conflict, Invalid, NotFound
from mpanel.core.time import utcnow
from mpanel.customers import service as customers
from mpanel.db.lookup import one_or_not_found
from mpanel.db.pagination import keyset_page, sort_by, sort_fields
from mpanel.domains import service as domains

SUBSCRIPTION_SORT = sort_fields(
    SubscriptionSort, {"nextBillingDate": Subscription.next_billing_date, "createdAt": Subscription.created_at}
)


class SubscriptionNotActive(Conflict):
    code = "subscription_not_active"
    message = "The subscription is not active."


class SubscriptionEnded(Conflict):
    code = "subscription_ended"
    message = "The subscription was cancelled or terminated."


async def get(
    session: AsyncSession, actor: Principal, subscription_id: uuid.UUID, *, for_update: bool = False
) -> Subscription:
    stmt = actor.narrow_to_customer(
        select(Subscription).where(Subscription.id == subscription_id), Subscription.customer_id
    )
    return await one_or_not_found(session, stmt, "subscription", subscription_id, for_update=for_update)


async def list_subscriptions(
    session: AsyncSession,
    actor: Principal,
    *,
    limit: int,
    cursor: str | None = None,
    customer_id: uuid.UUID | None = None,
    status: SubscriptionStatus | None = None,
    renewing_before: date | None = None,
    sort: str | None = None,
) -> tuple[list[Subscription], str | None]:
    stmt = actor.narrow_to_customer(select(Subscription), Subscription.customer_id)
    if customer_id:
        stmt = stmt.where(Subscription.customer_id == customer_id)
    if status:
        stmt = stmt.where(Subscription.status == status)
    if renewing_before:
        stmt = stmt.where(Subscription.next_billing_date < renewing_before)
    return await keyset_page(
        session,
        stmt,
        created_at=Subscription.created_at,
        row_id=Subscription.id,
        limit=limit,
        cursor=cursor,
        sort=sort_by(sort, SUBSCRIPTION_SORT),
    )


async def create(session: AsyncSession, actor: Principal, data: SubscriptionCreate) -> Subscription:
    if months(data.billing_cycle) is None:
        raise Invalid.on_field("billingCycle", "A subscription needs a recurring cycle.")
    try:
        customer = await customers.get(session, actor, data.customer_id)
    except NotFound as exc:
        raise Invalid.on_field("customerId", "No such customer.", "customer_not_found") from exc
    try:
        quote = await catalog.price_for(session, actor, data.product_id, data.billing_cycle)
        product = await catalog.get(session, actor, data.product_id)
    except NotFound as exc:
        raise Invalid.on_field("productId", "No such product.", "product_not_found") from exc
    if quote.currency != customer.currency and data.price is None:
        raise Invalid.on_field(
            "price",
            f"The product is priced in {quote.currency}; give a price in {customer.currency}.",
            "currency_mismatch",
        )
    price = quote.price if data.price is None else data.price
    if price < 0:
        raise Invalid.on_field("price", "The price cannot be negative.")
    subscription = Subscription(
        customer_id=customer.id,
        product_id=data.product_id,
        description=data.description or product.name,
        billing_cycle=data.billing_cycle,
        price=price,
        currency=customer.currency,
        status=SubscriptionStatus.ACTIVE,
        next_billing_date=data.next_billing_date,
        anchor_day=data.next_billing_date.day,
    )
    session.add(subscription)
    await audit.record(session, actor, "subscription.create", subscription)
    return subscription


def _ensure_in_force(subscription: Subscription) -> None:
    if subscription.status in (SubscriptionStatus.CANCELLED, SubscriptionStatus.TERMINATED):
        raise SubscriptionEnded()


async def cancel(
    session: AsyncSession, actor: Principal, subscription_id: uuid.UUID, *, at_period_end: bool
) -> Subscription:
    subscription = await get(session, actor, subscription_id, for_update=True)
    _ensure_in_force(subscription)
    before = audit.snapshot(subscription)
    if at_period_end:
        subscription.cancel_at_period_end = True
    else:
        subscription.status, subscription.cancelled_at = SubscriptionStatus.CANCELLED, utcnow()
    await audit.record(session, actor, "subscription.cancel", subscription, before=before)
    return subscription


async def suspend(session: AsyncSession, actor: Principal, subscription_id: uuid.UUID) -> Subscription:
    subscription = await get(session, actor, subscription_id, for_update=True)
    if subscription.status is not SubscriptionStatus.ACTIVE:
        raise SubscriptionNotActive()
    before = audit.snapshot(subscription)
    subscription.status, subscription.suspend_reason = SubscriptionStatus.SUSPENDED, SuspendReason.MANUAL
    subscription.suspended_at = utcnow()
    await _event(session, subscription, "subscription.suspended", utcnow().date())
    await audit.record(session, actor, "subscription.suspend", subscription, before=before)
    return subscription


async def unsuspend(session: AsyncSession, actor: Principal, subscription_id: uuid.UUID) -> Subscription:
    subscription = await get(session, actor, subscription_id, for_update=True)
    if subscription.status is not SubscriptionStatus.SUSPENDED:
        raise Conflict("The subscription is not suspended.", code="subscription_not_suspended")
    await _reactivate(session, actor, subscription)
    return subscription


async def _reactivate(session: AsyncSession, actor: Principal | None, subscription: Subscription) -> None:
    before = audit.snapshot(subscription)
    subscription.status, subscription.suspend_reason, subscription.suspended_at = (
        SubscriptionStatus.ACTIVE,
        None,
        None,
    )
    await _event(session, subscription, "subscription.unsuspended", utcnow().date())
    await audit.record(session, actor, "subscription.unsuspend", subscription, before=before)


async def _event(session: AsyncSession, subscription: Subscription, kind: str, day: date) -> None:
    await events.emit(
        session,
        kind,
        dedupe_key=f"{kind}:{subscription.id}:{uuid.uuid4()}",
        customer_id=subscription.customer_id,
        subscription_id=subscription.id,
        day=day,
    )


async def on_invoice_settled(session: AsyncSession, actor: Principal, invoice: Invoice) -> None:
    """What paying a subscription's invoice sets off: a subscription suspended for non-payment
    comes back as soon as none of its invoices is still open (a manual suspension stays), and a
    paid renewal renews the domains the subscription bills."""
    if invoice.subscription_id is None or invoice.status is not InvoiceStatus.PAID:
        return
    subscription = await session.scalar(
        select(Subscription).where(Subscription.id == invoice.subscription_id).with_for_update()
    )
    if subscription is None:
        return
    if invoice.kind is InvoiceKind.RENEWAL:
        years = max(1, (months(subscription.billing_cycle) or 12) // 12)
        await domains.schedule_paid_renewals(session, actor, subscription.id, invoice.id, years)
    if subscription.suspend_reason is not SuspendReason.OVERDUE:
        return
    still_open = await session.scalar(
        select(
            exists().where(
                Invoice.subscription_id == subscription.id,
                Invoice.status.in_(list(OPEN_STATUSES)),
                Invoice.id != invoice.id,
            )
        )
    )
    if not still_open:
        await _reactivate(session, actor, subscription)


def _current_period(subscription: Subscription) -> tuple[date, date]:
    """The period in force: it ends at the next billing date and started one cycle before."""
    end = subscription.next_billing_date
    start = subtract_cycle(end, subscription.billing_cycle, anchor_day=subscription.anchor_day)
    return start, end


async def preview(
    session: AsyncSession, actor: Principal, subscription_id: uuid.UUID, change: PlanChange
) -> tuple[Subscription, Proration, date, date, Decimal]:
    subscription = await get(session, actor, subscription_id)
    _ensure_in_force(subscription)
    new_price = change.price
    if new_price is None:
        product_id = change.product_id or subscription.product_id
        try:
            new_price = (await catalog.price_for(session, actor, product_id, subscription.billing_cycle)).price
        except NotFound as exc:
            raise Invalid.on_field("productId", "No such product.", "product_not_found") from exc
    start, end = _current_period(subscription)
    return subscription, _proration(subscription, new_price, start, end, change.change_date), start, end, new_price


def _proration(
    subscription: Subscription, new_price: Decimal, start: date, end: date, change_date: date | None
) -> Proration:
    """Within the period in force the change is prorated by days. On the next billing date (the
    new period is not billed yet), or before a period that has not begun (a first billing date
    still to come), nothing is due: the next invoice bills the new price. Other dates are refused."""
    today = utcnow().date()
    day = change_date or today
    if start <= day < end:
        return prorate(subscription.price, new_price, start, end, day, currency=subscription.currency)
    if day == end or today <= day < start:
        return nothing_to_prorate(start, end, currency=subscription.currency)
    raise Invalid.on_field(
        "changeDate", f"The change must fall within the current period {start} to {end}, or on {end}."
    )


async def change_plan(
    session: AsyncSession, actor: Principal, subscription_id: uuid.UUID, change: PlanChange
) -> Subscription:
    """Upgrade or downgrade mid-period: one invoice with the credit for the unused old plan and the
    charge for the new one, due now; the next billing date is unchanged. A net credit goes to the
    customer's account."""
    subscription, proration, _start, end, new_price = await preview(session, actor, subscription_id, change)
    subscription = await get(session, actor, subscription_id, for_update=True)
    before = audit.snapshot(subscription)
    if proration.due_now > 0:
        invoice = await invoices.create(
            session,
            actor,
            InvoiceCreate.model_validate(
                {
                    "customerId": subscription.customer_id,
                    "items": [
                        {
                            "description": f"Unused {subscription.description} ({proration.days_left} of "
                            f"{proration.days_in_period} days)",
                            "quantity": 1,
                            "unitPrice": proration.credit,
                        },
                        {
                            "description": f"New plan ({proration.days_left} of {proration.days_in_period} days)",
                            "quantity": 1,
                            "unitPrice": proration.charge,
                        },
                    ],
                    "dueDate": (change.change_date or utcnow().date()).isoformat(),
                    "issueDate": (change.change_date or utcnow().date()).isoformat(),
                }
            ),
        )
        invoice.kind, invoice.subscription_id, invoice.period_start, invoice.period_end = (
            InvoiceKind.PRORATION,
            subscription.id,
            change.change_date or utcnow().date(),
            end,
        )
    elif proration.due_now < 0:
        await customers.adjust_credit(
            session,
            actor,
            subscription.customer_id,
            -proration.due_now,
            reason="downgrade",
            reference_id=subscription.id,
        )
    if change.product_id and change.product_id != subscription.product_id:
        # The name the next invoices carry follows the new plan, unless the service was given its own.
        old_product = await catalog.get(session, actor, subscription.product_id)
        if subscription.description == old_product.name:
            subscription.description = (await catalog.get(session, actor, change.product_id)).name
        subscription.product_id = change.product_id
    subscription.price = new_price
    await audit.record(session, actor, "subscription.change_plan", subscription, before=before)
    return subscription
