"""TLD pricing: the TLDs a tenant sells, with register/renew/transfer prices for 1..10 years, the
redemption (restore) fee, whether ICANN's per-year fee applies, and the registrar adapter."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.catalog.tlds.models import Tld, TldAction, TldPrice
from mpanel.catalog.tlds.schemas import TldCreate, TldPriceIn, TldSort, TldUpdate
from mpanel.core.errors import Conflict, Invalid
from mpanel.core.hostnames import is_gtld
from mpanel.core.schemas import reject_cleared
from mpanel.core.text import contains_pattern
from mpanel.db.lookup import one_or_not_found
from mpanel.db.pagination import keyset_page, sort_by, sort_fields
from mpanel.domains import registrars
from mpanel.tenants import service as tenants

TLD_SORT = sort_fields(TldSort, {"tld": Tld.tld, "createdAt": Tld.created_at})


class TldExists(Conflict):
    code = "tld_exists"
    message = "This TLD is already in the price list."

    def __init__(self) -> None:
        super().__init__(details=[{"field": "tld", "message": self.message}])


class TldInUse(Conflict):
    code = "tld_in_use"
    message = "Domains are registered under this TLD; it cannot be deleted."


class TldUnknown(Invalid):
    code = "tld_unknown"

    def __init__(self, tld: str, field: str = "tld") -> None:
        super().__init__(f".{tld} is not a TLD we sell.", details=[{"field": field, "message": "unknown TLD"}])


class TldPriceMissing(Invalid):
    code = "tld_price_missing"

    def __init__(self, tld: str, action: TldAction, years: int) -> None:
        super().__init__(
            f".{tld} has no {TldAction(action).value} price for {years} year(s).",
            details=[{"field": "years", "message": "no price for this number of years"}],
        )


class RegistrarUnknown(Invalid):
    code = "registrar_unknown"

    def __init__(self, name: str) -> None:
        known = ", ".join(registrars.names())
        super().__init__(
            f"There is no registrar called {name!r} (known: {known}).",
            details=[{"field": "registrar", "message": "unknown registrar"}],
        )


class TldQuote(NamedTuple):
    tld: str
    action: TldAction
    years: int
    price: Decimal
    currency: str


def _with_prices() -> Any:
    return select(Tld).options(selectinload(Tld.prices))


async def get(session: AsyncSession, actor: Principal, tld_id: uuid.UUID, *, for_update: bool = False) -> Tld:
    stmt = _with_prices().where(Tld.id == tld_id)
    return await one_or_not_found(session, stmt, "tld", tld_id, for_update=for_update)


async def by_name(session: AsyncSession, tld: str) -> Tld | None:
    """The TLD row for a stored (lower-case ASCII) TLD, with its prices."""
    found: Tld | None = await session.scalar(_with_prices().where(Tld.tld == tld))
    return found


async def longest_suffix(session: AsyncSession, name: str) -> Tld | None:
    """The most specific TLD of ours that `name` ends with ("co.uk" before "uk"), or None."""
    labels = name.split(".")
    suffixes = [".".join(labels[i:]) for i in range(1, len(labels))]
    if not suffixes:
        return None
    found: Tld | None = await session.scalar(
        _with_prices().where(Tld.tld.in_(suffixes)).order_by(func.length(Tld.tld).desc()).limit(1)
    )
    return found


async def list_tlds(
    session: AsyncSession,
    actor: Principal,
    *,
    limit: int,
    cursor: str | None = None,
    query: str | None = None,
    sort: str | None = None,
) -> tuple[list[Tld], str | None]:
    stmt = _with_prices()
    if query:
        stmt = stmt.where(Tld.tld.ilike(contains_pattern(query.strip().lstrip(".").lower()), escape="\\"))
    return await keyset_page(
        session,
        stmt,
        created_at=Tld.created_at,
        row_id=Tld.id,
        limit=limit,
        cursor=cursor,
        sort=sort_by(sort, TLD_SORT),
    )


def _check_registrar(name: str) -> None:
    if name not in registrars.names():
        raise RegistrarUnknown(name)


def _snapshot(tld: Tld) -> dict[str, Any]:
    return {
        **audit.snapshot(tld),
        "prices": [
            {"action": p.action.value, "years": p.years, "price": str(p.price)}
            for p in sorted(tld.prices, key=lambda p: (p.action.value, p.years))
        ],
    }


async def create(session: AsyncSession, actor: Principal, data: TldCreate) -> Tld:
    _check_registrar(data.registrar)
    if await session.scalar(select(Tld.id).where(Tld.tld == data.tld)):
        raise TldExists()
    tld = Tld(
        tld=data.tld,
        currency=data.currency or await tenants.default_currency(session),
        redemption_fee=data.redemption_fee,
        grace_days=data.grace_days,
        redemption_days=data.redemption_days,
        icann_fee_applies=is_gtld(data.tld) if data.icann_fee_applies is None else data.icann_fee_applies,
        registrar=data.registrar,
        prices=[TldPrice(action=p.action, years=p.years, price=p.price) for p in data.prices],
    )
    session.add(tld)
    await session.flush()
    await audit.record(session, actor, "tld.create", tld, after=_snapshot(tld))
    return tld


def _replace_prices(tld: Tld, rows: list[TldPriceIn]) -> None:
    """Update in place, add and drop, so a flush never deletes and re-inserts the same key."""
    wanted = {(row.action, row.years): row for row in rows}
    for existing in list(tld.prices):
        row = wanted.pop((existing.action, existing.years), None)
        if row is None:
            tld.prices.remove(existing)
        else:
            existing.price = row.price
    for row in wanted.values():
        tld.prices.append(TldPrice(action=row.action, years=row.years, price=row.price))


async def update(session: AsyncSession, actor: Principal, tld_id: uuid.UUID, data: TldUpdate) -> Tld:
    tld = await get(session, actor, tld_id, for_update=True)
    before = _snapshot(tld)
    changes = data.model_dump(exclude_unset=True)
    reject_cleared(changes, "currency", "redemption_fee", "grace_days", "redemption_days", "icann_fee_applies")
    reject_cleared(changes, "registrar", "prices")
    if data.registrar is not None:
        _check_registrar(data.registrar)
    for key in ("currency", "redemption_fee", "grace_days", "redemption_days", "icann_fee_applies", "registrar"):
        if key in changes:
            setattr(tld, key, getattr(data, key))
    if data.prices is not None:
        _replace_prices(tld, data.prices)
    await session.flush()
    await audit.record(session, actor, "tld.update", tld, before=before, after=_snapshot(tld))
    return tld


async def delete(session: AsyncSession, actor: Principal, tld_id: uuid.UUID) -> None:
    """Remove a TLD from the price list; refused while any domain (even a cancelled one) uses it."""
    tld = await get(session, actor, tld_id, for_update=True)
    before = _snapshot(tld)
    try:
        async with session.begin_nested():
            await session.delete(tld)
            await session.flush()
    except IntegrityError as exc:
        raise TldInUse() from exc
    await audit.record(session, actor, "tld.delete", entity_type="tlds", entity_id=str(tld_id), before=before)


async def tld_price(session: AsyncSession, actor: Principal, tld: str, action: TldAction, years: int) -> TldQuote:
    """The price of `action` on a name under `tld` for `years` years, in the TLD's currency."""
    row = await by_name(session, tld)
    if row is None:
        raise TldUnknown(tld)
    return quote(row, action, years)


def quote(tld: Tld, action: TldAction, years: int) -> TldQuote:
    price = tld.price_row(action, years)
    if price is None:
        raise TldPriceMissing(tld.tld, action, years)
    return TldQuote(tld.tld, action, years, price.price, tld.currency)
