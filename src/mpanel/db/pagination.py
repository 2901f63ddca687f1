"""Keyset pagination: stable order by (created_at, id) or by a requested sort key then id, opaque
cursors that carry the sort key's value, no OFFSET scans."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar, get_args

from sqlalchemy import Select, TypeDecorator, and_, func, or_, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from mpanel.core.errors import Invalid

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# The stand-in of a nullable timestamp a list sorts by ("never"): older than any real moment.
NEVER = datetime.min.replace(tzinfo=UTC)


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
    except (ValueError, TypeError, AttributeError) as exc:
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


@dataclass(frozen=True)
class SortFields:
    """The fields a list may be sorted by: the API's names, their columns, and for nullable
    columns the value NULLs sort as. Built by `sort_fields` against the route's `Literal`."""

    columns: Mapping[str, InstrumentedAttribute[Any]]
    null_as: Mapping[str, Any]


def sort_fields(allowed: object, columns: Mapping[str, InstrumentedAttribute[Any]], **null_as: Any) -> SortFields:
    """`allowed` is the `Literal` a route validates `sort` with (`"name", "-name", ...`); it must
    name every column both ways and nothing else, so the two can only drift at import time, never
    into a 500 at request time. `null_as` gives each nullable column its stand-in for NULL."""
    expected = {value for field in columns for value in (field, f"-{field}")}
    if set(get_args(allowed)) != expected:
        raise TypeError(f"the sort Literal {sorted(get_args(allowed))} does not match the columns {sorted(expected)}")
    if unknown := set(null_as) - set(columns):
        raise TypeError(f"null_as names fields that are not sortable: {sorted(unknown)}")
    for field, column in columns.items():
        if column.nullable and field not in null_as:
            raise TypeError(f"the sort field {field} is nullable: give it a null_as value")
    return SortFields(dict(columns), null_as)


def sort_by(value: str | None, fields: SortFields) -> Sort | None:
    """`value` is a field of `fields`, `-` in front for descending (routes validate it); None
    keeps the default newest-first order."""
    if not value:
        return None
    field = value.removeprefix("-")
    return Sort(field, fields.columns[field], value.startswith("-"), fields.null_as.get(field))


# The sort key's type, tagged in the cursor; datetime before date, since a datetime is a date.
_KINDS: tuple[tuple[str, type], ...] = (("t", datetime), ("d", date), ("n", Decimal), ("s", str), ("i", int))


def _tag(kind: type) -> str:
    if not issubclass(kind, bool):
        for tag, known in _KINDS:
            if issubclass(kind, known):
                return tag
    raise TypeError(f"cannot page by a {kind.__name__}")


def _column_tag(column: InstrumentedAttribute[Any]) -> str | None:
    sql_type = column.type
    if isinstance(sql_type, TypeDecorator):
        sql_type = sql_type.impl_instance
    try:
        return _tag(sql_type.python_type)
    except (NotImplementedError, TypeError):
        return None


def _encode_value(value: Any) -> list[str]:
    return [_tag(type(value)), value.isoformat() if isinstance(value, date) else str(value)]


def _text(value: str) -> str:
    value.encode()  # a lone surrogate raises UnicodeEncodeError, a ValueError
    if "\x00" in value:
        raise ValueError("NUL in a cursor")
    return value


def _number(value: str) -> Decimal:
    number = Decimal(value)
    if not number.is_finite() or abs(number.adjusted()) > 1000:
        raise ValueError("not a storable number")
    return number


def _integer(value: str) -> int:
    number = int(value)
    if not -(2**63) <= number < 2**63:
        raise ValueError("out of bigint range")
    return number


# Decoders refuse what PostgreSQL would: a tampered cursor is a 422, never a 500.
_DECODE: dict[str, Any] = {
    "t": datetime.fromisoformat,
    "d": date.fromisoformat,
    "n": _number,
    "s": _text,
    "i": _integer,
}


def encode_sort_cursor(sort: Sort, value: Any, row_id: uuid.UUID) -> str:
    raw = json.dumps([sort.field, *_encode_value(value), str(row_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_sort_cursor(sort: Sort, cursor: str) -> tuple[Any, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        field, tag, value, row_id = json.loads(raw)
        if field != sort.field:
            raise ValueError("cursor of another sort")
        expected = _column_tag(sort.column)
        if not isinstance(value, str) or (expected is not None and tag != expected):
            raise ValueError("cursor value of another type")
        return _DECODE[tag](value), uuid.UUID(row_id)
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError) as exc:
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
