"""The recurring billing run, per tenant and day:

1. invoice the next period of every subscription whose next billing date is within the advance
   window (set-based, in batches; one renewal invoice per subscription period, enforced by a
   unique index, so repeating, racing or resuming a run never invoices a period twice);
2. collect payment for customers with a saved card: schedule the auto-charges due today (the
   due date, then the tenant's dunning retry days) as attempts with one job each; Stripe is
   called by those jobs, never inside this transaction;
3. add late fees, mark overdue, emit reminders, suspend and terminate per the tenant's settings;
4. record billing events (deduplicated) for the notifications issue.

Each batch is one transaction holding the tenant's advisory lock, so two runs for the same
tenant take turns, and a run killed half-way loses only its open batch.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.billing.cycles import BillingCycle, add_cycle
from mpanel.billing.invoices.numbering import reserve_numbers
from mpanel.billing.invoices.service import tenant_billing_settings
from mpanel.billing.settings import BillingSettings
from mpanel.billing.stripe import service as stripe_payments
from mpanel.billing.tax import service as tax_rules
from mpanel.billing.tax.calculate import LineIn, TaxRate, TaxResult, compute_taxes
from mpanel.billing.tax.models import TaxRule
from mpanel.billing.tax.place import TaxParty
from mpanel.core.money import round_minor
from mpanel.db.session import tenant_session
from mpanel.observability.metrics import BILLING_RUN_DURATION, BILLING_RUNS

BATCH_SIZE = 5000
OPEN = "('unpaid', 'partially-paid', 'overdue')"

_LOCK = text("select pg_advisory_xact_lock(hashtext('billing-run:' || cast(mpanel_current_tenant() as text)))")


@dataclass
class TenantReport:
    tenant_id: uuid.UUID
    invoices: int = 0
    cancelled: int = 0
    late_fees: int = 0
    overdue: int = 0
    reminders: int = 0
    charges: int = 0
    suspended: int = 0
    terminated: int = 0


@dataclass
class RunReport:
    day: date
    tenants: list[TenantReport] = field(default_factory=list)

    @property
    def invoices(self) -> int:
        return sum(t.invoices for t in self.tenants)


@dataclass(frozen=True)
class _Candidate:
    subscription_id: uuid.UUID
    customer_id: uuid.UUID
    description: str
    cycle: BillingCycle
    price: Decimal
    currency: str
    period_start: date
    anchor_day: int
    party: TaxParty


class _TaxCache:
    """Customers share places and subscriptions share prices: decide and compute once each."""

    def __init__(self, rules: list[TaxRule], settings: BillingSettings) -> None:
        self.rules, self.settings = rules, settings
        self._rates = lru_cache(maxsize=4096)(self._rates_for)
        self._taxes = lru_cache(maxsize=4096)(self._compute)

    def _rates_for(self, party: TaxParty) -> tuple[tuple[TaxRate, ...], str | None]:
        applicable = tax_rules.rates_for(self.rules, party, self.settings)
        return applicable.rates, applicable.decision.note

    def _compute(self, price: Decimal, currency: str, rates: tuple[TaxRate, ...]) -> TaxResult:
        return compute_taxes(
            [LineIn(price)],
            rates,
            currency=currency,
            per_line=self.settings.tax_per_line,
            prices_include_tax=self.settings.prices_include_tax,
        )

    def taxes(self, candidate: _Candidate) -> tuple[TaxResult, str | None]:
        rates, note = self._rates(candidate.party)
        return self._taxes(round_minor(candidate.price, candidate.currency), candidate.currency, rates), note


async def _cancel_ended(session: AsyncSession, day: date) -> int:
    """Subscriptions cancelled at period end stop once that period is over."""
    result = await session.execute(
        text(
            "update subscriptions set status = 'cancelled', cancelled_at = now() "
            "where cancel_at_period_end and status in ('active', 'suspended') and next_billing_date <= :day"
        ),
        {"day": day},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def _candidates(session: AsyncSession, horizon: date, continuous: bool, limit: int) -> list[_Candidate]:
    rows = await session.execute(
        text(
            f"""
            select s.id, s.customer_id, s.description, s.billing_cycle, s.price, s.currency,
                   s.next_billing_date, s.anchor_day, c.country, c.region, c.postcode, c.vat_id, c.tax_exempt
            from subscriptions s
            join customers c on c.tenant_id = s.tenant_id and c.id = s.customer_id
            where s.status in ('active', 'suspended') and s.next_billing_date <= :horizon
              and (:continuous or not exists (
                    select 1 from invoices i where i.tenant_id = s.tenant_id and i.subscription_id = s.id
                    and i.status in {OPEN}))
            order by s.next_billing_date, s.id
            limit :limit
            """  # noqa: S608 (constants only)
        ),
        {"horizon": horizon, "continuous": continuous, "limit": limit},
    )
    return [
        _Candidate(
            subscription_id=r.id,
            customer_id=r.customer_id,
            description=r.description,
            cycle=BillingCycle(r.billing_cycle),
            price=r.price,
            currency=r.currency,
            period_start=r.next_billing_date,
            anchor_day=r.anchor_day,
            party=TaxParty(r.country, r.region, r.postcode, r.vat_id, r.tax_exempt),
        )
        for r in rows
    ]


_INSERT_INVOICES = text(
    """
    insert into invoices (id, customer_id, number, status, currency, issue_date, due_date, subtotal, tax_total,
                          total, amount_paid, amount_credited, prices_include_tax, tax_note, notes, kind,
                          subscription_id, period_start, period_end, paid_at)
    select u.id, u.customer_id, u.number, u.status, u.currency, :day, u.period_start, u.subtotal, u.tax_total,
           u.total, 0, 0, :inclusive, u.tax_note, '', 'renewal', u.subscription_id, u.period_start, u.period_end,
           case when u.status = 'paid' then now() end
    from unnest(cast(:ids as uuid[]), cast(:customers as uuid[]), cast(:numbers as text[]), cast(:statuses as text[]),
                cast(:currencies as text[]), cast(:starts as date[]), cast(:ends as date[]),
                cast(:subtotals as numeric[]), cast(:tax_totals as numeric[]), cast(:totals as numeric[]),
                cast(:notes as text[]), cast(:subscriptions as uuid[]))
         as u(id, customer_id, number, status, currency, period_start, period_end, subtotal, tax_total, total,
              tax_note, subscription_id)
    """
)
_INSERT_ITEMS = text(
    """
    insert into invoice_items (invoice_id, position, description, quantity, unit_price, amount, taxable)
    select u.invoice_id, 1, u.description, 1, u.price, u.price, true
    from unnest(cast(:invoices as uuid[]), cast(:descriptions as text[]), cast(:prices as numeric[]))
         as u(invoice_id, description, price)
    """
)
_INSERT_TAXES = text(
    """
    insert into invoice_taxes (invoice_id, rule_id, name, rate, level, compound, base, amount)
    select u.* from unnest(cast(:invoices as uuid[]), cast(:rules as uuid[]), cast(:names as text[]),
                           cast(:rates as numeric[]), cast(:levels as smallint[]), cast(:compounds as boolean[]),
                           cast(:bases as numeric[]), cast(:amounts as numeric[]))
         as u(invoice_id, rule_id, name, rate, level, compound, base, amount)
    """
)
_ADVANCE = text(
    """
    update subscriptions s set next_billing_date = u.next_date, updated_at = now()
    from unnest(cast(:ids as uuid[]), cast(:dates as date[])) as u(id, next_date)
    where s.id = u.id
    """
)
_EVENTS = text(
    """
    insert into billing_events (kind, dedupe_key, customer_id, invoice_id, subscription_id, occurred_on)
    select u.kind, u.kind || ':' || u.invoice_id, u.customer_id, u.invoice_id, u.subscription_id, :day
    from unnest(cast(:kinds as text[]), cast(:customers as uuid[]), cast(:invoices as uuid[]),
                cast(:subscriptions as uuid[])) as u(kind, customer_id, invoice_id, subscription_id)
    on conflict do nothing
    """
)


async def _invoice_batch(
    session: AsyncSession, day: date, settings: BillingSettings, cache: _TaxCache, limit: int
) -> int:
    """Invoice one batch of due subscriptions; returns how many were invoiced."""
    candidates = await _candidates(
        session, day + timedelta(days=settings.invoice_days_before), settings.continuous_invoicing, limit
    )
    if not candidates:
        return 0
    numbers = await reserve_numbers(session, "invoice", settings.invoice_number_format, day, len(candidates))
    invoices: dict[str, list[object]] = {
        k: []
        for k in (
            "ids",
            "customers",
            "numbers",
            "statuses",
            "currencies",
            "starts",
            "ends",
            "subtotals",
            "tax_totals",
            "totals",
            "notes",
            "subscriptions",
        )
    }
    items: dict[str, list[object]] = {"invoices": [], "descriptions": [], "prices": []}
    taxes: dict[str, list[object]] = {
        k: [] for k in ("invoices", "rules", "names", "rates", "levels", "compounds", "bases", "amounts")
    }
    advance: dict[str, list[object]] = {"ids": [], "dates": []}
    for candidate, number in zip(candidates, numbers, strict=True):
        invoice_id = uuid.uuid4()
        period_end = add_cycle(candidate.period_start, candidate.cycle, anchor_day=candidate.anchor_day)
        result, note = cache.taxes(candidate)
        for key, value in (
            ("ids", invoice_id),
            ("customers", candidate.customer_id),
            ("numbers", number),
            ("statuses", "unpaid" if result.total > 0 else "paid"),
            ("currencies", candidate.currency),
            ("starts", candidate.period_start),
            ("ends", period_end),
            ("subtotals", result.subtotal),
            ("tax_totals", result.total - result.subtotal),
            ("totals", result.total),
            ("notes", note),
            ("subscriptions", candidate.subscription_id),
        ):
            invoices[key].append(value)
        items["invoices"].append(invoice_id)
        items["descriptions"].append(
            f"{candidate.description} ({candidate.period_start.isoformat()} to {period_end.isoformat()})"[:500]
        )
        items["prices"].append(round_minor(candidate.price, candidate.currency))
        for line in result.tax_lines:
            tax_values: tuple[tuple[str, object], ...] = (
                ("invoices", invoice_id),
                ("rules", uuid.UUID(line.rule_id) if line.rule_id else None),
                ("names", line.name),
                ("rates", line.rate),
                ("levels", line.level),
                ("compounds", line.compound),
                ("bases", line.base),
                ("amounts", line.amount),
            )
            for key, tax_value in tax_values:
                taxes[key].append(tax_value)
        advance["ids"].append(candidate.subscription_id)
        advance["dates"].append(period_end)
    await session.execute(_INSERT_INVOICES, {**invoices, "day": day, "inclusive": settings.prices_include_tax})
    await session.execute(_INSERT_ITEMS, items)
    if taxes["invoices"]:
        await session.execute(_INSERT_TAXES, taxes)
    await session.execute(_ADVANCE, advance)
    await session.execute(
        _EVENTS,
        {
            "day": day,
            "kinds": ["invoice.created"] * len(candidates),
            "customers": invoices["customers"],
            "invoices": invoices["ids"],
            "subscriptions": invoices["subscriptions"],
        },
    )
    return len(candidates)


async def _late_fees(session: AsyncSession, day: date, settings: BillingSettings) -> int:
    """Once per invoice, `late_fee_days` after it was due: a percentage of the total or a fixed
    amount, at least the minimum, added as an untaxed line."""
    if settings.late_fee_days is None or (settings.late_fee_percent is None and settings.late_fee_fixed is None):
        return 0
    rows = (
        await session.execute(
            text(
                f"select id, total, currency, (select coalesce(max(position), 0) + 1 from invoice_items x "  # noqa: S608 (constants only)
                f"where x.tenant_id = i.tenant_id and x.invoice_id = i.id) as position from invoices i "
                f"where i.status in {OPEN} and i.late_fee_applied_at is null "
                f"and i.due_date + cast(:days as int) <= :day "
                f"for update of i"
            ),
            {"days": settings.late_fee_days, "day": day},
        )
    ).all()
    if not rows:
        return 0
    fees = []
    for row in rows:
        fee = (
            row.total * settings.late_fee_percent / 100
            if settings.late_fee_percent is not None
            else settings.late_fee_fixed or Decimal(0)
        )
        fee = round_minor(max(fee, settings.late_fee_minimum or Decimal(0)), row.currency)
        fees.append(fee)
    ids, positions = [r.id for r in rows], [r.position for r in rows]
    await session.execute(
        text(
            "insert into invoice_items (invoice_id, position, description, quantity, unit_price, amount, taxable) "
            "select u.id, u.position, 'Late fee', 1, u.fee, u.fee, false "
            "from unnest(cast(:ids as uuid[]), cast(:positions as smallint[]), cast(:fees as numeric[])) "
            "as u(id, position, fee)"
        ),
        {"ids": ids, "positions": positions, "fees": fees},
    )
    await session.execute(
        text(
            "update invoices i set subtotal = i.subtotal + u.fee, total = i.total + u.fee, "
            "late_fee_applied_at = now(), updated_at = now() "
            "from unnest(cast(:ids as uuid[]), cast(:fees as numeric[])) as u(id, fee) where i.id = u.id"
        ),
        {"ids": ids, "fees": fees},
    )
    return len(rows)


async def _mark_overdue(session: AsyncSession, day: date) -> int:
    result = await session.execute(
        text(
            "update invoices set status = 'overdue', updated_at = now() "
            "where status in ('unpaid', 'partially-paid') and due_date < :day"
        ),
        {"day": day},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def _reminders(session: AsyncSession, day: date, settings: BillingSettings) -> int:
    """Unpaid reminder a few days before the due date; overdue reminders N days after it (only
    the latest step that applies, so a missed day does not send a burst). Deduplicated."""
    before = await session.execute(
        text(
            "insert into billing_events (kind, dedupe_key, customer_id, invoice_id, subscription_id, occurred_on) "
            "select 'invoice.reminder', 'invoice.reminder:' || id, customer_id, id, subscription_id, :day "
            "from invoices where status in ('unpaid', 'partially-paid') "
            "and due_date - cast(:days as int) <= :day and due_date >= :day on conflict do nothing"
        ),
        {"day": day, "days": settings.unpaid_reminder_days_before_due},
    )
    after = await session.execute(
        text(
            f"insert into billing_events (kind, dedupe_key, customer_id, invoice_id, subscription_id, occurred_on) "  # noqa: S608 (constants only)
            f"select 'invoice.overdue', 'invoice.overdue:' || i.id || ':' || s.step, i.customer_id, i.id, "
            f"i.subscription_id, :day from invoices i cross join lateral ("
            f"  select max(k) as step from unnest(cast(:steps as int[])) k where i.due_date + k <= :day) s "
            f"where i.status in {OPEN} and s.step is not null on conflict do nothing"
        ),
        {"day": day, "steps": sorted(settings.overdue_reminder_days)},
    )
    return int((before.rowcount or 0) + (after.rowcount or 0))  # type: ignore[attr-defined]


async def _suspend_or_terminate(session: AsyncSession, day: date, *, days: int | None, terminate: bool) -> int:
    if days is None:
        return 0
    status, statuses = ("terminated", "('active', 'suspended')") if terminate else ("suspended", "('active')")
    changes = (
        "status = 'terminated', terminated_at = now()"
        if terminate
        else "status = 'suspended', suspend_reason = 'overdue', suspended_at = now()"
    )
    result = await session.execute(
        text(
            f"with hit as (update subscriptions s set {changes}, updated_at = now() "  # noqa: S608 (constants only)
            f"where s.status in {statuses} and exists (select 1 from invoices i where i.tenant_id = s.tenant_id "
            f"and i.subscription_id = s.id and i.status in {OPEN} and i.due_date + cast(:days as int) <= :day) "
            f"returning s.id, s.customer_id) "
            f"insert into billing_events (kind, dedupe_key, customer_id, subscription_id, occurred_on) "
            f"select 'subscription.{status}', 'subscription.{status}:' || id || ':' || cast(:day as text), "
            f"customer_id, id, :day "
            f"from hit on conflict do nothing"
        ),
        {"day": day, "days": days},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


BatchHook = Callable[[int], None]


async def run_tenant(
    sessionmaker: async_sessionmaker[AsyncSession],
    tenant_id: uuid.UUID,
    day: date,
    *,
    batch_size: int = BATCH_SIZE,
    after_batch: BatchHook | None = None,
) -> TenantReport:
    """One tenant's run for a day, timed and counted for /api/metrics."""
    started = time.perf_counter()
    try:
        report = await _run_tenant(sessionmaker, tenant_id, day, batch_size=batch_size, after_batch=after_batch)
    except BaseException:
        BILLING_RUNS.labels("failed").inc()
        raise
    finally:
        BILLING_RUN_DURATION.observe(time.perf_counter() - started)
    BILLING_RUNS.labels("succeeded").inc()
    return report


