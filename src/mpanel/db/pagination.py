"""Keyset pagination: stable order by (created_at, id) or by a requested sort key then id, opaque
cursors that carry the sort key's value, no OFFSET scans."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Select, and_, func, or_, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from mpanel.core.errors import Invalid

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class CursorInvalid(Invalid):
    code = "cursor_invalid"
    message = "The cursor is not valid for this list."


def encode_cursor(created_at: datetime, row_id: uuid.UUID) -> str:
    raw = json.dumps([created_at.isoformat(), str(row_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, row_id = json.loads(raw)
        return datetime.fromisoformat(created), uuid.UUID(row_id)
    except (ValueError, TypeError) as exc:
        raise CursorInvalid() from exc


@dataclass(frozen=True)
class Sort:
    """A requested order: `field` as the API names it, the column, the direction, and for a
    nullable column the value NULLs sort as (so the keyset comparison never meets a NULL)."""

    field: str
    column: InstrumentedAttribute[Any]
    descending: bool
    null_as: Any = None

    @property
    def key(self) -> Any:
        return self.column if self.null_as is None else func.coalesce(self.column, self.null_as)

    def value(self, row: object) -> Any:
        found = getattr(row, self.column.key)
        return self.null_as if found is None else found


def sort_by(value: str | None, columns: Mapping[str, InstrumentedAttribute[Any]], **null_as: Any) -> Sort | None:
    """`value` is a field of `columns`, `-` in front for descending (routes validate it); None
    keeps the default newest-first order."""
    if not value:
        return None
    field = value.removeprefix("-")
    return Sort(field, columns[field], value.startswith("-"), null_as.get(field))


def _encode_value(value: Any) -> list[str]:
    for tag, kind in (("t", datetime), ("d", date), ("n", Decimal), ("s", str)):
        if isinstance(value, kind):
            return [tag, value.isoformat() if isinstance(value, date) else str(value)]
    raise TypeError(f"cannot page by a {type(value).__name__}")


_DECODE: dict[str, Any] = {"t": datetime.fromisoformat, "d": date.fromisoformat, "n": Decimal, "s": str}


def encode_sort_cursor(sort: Sort, value: Any, row_id: uuid.UUID) -> str:
    raw = json.dumps([sort.field, *_encode_value(value), str(row_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_sort_cursor(sort: Sort, cursor: str) -> tuple[Any, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        field, tag, value, row_id = json.loads(raw)
        if field != sort.field:
            raise ValueError("cursor of another sort")
        return _DECODE[tag](value), uuid.UUID(row_id)
    except (ValueError, TypeError, KeyError, ArithmeticError) as exc:
        raise CursorInvalid() from exc


async def keyset_page(
    session: AsyncSession,
    stmt: Select[T],
    *,
    created_at: InstrumentedAttribute[datetime],
    row_id: InstrumentedAttribute[uuid.UUID],
    limit: int,
    cursor: str | None,
    newest_first: bool = True,
    sort: Sort | None = None,
) -> tuple[list[T], str | None]:
    """One page of `stmt` and the cursor of the next page (None on the last one). With `sort`,
    rows come in that order, ties broken by id in the same direction."""
    if sort is not None:
        return await _sorted_page(session, stmt, sort, row_id=row_id, limit=limit, cursor=cursor)
    if cursor:
        at, last_id = decode_cursor(cursor)
        if newest_first:
            stmt = stmt.where(or_(created_at < at, and_(created_at == at, row_id < last_id)))
        else:
            stmt = stmt.where(or_(created_at > at, and_(created_at == at, row_id > last_id)))
    order: list[Any] = [created_at.desc(), row_id.desc()] if newest_first else [created_at, row_id]
    rows = list((await session.scalars(stmt.order_by(*order).limit(limit + 1))).all())
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode_cursor(getattr(last, created_at.key), getattr(last, row_id.key))


async def _sorted_page(
    session: AsyncSession,
    stmt: Select[T],
    sort: Sort,
    *,
    row_id: InstrumentedAttribute[uuid.UUID],
    limit: int,
    cursor: str | None,
) -> tuple[list[T], str | None]:
    key = tuple_(sort.key, row_id)
    if cursor:
        value, last_id = decode_sort_cursor(sort, cursor)
        stmt = stmt.where(key < tuple_(value, last_id) if sort.descending else key > tuple_(value, last_id))
    order: list[Any] = [sort.key.desc(), row_id.desc()] if sort.descending else [sort.key, row_id]
    rows = list((await session.scalars(stmt.order_by(*order).limit(limit + 1))).all())
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], encode_sort_cursor(sort, sort.value(last), getattr(last, row_id.key))
