"""One ASGI middleware for every request: request id, context for the audit trail and logs,
security headers, access log and Prometheus metrics."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mpanel.core.context import RequestContext, set_request
from mpanel.observability.metrics import HTTP_DURATION, HTTP_IN_FLIGHT, HTTP_REQUESTS

log = structlog.get_logger("mpanel.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,100}$")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# The UI and the API: only our own scripts; Swagger UI loads its assets from the same origin.
# Stripe.js (card entry in the client portal) is the one third party: its script, its iframes
# (Elements and 3-D Secure) and its API, as Stripe documents for a CSP.
CSP = (
    b"default-src 'self'; img-src 'self' data: https://*.stripe.com; style-src 'self' 'unsafe-inline'; "
    b"script-src 'self' https://js.stripe.com; connect-src 'self' https://api.stripe.com; "
    b"frame-src https://js.stripe.com https://hooks.stripe.com; "
    b"frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
# Swagger UI's page starts itself with an inline script; its assets are served locally.
_DOCS_CSP = (
    b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    b"script-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'"
)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            decoded: str = value.decode("latin-1")
            return decoded
    return None


def _route_template(scope: Scope) -> str:
    """The matched route's full template (`/api/users/{user_id}`), so metrics have few labels.
    FastAPI keeps the prefixed path of an included route in its routing context."""
    context = scope.get("fastapi", {}).get("effective_route_context")
    path = getattr(context, "path", None) or getattr(scope.get("route"), "path", None)
    if path:
        return str(path)
    return "/api/{unmatched}" if scope.get("path", "").startswith("/api") else "/{static}"


class RequestMiddleware:
    def __init__(self, app: ASGIApp, *, hsts: bool = False) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        client = scope.get("client")
        ip = client[0] if client else None
        set_request(RequestContext(request_id=request_id, ip=ip, user_agent=_header(scope, b"user-agent")))
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        status = {"code": 500}
        started = time.perf_counter()
        is_docs = scope["path"] == "/api/docs"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers: list[Any] = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                headers.extend(SECURITY_HEADERS)
                headers.append((b"content-security-policy", _DOCS_CSP if is_docs else CSP))
                if self.hsts:
                    headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
                message["headers"] = headers
            await send(message)

        HTTP_IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            HTTP_IN_FLIGHT.dec()
            elapsed = time.perf_counter() - started
            route = _route_template(scope)
            method = scope["method"]
            HTTP_REQUESTS.labels(method, route, str(status["code"])).inc()
            HTTP_DURATION.labels(method, route, str(status["code"])).observe(elapsed)
            principal = scope.get("state", {}).get("principal")
            # One line per request; request_id (and tenant/user once authenticated) come from
            # the context variables, named explicitly here so anonymous requests carry nulls.
            log.info(
                f"{method} {route} {status['code']}",
                method=method,
                route=route,
                path=scope["path"],
                status=status["code"],
                duration_ms=round(elapsed * 1000, 2),
                ip=ip,
                tenant=str(principal.tenant_id) if principal else None,
                user=str(principal.user_id) if principal and principal.user_id else None,
            )
