"""The recurring billing run, per tenant and day:

1. invoice the next period of every subscription whose next billing date is within the advance
   window (set-based, in batches; one renewal invoice per subscription period, enforced by a
   unique index, so repeating, racing or resuming a run never invoices a period twice);
2. collect payment for customers with a saved card: schedule the auto-charges due today (the
   due date, then the tenant's dunning retry days) as attempts with one job each; Stripe is
   called by those jobs, never inside this transaction;
3. add late fees, mark overdue, emit reminders, suspend and terminate per the tenant's settings;
4. record billing events (deduplicated) for the notifications issue;
5. move domains past their expiry through grace and redemption (domains/expiry.py).

Each batch is one transaction holding the tenant's advisory lock, so two runs for the same
tenant take turns, and a run killed half-way loses only its open batch.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.principal import Principal
from mpanel.billing.cycles import BillingCycle, add_cycle
from mpanel.billing.invoices.numbering import reserve_in_sql
from mpanel.billing.invoices.service import tenant_billing_settings
from mpanel.billing.settings import BillingSettings
from mpanel.billing.stripe import service as stripe_payments
from mpanel.billing.tax import service as tax_rules
from mpanel.billing.tax.calculate import LineIn, TaxRate, TaxResult, compute_taxes
from mpanel.billing.tax.models import TaxRule
from mpanel.billing.tax.place import TaxParty
from mpanel.core.money import round_minor
from mpanel.db.session import tenant_session
from mpanel.domains import expiry
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
    domain_steps: int = 0  # domain lifecycle transitions (domains/expiry.py)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per step

    def add(self, step: str, seconds: float) -> None:
        self.seconds[step] = self.seconds.get(step, 0.0) + seconds

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - started)


@dataclass
class RunReport:
    day: date
    tenants: list[TenantReport] = field(default_factory=list)

    @property
    def invoices(self) -> int:
        return sum(t.invoices for t in self.tenants)

    @property
    def seconds(self) -> dict[str, float]:
        """Time per step summed over the tenants (more than the wall time when tenants overlap)."""
        total: dict[str, float] = {}
        for tenant in self.tenants:
            for name, seconds in tenant.seconds.items():
                total[name] = total.get(name, 0.0) + seconds
        return total


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

    def taxes(self, party: TaxParty, price: Decimal, currency: str) -> tuple[TaxResult, str | None]:
        rates, note = self._rates(party)
        return self._taxes(round_minor(price, currency), currency, rates), note


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


_DUE = f"""
    select s.id, s.customer_id, s.description, s.billing_cycle, s.price, s.currency, s.next_billing_date,
           s.anchor_day
    from subscriptions s
    where s.status in ('active', 'suspended') and s.next_billing_date <= :horizon
      and (:continuous or not exists (
            select 1 from invoices i where i.tenant_id = s.tenant_id and i.subscription_id = s.id
            and i.status in {OPEN}))
    order by s.next_billing_date, s.id
    limit :limit
