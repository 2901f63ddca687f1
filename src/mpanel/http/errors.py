"""Every error leaves as {"error": {"code", "message", "details"}} with the right status.
Nothing but a bug gives a 500, and then only the request id is shown."""

from __future__ import annotations

from typing import Any

import asyncpg
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from mpanel.core.context import current_request
from mpanel.core.errors import AppError

log = structlog.get_logger(__name__)

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def error_response(
    status: int,
    code: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "details": details or []}}, status_code=status, headers=headers
    )


def _field(location: tuple[Any, ...]) -> str:
    parts = [str(p) for p in location if p not in ("body",)]
    return ".".join(parts) or "body"


# Pydantic puts these before the message of a validator's own ValueError or assert; the field shows
# the message itself, as a sentence ("Value error, a rate is ..." -> "A rate is ...").
_PYDANTIC_PREFIXES = ("Value error, ", "Assertion failed, ")


def _message(raw: str) -> str:
    for prefix in _PYDANTIC_PREFIXES:
        if raw.startswith(prefix):
            text = raw.removeprefix(prefix)
            return text[:1].upper() + text[1:]
    return raw


async def _app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return error_response(exc.status, exc.error_code, exc.error_message, exc.details, exc.headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {
            "field": _field(tuple(e.get("loc", ()))),
            "message": _message(str(e.get("msg", ""))),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]
    return error_response(422, "validation_failed", "Some fields are not valid.", details)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else "The request could not be processed."
    return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))


async def _integrity_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, IntegrityError)
    constraint = getattr(getattr(exc.orig, "__cause__", None), "constraint_name", None) or getattr(
        exc.orig, "constraint_name", None
    )
    log.info("integrity_error", constraint=constraint)
    details = [{"constraint": constraint}] if constraint else []
    return error_response(409, constraint or "conflict", "The change conflicts with existing data.", details)


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    return error_response(422, "invalid_value", "A value is out of range or malformed.")


async def _database_down(request: Request, exc: Exception) -> JSONResponse:
    log.error("database_unavailable", error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    return error_response(503, "database_unavailable", "The database is not reachable. Try again shortly.")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    request_id = current_request().request_id
    log.exception("unhandled_error", exc_info=exc)
    return error_response(500, "internal_error", f"Something went wrong on our side (request {request_id}).")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(OperationalError, _database_down)
    app.add_exception_handler(InterfaceError, _database_down)
    # asyncpg raises the socket's own error when it cannot connect at all.
    app.add_exception_handler(ConnectionRefusedError, _database_down)
    app.add_exception_handler(asyncpg.exceptions.CannotConnectNowError, _database_down)
    app.add_exception_handler(asyncpg.exceptions.TooManyConnectionsError, _database_down)
    app.add_exception_handler(Exception, _unexpected)
