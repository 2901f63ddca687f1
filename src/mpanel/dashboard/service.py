"""Read models for the staff panel: one search across customers, invoices and domains, the
dashboard's figures, and suggestions computed from real data."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, case, func, literal_column, or_, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.auth.principal import Principal
from mpanel.billing.cycles import months
from mpanel.billing.invoices import service as invoices
from mpanel.billing.invoices.models import OPEN_STATUSES, Invoice, InvoiceStatus
from mpanel.billing.payments.models import AttemptStatus, AttemptTrigger, Payment, PaymentAttempt
from mpanel.billing.subscriptions.models import Subscription, SubscriptionStatus
from mpanel.catalog.models import Product, ProductStatus
from mpanel.core.money import format_amount, round_minor
from mpanel.customers import service as customers
from mpanel.customers.models import Customer
from mpanel.dashboard.schemas import (
    DashboardSummary,
    MoneyByCurrency,
    MonthRevenue,
    MrrMonth,
    MrrTrend,
    NewCustomer,
    SearchHit,
    StatusCount,
    Suggestion,
)
from mpanel.domains import service as domains
from mpanel.domains.models import Domain, DomainStatus
from mpanel.hosting.dns.models import DnsZone
from mpanel.hosting.servers.models import Server
from mpanel.tenants import service as tenants

OPEN = [s.value for s in OPEN_STATUSES]


async def search(session: AsyncSession, actor: Principal, query: str, *, limit: int = 8) -> list[SearchHit]:
    """Customers by name, company or e-mail; invoices by number; domains by name. Each list is
    scoped to what the actor may see (clients: their own customer)."""
    found_customers, _ = await customers.list_customers(session, actor, limit=limit, query=query)
    found_invoices, _ = await invoices.list_invoices(session, actor, limit=limit, number=query)
    found_domains, _ = await domains.list_domains(session, actor, limit=limit, query=query)
    hits = [
        SearchHit(type="customer", id=c.id, title=c.company_name or c.name, subtitle=c.email, status=c.status.value)
        for c in found_customers
    ]
    hits += [
        SearchHit(
            type="invoice",
            id=i.id,
            title=i.number or "Draft",
            subtitle=f"{i.status.value} {format_amount(i.total)} {i.currency}",
            status=i.status.value,
            total=i.total,
            currency=i.currency,
        )
        for i in found_invoices
    ]
    hits += [
        SearchHit(type="domain", id=d.id, title=d.name, subtitle=d.status.value, status=d.status.value)
        for d in found_domains
    ]
    return hits


def _monthly(price: Decimal, cycle_months: int) -> Decimal:
    return price / cycle_months


async def summary(session: AsyncSession, actor: Principal, *, today: date) -> DashboardSummary:
    since = date(today.year - 1, today.month, 1)
    month = func.to_char(func.date_trunc("month", Payment.received_at), "YYYY-MM")
    revenue = await session.execute(
        select(month, Payment.currency, func.sum(Payment.applied - Payment.refunded))
        .where(Payment.received_at >= since)
        .group_by(month, Payment.currency)
        .order_by(month, Payment.currency)
    )
    subs = await session.execute(
        select(Subscription.billing_cycle, Subscription.currency, func.sum(Subscription.price), func.count())
        .where(Subscription.status == SubscriptionStatus.ACTIVE)
        .group_by(Subscription.billing_cycle, Subscription.currency)
    )
    mrr: dict[str, Decimal] = {}
    active = 0
    for cycle, currency, total, count in subs:
        mrr[currency] = mrr.get(currency, Decimal(0)) + _monthly(total, months(cycle) or 1)
        active += count
    statuses = await session.execute(
        select(Invoice.status, func.count()).group_by(Invoice.status).order_by(Invoice.status)
    )
    overdue = await session.execute(
        select(Invoice.currency, func.sum(Invoice.total - Invoice.amount_paid - Invoice.amount_credited))
        .where(Invoice.status == InvoiceStatus.OVERDUE)
        .group_by(Invoice.currency)
    )
    renewals = await session.scalar(
        select(func.count())
        .select_from(Subscription)
        .where(
            Subscription.status == SubscriptionStatus.ACTIVE,
            Subscription.next_billing_date < today + timedelta(days=30),
        )
    )
    newest = await session.scalars(select(Customer).order_by(Customer.created_at.desc(), Customer.id.desc()).limit(5))
    return DashboardSummary(
        revenue_by_month=[MonthRevenue(month=m, currency=c, amount=a) for m, c, a in revenue],
        mrr=[MoneyByCurrency(currency=c, amount=round_minor(a, c)) for c, a in sorted(mrr.items())],
        active_subscriptions=active,
        invoices_by_status=[StatusCount(status=s.value, count=n) for s, n in statuses],
        overdue=[MoneyByCurrency(currency=c, amount=a) for c, a in overdue],
        renewals_next_30_days=renewals or 0,
        newest_customers=[NewCustomer.model_validate(c) for c in newest],
    )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def _add_months(day: date, count: int) -> date:
    index = day.year * 12 + day.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


async def mrr_trend(session: AsyncSession, actor: Principal, *, today: date, months_back: int) -> MrrTrend:
    """MRR at the end of each of the last `months_back` months (this one included), in the tenant's
    default currency, rebuilt from subscriptions: one counts from its `created_at` until the first
    of `cancelled_at`, `terminated_at` or (while suspended) `suspended_at`, at its price divided by
    its cycle's months. See docs/architecture.md (Dashboard and search)."""
    currency = await tenants.default_currency(session)
    first = _add_months(today.replace(day=1), 1 - months_back)
    month_step: ColumnElement[timedelta] = literal_column("interval '1 month'")
    bounds = (
        func.generate_series(_midnight(_add_months(first, 1)), _midnight(_add_months(today, 1)), month_step)
        .table_valued("value")
        .render_derived(name="bound")
    )
    bound = bounds.c.value
    suspended = case((Subscription.status == SubscriptionStatus.SUSPENDED, Subscription.suspended_at))
    ends = func.least(Subscription.cancelled_at, Subscription.terminated_at, suspended)
    month = func.to_char(bound - month_step, "YYYY-MM")
    rows = await session.execute(
        select(month, Subscription.billing_cycle, func.sum(Subscription.price))
        .select_from(bounds)
        .join(Subscription, Subscription.created_at < bound)
        .where(Subscription.currency == currency, or_(ends.is_(None), ends >= bound))
        .group_by(month, Subscription.billing_cycle)
    )
    totals: dict[str, Decimal] = {}
    for key, cycle, total in rows:
        totals[key] = totals.get(key, Decimal(0)) + _monthly(total, months(cycle) or 1)
    labels = [_add_months(first, i).strftime("%Y-%m") for i in range(months_back)]
    return MrrTrend(
        currency=currency,
        months=[MrrMonth(month=m, amount=round_minor(totals.get(m, Decimal(0)), currency)) for m in labels],
    )


