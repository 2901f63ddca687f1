"""Fetching the one row a request names: 404 in the API's words when it is not there (or not
visible: RLS and the caller's scope filter the same way), locked when the caller will change it."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.core.errors import NotFound

T = TypeVar("T")


async def one_or_not_found(
    session: AsyncSession, stmt: Select[T], entity: str, entity_id: Any, *, for_update: bool = False
) -> T:
    """The row `stmt` selects, or `NotFound(entity, entity_id)`. With `for_update` the row is
    locked FOR UPDATE (only the selected entity's table, not joined or eager-loaded ones)."""
    if for_update:
        stmt = stmt.with_for_update(of=stmt.column_descriptions[0]["entity"])
    found = await session.scalar(stmt)
    if found is None:
        raise NotFound(entity, entity_id)
    return found
