from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from mpanel.auth.deps import Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.core.errors import Forbidden, Unauthorized
from mpanel.core.time import utcnow
from mpanel.dashboard import service as dashboard
from mpanel.dashboard.schemas import DashboardSummary, MrrTrend, SearchResults, Suggestions
from mpanel.http.routing import TransactionalRoute, errors

router = APIRouter(tags=["dashboard"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)
Staff = Annotated[Principal, Requires(Permission.DASHBOARD_READ)]


@router.get("/search", response_model=SearchResults, operation_id="search", responses=COMMON)
async def search(
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.SEARCH)],
    q: Annotated[str, Query(min_length=1, max_length=100)],
    limit: Annotated[int, Query(ge=1, le=20)] = 8,
) -> SearchResults:
    return SearchResults(items=await dashboard.search(session, actor, q, limit=limit))


@router.get("/dashboard/summary", response_model=DashboardSummary, operation_id="dashboard-summary", responses=COMMON)
async def summary(session: TenantSession, actor: Staff) -> DashboardSummary:
    return await dashboard.summary(session, actor, today=utcnow().date())


@router.get(
    "/dashboard/suggestions", response_model=Suggestions, operation_id="dashboard-suggestions", responses=COMMON
)
async def suggestions(session: TenantSession, actor: Staff) -> Suggestions:
    return Suggestions(items=await dashboard.suggestions(session, actor, today=utcnow().date()))


@router.get("/dashboard/mrr-trend", response_model=MrrTrend, operation_id="dashboard-mrr-trend", responses=COMMON)
async def mrr_trend(session: TenantSession, actor: Staff, months: Annotated[int, Query(ge=1, le=36)] = 12) -> MrrTrend:
    return await dashboard.mrr_trend(session, actor, today=utcnow().date(), months_back=months)
