"""Per-request facts that services may need (for the audit trail) without seeing HTTP."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RequestContext:
    request_id: str | None = None
    ip: str | None = None
    user_agent: str | None = None


_current: ContextVar[RequestContext | None] = ContextVar("mpanel_request_context", default=None)
_NO_REQUEST = RequestContext()


def current_request() -> RequestContext:
    return _current.get() or _NO_REQUEST


def set_request(context: RequestContext) -> None:
    _current.set(context)
