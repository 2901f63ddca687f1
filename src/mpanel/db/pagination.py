"""Keyset pagination: stable order by (created_at, id), opaque cursors, no OFFSET scans."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, and_, or_
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


async def keyset_page(
    session: AsyncSession,
    stmt: Select[T],
    *,
    created_at: InstrumentedAttribute[datetime],
    row_id: InstrumentedAttribute[uuid.UUID],
    limit: int,
    cursor: str | None,
    newest_first: bool = True,
) -> tuple[list[T], str | None]:
    """One page of `stmt` and the cursor of the next page (None on the last one)."""
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
