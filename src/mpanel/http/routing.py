"""The route class every router uses: one database transaction per request, committed after
the handler (before the response is sent) and rolled back on any error."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.core.errors import AppError
from mpanel.http.schemas import ErrorResponse


class TransactionalRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run_in_transaction(request: Request) -> Response:
            sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
            async with sessionmaker() as session:
                request.state.db = session
                try:
                    response = await handler(request)
                except AppError as error:
                    if error.keep_changes:
                        await session.commit()
                    raise
                if response.status_code < 400:
                    await session.commit()
                return response

        return run_in_transaction


def errors(*error_types: type[AppError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for the errors a route may answer with."""
    responses: dict[int | str, dict[str, Any]] = {}
    for error in error_types:
        entry = responses.setdefault(error.status, {"model": ErrorResponse, "description": ""})
        entry["description"] = ", ".join(filter(None, [entry["description"], f"`{error.code}`"]))
    return responses