"""  # noqa: S608 (constants only)

# What decides an invoice's amounts and period: the few distinct shapes of a batch are computed in
# Python (taxes, calendar), the rows themselves never leave the database.
_SHAPES = text(
    f"""
    with due as ({_DUE})
    select distinct d.customer_id, d.billing_cycle, d.price, d.currency, d.next_billing_date, d.anchor_day,
           c.country, c.region, c.postcode, c.vat_id, c.tax_exempt
    from due d join customers c on c.tenant_id = mpanel_current_tenant() and c.id = d.customer_id
    """  # noqa: S608 (constants only)
)

_SHAPE_COLUMNS = (
    ("customer_id", "uuid"),
    ("billing_cycle", "text"),
    ("price", "numeric"),
    ("currency", "text"),
    ("period_start", "date"),
    ("anchor_day", "smallint"),
    ("period_end", "date"),
    ("status", "text"),
    ("subtotal", "numeric"),
    ("tax_total", "numeric"),
    ("total", "numeric"),
    ("tax_note", "text"),
    ("item_price", "numeric"),
)
_TAX_COLUMNS = (
    ("shape", "bigint"),
    ("rule_id", "uuid"),
    ("name", "text"),
    ("rate", "numeric"),
    ("level", "smallint"),
    ("compound", "boolean"),
    ("base", "numeric"),
    ("amount", "numeric"),
)


def _unnest(prefix: str, columns: tuple[tuple[str, str], ...], alias: str) -> str:
    arrays = ", ".join(f"cast(:{prefix}_{name} as {kind}[])" for name, kind in columns)
    return f"unnest({arrays}) with ordinality as {alias}({', '.join(name for name, _ in columns)}, k)"


def _insert_batch(counter: str, number: str) -> str:
    """One statement per batch: due subscriptions joined with their shapes, numbered gaplessly, then
    the invoices, their item and tax lines, the subscriptions' next dates and the events."""
    return f"""
    with due as ({_DUE}),
    shapes as (select * from {_unnest("shape", _SHAPE_COLUMNS, "sh")}),
    billed as materialized (
      select gen_random_uuid() as invoice_id, d.id as subscription_id, d.customer_id, d.description, d.currency,
             d.next_billing_date as period_start, sh.period_end, sh.status, sh.subtotal, sh.tax_total, sh.total,
             sh.tax_note, sh.item_price, sh.k, row_number() over (order by d.next_billing_date, d.id) as n
      from due d join shapes sh on sh.customer_id = d.customer_id and sh.billing_cycle = d.billing_cycle
        and sh.price = d.price and sh.currency = d.currency and sh.period_start = d.next_billing_date
        and sh.anchor_day = d.anchor_day
    ),
    counter as ({counter}),
    numbered as materialized (
      select b.*, {number} as number
      from billed b cross join counter
      cross join lateral (select counter.value - (select count(*) from billed) + b.n as seq) q
    ),
    invoices_in as (
      insert into invoices (id, customer_id, number, status, currency, issue_date, due_date, subtotal, tax_total,
                            total, amount_paid, amount_credited, prices_include_tax, tax_note, notes, kind,
                            subscription_id, period_start, period_end, paid_at)
      select invoice_id, customer_id, number, status, currency, :day, period_start, subtotal, tax_total, total, 0, 0,
             :inclusive, tax_note, '', 'renewal', subscription_id, period_start, period_end,
             case when status = 'paid' then now() end
      from numbered
    ),
    items_in as (
      insert into invoice_items (invoice_id, position, description, quantity, unit_price, amount, taxable)
      select invoice_id, 1,
             left(description || ' (' || to_char(period_start, 'YYYY-MM-DD') || ' to '
                  || to_char(period_end, 'YYYY-MM-DD') || ')', 500),
             1, item_price, item_price, true
      from numbered
    ),
    taxes_in as (
      insert into invoice_taxes (invoice_id, rule_id, name, rate, level, compound, base, amount)
      select n.invoice_id, t.rule_id, t.name, t.rate, t.level, t.compound, t.base, t.amount
      from numbered n join {_unnest("tax", _TAX_COLUMNS, "t")} on t.shape = n.k
    ),
    advanced as (
      update subscriptions s set next_billing_date = n.period_end, updated_at = now()
      from numbered n where s.tenant_id = mpanel_current_tenant() and s.id = n.subscription_id
    ),
    events_in as (
      insert into billing_events (kind, dedupe_key, customer_id, invoice_id, subscription_id, occurred_on)
      select 'invoice.created', 'invoice.created:' || invoice_id, customer_id, invoice_id, subscription_id, :day
      from numbered
    )
    select count(*) from numbered
    """  # noqa: S608 (constants and bind parameters only)


def _shape_arrays(rows: list[Row[Any]], cache: _TaxCache) -> tuple[dict[str, list[object]], dict[str, list[object]]]:
    shapes: dict[str, list[object]] = {f"shape_{name}": [] for name, _ in _SHAPE_COLUMNS}
    taxes: dict[str, list[object]] = {f"tax_{name}": [] for name, _ in _TAX_COLUMNS}
    for k, row in enumerate(rows, start=1):
        party = TaxParty(row.country, row.region, row.postcode, row.vat_id, row.tax_exempt)
        result, note = cache.taxes(party, row.price, row.currency)
        end = add_cycle(row.next_billing_date, BillingCycle(row.billing_cycle), anchor_day=row.anchor_day)
        values: tuple[object, ...] = (
            row.customer_id,
            row.billing_cycle,
            row.price,
            row.currency,
            row.next_billing_date,
            row.anchor_day,
            end,
            "unpaid" if result.total > 0 else "paid",
            result.subtotal,
            result.total - result.subtotal,
            result.total,
            note,
            round_minor(row.price, row.currency),
        )
        for (name, _), value in zip(_SHAPE_COLUMNS, values, strict=True):
            shapes[f"shape_{name}"].append(value)
        for line in result.tax_lines:
            tax: tuple[object, ...] = (
                k,
                uuid.UUID(line.rule_id) if line.rule_id else None,
                line.name,
                line.rate,
                line.level,
                line.compound,
                line.base,
                line.amount,
            )
            for (name, _), value in zip(_TAX_COLUMNS, tax, strict=True):
                taxes[f"tax_{name}"].append(value)
    return shapes, taxes


