"""Checks every /api request gets before its handler runs."""

from __future__ import annotations

from fastapi import Request

from mpanel.core.errors import Invalid


async def reject_unstorable_query(request: Request) -> None:
    """PostgreSQL text cannot hold NUL characters: a query parameter with one is refused with
    the validation error shape, instead of failing deep in the database."""
    for name, value in request.query_params.multi_items():
        if "\x00" in value or "\x00" in name:
            raise Invalid(
                "Query parameters must not contain NUL characters.",
                code="validation_failed",
                details=[{"field": f"query.{name}", "message": "must not contain NUL characters"}],
            )
