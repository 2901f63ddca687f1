"""Gapless sequential numbers per tenant and series ("invoice", "credit_note"), allocated in the
caller's transaction: the counter row stays locked until it commits, and a rollback returns the
number, so there are never gaps or duplicates."""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.billing.invoices.models import NumberCounter
from mpanel.billing.invoices.numbering_format import format_invoice_number


def _period(template: str, issued: date) -> str:
    """Templates with a year restart their sequence every year."""
    return str(issued.year) if "{YYYY}" in template or "{YY}" in template else "all"


async def reserve_numbers(session: AsyncSession, series: str, template: str, issued: date, count: int) -> list[str]:
    """The next `count` numbers of the series, in order (one counter update for a whole batch)."""
    period = _period(template, issued)
    stmt = (
        insert(NumberCounter)
        .values(series=series, period=period, value=count)
        .on_conflict_do_update(
            index_elements=[NumberCounter.tenant_id, NumberCounter.series, NumberCounter.period],
            set_={"value": NumberCounter.value + count},
        )
        .returning(NumberCounter.value)
    )
    last = (await session.execute(stmt)).scalar_one()
    return [format_invoice_number(template, seq=seq, issued=issued) for seq in range(last - count + 1, last + 1)]


async def next_number(session: AsyncSession, series: str, template: str, issued: date) -> str:
    (number,) = await reserve_numbers(session, series, template, issued, 1)
    return number
