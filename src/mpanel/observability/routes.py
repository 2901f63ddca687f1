from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from mpanel.core.schemas import Schema
from mpanel.observability.service import check_database

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


@router.get(
    "/metrics",
    operation_id="system-metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus text format"}},
)
async def metrics() -> Response:
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
