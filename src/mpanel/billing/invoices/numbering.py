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


async def next_number(session: AsyncSession, series: str, template: str, issued: date) -> str:
    period = _period(template, issued)
    stmt = (
        insert(NumberCounter)
        .values(series=series, period=period, value=1)
        .on_conflict_do_update(
            index_elements=[NumberCounter.tenant_id, NumberCounter.series, NumberCounter.period],
            set_={"value": NumberCounter.value + 1},
        )
        .returning(NumberCounter.value)
    )
    value = (await session.execute(stmt)).scalar_one()
    return format_invoice_number(template, seq=value, issued=issued)
