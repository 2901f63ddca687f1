"""Query parameters every list route takes the same way."""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import Query

from mpanel.db.pagination import MAX_LIMIT

S = TypeVar("S", bound=str)

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=200)]
# `sort: SortParam[CustomerSort] = None`: the list's `Literal` of `field` / `-field`, so an unknown
# field is a 422 and OpenAPI (and the typed web client) list the allowed values.
SortParam = Annotated[S | None, Query(description="Field to sort by, `-` first for descending")]