async def suggestions(session: AsyncSession, actor: Principal, *, today: date) -> list[Suggestion]:
    """What deserves attention now, each with a count and where to go."""
    horizon = today + timedelta(days=30)
    renewing = await session.scalar(
        select(func.count())
        .select_from(Subscription)
        .where(Subscription.status == SubscriptionStatus.ACTIVE, Subscription.next_billing_date < horizon)
    )
    expiring = await session.scalar(
        select(func.count())
        .select_from(Domain)
        .where(Domain.status == DomainStatus.ACTIVE, Domain.expires_at < horizon, Domain.auto_renew.is_(False))
    )
    chase = await session.execute(
        select(
            func.count().filter(Invoice.status == InvoiceStatus.OVERDUE),
            func.count().filter(Invoice.status.in_([InvoiceStatus.UNPAID, InvoiceStatus.PARTIALLY_PAID])),
        ).where(Invoice.status.in_(OPEN))
    )
    overdue_count, unpaid_count = chase.one()
    sold = select(Subscription.product_id).distinct()
    unsold = await session.scalar(
        select(func.count()).select_from(Product).where(Product.status == ProductStatus.ACTIVE, Product.id.not_in(sold))
    )
    candidates = [
        Suggestion(
            kind="renewals",
            title="Subscriptions renewing in the next 30 days",
            detail="Check prices and payment methods before they are invoiced.",
            count=renewing or 0,
            link=f"/subscriptions?renewingBefore={horizon.isoformat()}",
        ),
        Suggestion(
            kind="domains_expiring",
            title="Domains expiring in 30 days without auto-renew",
            detail="Remind the customers or turn on auto-renew.",
            count=expiring or 0,
            link=f"/domains?expiringBefore={horizon.isoformat()}",
        ),
        Suggestion(
            kind="chase_overdue",
            title="Overdue invoices to chase",
            detail="Past their due date and unpaid.",
            count=overdue_count,
            link="/invoices?status=overdue",
        ),
        Suggestion(
            kind="chase_unpaid",
            title="Unpaid invoices",
            detail="Issued and not yet paid.",
            count=unpaid_count,
            link="/invoices?status=unpaid",
        ),
        Suggestion(
            kind="unsold_products",
            title="Products nobody bought",
            detail="Active products with no subscription.",
            count=unsold or 0,
            link="/products",
        ),
    ]
    return (
        [s for s in candidates if s.count > 0]
        + await _failed_card_charges(session)
        + await _servers_near_capacity(session)
    )


