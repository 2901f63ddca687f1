"""Gapless sequential numbers per tenant and series ("invoice", "credit_note"), allocated in the
caller's transaction: the counter row stays locked until it commits, and a rollback returns the
number, so there are never gaps or duplicates."""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.billing.invoices.models import NumberCounter
from mpanel.billing.invoices.numbering_format import render_number, template_parts


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
    parts = template_parts(template, issued)
    return [render_number(parts, seq) for seq in range(last - count + 1, last + 1)]


def reserve_in_sql(
    series: str, template: str, issued: date, *, rows: str, seq: str
) -> tuple[str, str, dict[str, object]]:
    """``reserve_numbers`` inside one set-based statement: a CTE body that advances the counter by
    the row count of the CTE ``rows`` (returning the last number as ``value``), and the SQL
    expression rendering the number of sequence ``seq`` (an integer expression), with their bind
    parameters. The template's text travels only in bind parameters."""
    params: dict[str, object] = {"number_series": series, "number_period": _period(template, issued)}
    rendered = []
    for index, part in enumerate(template_parts(template, issued)):
        name = f"number_part_{index}"
        params[name] = part
        if isinstance(part, str):
            rendered.append(f"cast(:{name} as text)")
        else:
            rendered.append(
                f"lpad(cast({seq} as text), greatest(cast(:{name} as int), length(cast({seq} as text))), '0')"
            )
    counter = (
        f"insert into number_counters (series, period, value) "  # noqa: S608 (identifiers from the caller's code)
        f"select :number_series, :number_period, count(*) from {rows} having count(*) > 0 "
        f"on conflict (tenant_id, series, period) do update set value = number_counters.value + excluded.value "
        f"returning value"
    )
    return counter, " || ".join(rendered), params


async def next_number(session: AsyncSession, series: str, template: str, issued: date) -> str:
    (number,) = await reserve_numbers(session, series, template, issued, 1)
    return number