async def _run_tenant(
    sessionmaker: async_sessionmaker[AsyncSession],
    tenant_id: uuid.UUID,
    day: date,
    *,
    batch_size: int,
    after_batch: BatchHook | None,
) -> TenantReport:
    report = TenantReport(tenant_id)
    while True:
        async with tenant_session(sessionmaker, tenant_id) as session:
            await session.execute(_LOCK)  # runs of one tenant take turns, so no row locks are needed
            await session.execute(text("set local synchronous_commit = off"))
            settings = await tenant_billing_settings(session)
            report.cancelled += await _cancel_ended(session, day)
            cache = _TaxCache(await tax_rules.active_rules(session), settings)
            count = await _invoice_batch(session, day, settings, cache, batch_size)
        report.invoices += count
        if after_batch is not None:
            after_batch(count)
        if count < batch_size:
            break
    async with tenant_session(sessionmaker, tenant_id) as session:
        await session.execute(_LOCK)
        settings = await tenant_billing_settings(session)
        report.charges = await stripe_payments.schedule_auto_charges(session, day, settings)
        report.late_fees = await _late_fees(session, day, settings)
        report.overdue = await _mark_overdue(session, day)
        report.reminders = await _reminders(session, day, settings)
        report.terminated = await _suspend_or_terminate(session, day, days=settings.terminate_days, terminate=True)
        report.suspended = await _suspend_or_terminate(session, day, days=settings.suspend_days, terminate=False)
    return report


async def tenants_to_bill(sessionmaker: async_sessionmaker[AsyncSession]) -> list[uuid.UUID]:
    from mpanel.tenants import service as tenants

    async with tenant_session(sessionmaker, None, platform=True) as session:
        return await tenants.active_ids(session)


async def run_billing(
    sessionmaker: async_sessionmaker[AsyncSession],
    day: date,
    *,
    tenant_ids: list[uuid.UUID] | None = None,
    batch_size: int = BATCH_SIZE,
    on_tenant: Callable[[TenantReport], None] | None = None,
) -> RunReport:
    report = RunReport(day)
    for tenant_id in tenant_ids if tenant_ids is not None else await tenants_to_bill(sessionmaker):
        tenant_report = await run_tenant(sessionmaker, tenant_id, day, batch_size=batch_size)
        report.tenants.append(tenant_report)
        if on_tenant is not None:
            on_tenant(tenant_report)
    return report
