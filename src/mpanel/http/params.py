"""Query parameters every list route takes the same way."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from mpanel.db.pagination import MAX_LIMIT

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=200)]