NEAR_CAPACITY = Decimal("0.8")


async def _servers_near_capacity(session: AsyncSession) -> list[Suggestion]:
    """Nodes holding at least 80% of the DNS zones their capacity allows (the other kinds of
    objects join this count as their issues land)."""
    zones = select(DnsZone.server_id, func.count().label("held")).group_by(DnsZone.server_id).subquery()
    rows = await session.execute(
        select(Server.id, Server.name, Server.capacity["zones"].as_integer(), func.coalesce(zones.c.held, 0))
        .outerjoin(zones, zones.c.server_id == Server.id)
        .where(Server.capacity.has_key("zones"))
        .order_by(Server.name)
    )
    return [
        Suggestion(
            kind="server_near_capacity",
            title=f"Server near capacity: {name}",
            detail=f"{held} of {limit} DNS zones",
            count=1,
            link=f"/servers/{server_id}",
        )
        for server_id, name, limit, held in rows
        if limit and held >= NEAR_CAPACITY * limit
    ]


CARD_FAILED_LIMIT = 5


async def _failed_card_charges(session: AsyncSession) -> list[Suggestion]:
    """One suggestion per customer whose latest automatic card charge (billing run) failed or waits
    for the customer to authenticate, while its invoice is still open; newest first, at most
    CARD_FAILED_LIMIT, each linking to the invoice."""
    latest = (
        select(PaymentAttempt)
        .where(PaymentAttempt.trigger == AttemptTrigger.BILLING_RUN)
        .ext(distinct_on(PaymentAttempt.customer_id))
        .order_by(PaymentAttempt.customer_id, PaymentAttempt.created_at.desc(), PaymentAttempt.id.desc())
        .subquery()
    )
    rows = await session.execute(
        select(latest.c.status, latest.c.failure_message, Invoice.id, Invoice.number, Customer.name)
        .join(Invoice, Invoice.id == latest.c.invoice_id)
        .join(Customer, Customer.id == latest.c.customer_id)
        .where(
            latest.c.status.in_([AttemptStatus.FAILED, AttemptStatus.REQUIRES_ACTION]),
            Invoice.status.in_(OPEN),
        )
        .order_by(latest.c.created_at.desc(), latest.c.id.desc())
        .limit(CARD_FAILED_LIMIT)
    )
    return [
        Suggestion(
            kind="card_failed",
            title=f"Card charge {'needs authentication' if status == AttemptStatus.REQUIRES_ACTION else 'failed'}: "
            f"{name}",
            detail=f"Invoice {number or 'draft'}" + (f": {message}" if message else ""),
            count=1,
            link=f"/invoices/{invoice_id}",
        )
        for status, message, invoice_id, number, name in rows
    ]
