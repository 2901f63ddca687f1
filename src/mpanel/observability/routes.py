from __future__ import annotations

import hmac
import ipaddress
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from mpanel.core.errors import Forbidden, Unauthorized
from mpanel.core.schemas import Schema
from mpanel.http.routing import errors
from mpanel.observability.service import check_database, refresh_scraped_metrics
from mpanel.settings import Settings

router = APIRouter(tags=["system"])


class HealthOut(Schema):
    status: str
    checks: dict[str, dict[str, Any]]


@router.get(
    "/health",
    response_model=HealthOut,
    operation_id="system-health",
    responses={503: {"model": HealthOut, "description": "A part is failing"}},
)
async def health(request: Request) -> JSONResponse:
    """Liveness: the process answers and its database does."""
    database = await check_database(request.app.state.engine)
    healthy = database["status"] == "ok"
    body = {"status": "ok" if healthy else "fail", "checks": {"process": {"status": "ok"}, "database": database}}
    return JSONResponse(body, status_code=200 if healthy else 503)


class MetricsTokenRequired(Unauthorized):
    code = "metrics_token_required"
    message = "A valid metrics bearer token is required."


class MetricsAddressRefused(Forbidden):
    code = "metrics_address_refused"
    message = "Metrics are not served to this address."


def _authorise_scrape(request: Request, settings: Settings) -> None:
    """METRICS_TOKEN and METRICS_ALLOW_FROM, when set, must each be satisfied."""
    networks = settings.metrics_networks
    if networks:
        client = request.client.host if request.client else ""
        try:
            address = ipaddress.ip_address(client)
        except ValueError:
            raise MetricsAddressRefused() from None
        if not any(address in network for network in networks):
            raise MetricsAddressRefused()
    if settings.metrics_token is not None:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        expected = settings.metrics_token.get_secret_value()
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
            raise MetricsTokenRequired(headers={"WWW-Authenticate": "Bearer"})


@router.get(
    "/metrics",
    operation_id="system-metrics",
    response_class=Response,
    responses={
        200: {"content": {"text/plain": {}}, "description": "Prometheus text format"},
        **errors(MetricsTokenRequired, MetricsAddressRefused),
    },
)
async def metrics(request: Request) -> Response:
    """Prometheus metrics: HTTP, process, pool, billing, jobs and tenants' business figures."""
    settings: Settings = request.app.state.settings
    _authorise_scrape(request, settings)
    await refresh_scraped_metrics(request.app.state.sessionmaker, max_age=settings.metrics_cache_seconds)
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
