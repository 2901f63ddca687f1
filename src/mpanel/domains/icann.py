"""ICANN fee tracking: every gTLD registration, renewal and transfer owes ICANN a fee per
domain-year (a platform setting, ICANN_FEE_USD). Each one is recorded with the fee it was charged
at, and the report totals what is owed per calendar month (UTC)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.auth.principal import Principal
from mpanel.catalog.tlds.models import TldAction
from mpanel.core.errors import Invalid
from mpanel.domains.models import IcannFee

MAX_REPORT_DAYS = 366


class ReportRangeInvalid(Invalid):
    code = "report_range_invalid"


@dataclass(frozen=True, slots=True)
class FeePeriod:
    month: str
    operations: int
    domain_years: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class FeeReport:
    from_: date
    to: date
    currency: str
    months: list[FeePeriod]
    operations: int
    domain_years: int
    amount: Decimal


async def record(
    session: AsyncSession,
    *,
    domain_id: uuid.UUID,
    tld: str,
    action: TldAction,
    years: int,
    fee_per_year: Decimal,
    occurred_at: datetime,
) -> IcannFee:
    fee = IcannFee(
        domain_id=domain_id,
        tld=tld,
        action=action,
        years=years,
        fee_per_year=fee_per_year,
        amount=fee_per_year * years,
        currency="USD",
        occurred_at=occurred_at,
    )
    session.add(fee)
    return fee


def _months(start: date, end: date) -> list[str]:
    """Every month that overlaps [start, end)."""
    last = (end.year, end.month) if end.day > 1 else (end.year, end.month - 1)
    months, year, month = [], start.year, start.month
    while start < end and (year, month) <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


async def report(session: AsyncSession, actor: Principal, start: date, end: date) -> FeeReport:
    """ICANN fees owed for [start, end) (dates at UTC midnight, `end` exclusive), per month."""
    if start > end:
        raise ReportRangeInvalid("`from` must not be after `to`.", details=[{"field": "from", "message": "after `to`"}])
    if (end - start).days > MAX_REPORT_DAYS:
        raise ReportRangeInvalid(
            f"A report covers at most {MAX_REPORT_DAYS} days.",
            details=[{"field": "to", "message": f"more than {MAX_REPORT_DAYS} days after `from`"}],
        )
    month = func.to_char(func.timezone("UTC", IcannFee.occurred_at), "YYYY-MM")
    rows = await session.execute(
        select(month, func.count(), func.coalesce(func.sum(IcannFee.years), 0), func.sum(IcannFee.amount))
        .where(
            IcannFee.occurred_at >= datetime.combine(start, time(), UTC),
            IcannFee.occurred_at < datetime.combine(end, time(), UTC),
        )
        .group_by(month)
    )
    found = {r[0]: FeePeriod(r[0], int(r[1]), int(r[2]), Decimal(r[3])) for r in rows}
    periods = [found.get(m, FeePeriod(m, 0, 0, Decimal("0"))) for m in _months(start, end)]
    return FeeReport(
        from_=start,
        to=end,
        currency="USD",
        months=periods,
        operations=sum(p.operations for p in periods),
        domain_years=sum(p.domain_years for p in periods),
        amount=sum((p.amount for p in periods), Decimal("0")),
    )