async def _invoice_batch(
    session: AsyncSession, day: date, settings: BillingSettings, cache: _TaxCache, limit: int, report: TenantReport
) -> int:
    """Invoice one batch of due subscriptions; returns how many were invoiced. A subscription
    changed by someone else between the two statements finds no shape and waits for the next
    batch or day; numbers stay gapless, being counted in the statement that uses them."""
    due = {
        "horizon": day + timedelta(days=settings.invoice_days_before),
        "continuous": settings.continuous_invoicing,
        "limit": limit,
    }
    with report.step("shapes"):
        rows = list(await session.execute(_SHAPES, due))
        if not rows:
            return 0
        shapes, taxes = _shape_arrays(rows, cache)
    counter, number, numbering = reserve_in_sql(
        "invoice", settings.invoice_number_format, day, rows="billed", seq="q.seq"
    )
    with report.step("insert"):
        count = await session.scalar(
            text(_insert_batch(counter, number)),
            {**due, **shapes, **taxes, **numbering, "day": day, "inclusive": settings.prices_include_tax},
        )
    return int(count or 0)


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
            with report.step("setup"):
                await session.execute(_LOCK)  # runs of one tenant take turns, so no row locks are needed
                await session.execute(text("set local synchronous_commit = off"))
                settings = await tenant_billing_settings(session)
                report.cancelled += await _cancel_ended(session, day)
                cache = _TaxCache(await tax_rules.active_rules(session), settings)
            count = await _invoice_batch(session, day, settings, cache, batch_size, report)
            committing = time.perf_counter()
        report.add("commit", time.perf_counter() - committing)
        report.invoices += count
        if after_batch is not None:
            after_batch(count)
        if count < batch_size:
            break
    async with tenant_session(sessionmaker, tenant_id) as session:
        await session.execute(_LOCK)
        settings = await tenant_billing_settings(session)
        with report.step("collect"):
            report.charges = await stripe_payments.schedule_auto_charges(session, day, settings)
        with report.step("late fees"):
            report.late_fees = await _late_fees(session, day, settings)
        with report.step("overdue"):
            report.overdue = await _mark_overdue(session, day)
        with report.step("reminders"):
            report.reminders = await _reminders(session, day, settings)
        with report.step("suspend"):
            report.terminated = await _suspend_or_terminate(session, day, days=settings.terminate_days, terminate=True)
            report.suspended = await _suspend_or_terminate(session, day, days=settings.suspend_days, terminate=False)
    async with tenant_session(sessionmaker, tenant_id) as session:
        await session.execute(_LOCK)
        with report.step("domains"):
            report.domain_steps = await expiry.advance(session, Principal.system(tenant_id), day)
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
    concurrency: int = 2,
    on_tenant: Callable[[TenantReport], None] | None = None,
) -> RunReport:
    """Every tenant (or the given ones), `concurrency` tenants at a time: tenants share nothing
    but the machine, like the per-tenant jobs the periodic run fans out to the workers. The
    sessionmaker's pool needs `concurrency` connections."""
    report = RunReport(day)
    ids = tenant_ids if tenant_ids is not None else await tenants_to_bill(sessionmaker)
    pending = iter(ids)
    results: dict[uuid.UUID, TenantReport] = {}

    async def worker() -> None:
        for tenant_id in pending:
            results[tenant_id] = await run_tenant(sessionmaker, tenant_id, day, batch_size=batch_size)
            if on_tenant is not None:
                on_tenant(results[tenant_id])

    await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency, len(ids))))))
    report.tenants = [results[tenant_id] for tenant_id in ids]
    return report
