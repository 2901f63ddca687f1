from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import AwareDatetime

from mpanel.auth.deps import AppSettings, Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.core.errors import Forbidden, Invalid, NotFound, Unauthorized
from mpanel.core.schemas import Page
from mpanel.core.time import utcnow
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.hosting.operations import service as operations
from mpanel.hosting.servers import metrics
from mpanel.hosting.servers import service as servers
from mpanel.hosting.servers.agent_schemas import ResyncOut
from mpanel.hosting.servers.models import Server, ServerRole, ServerStatus
from mpanel.hosting.servers.schemas import (
    EnrolmentToken,
    MetricSeries,
    ServerCreate,
    ServerCreated,
    ServerOut,
    ServerSort,
    ServerUpdate,
)
from mpanel.http.params import Cursor, Limit, SortParam
from mpanel.http.routing import TransactionalRoute, errors

router = APIRouter(prefix="/servers", tags=["servers"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)
ReadServers = Annotated[Principal, Requires(Permission.SERVERS_READ)]
WriteServers = Annotated[Principal, Requires(Permission.SERVERS_WRITE)]


def server_out(server: Server) -> ServerOut:
    return ServerOut.model_validate(
        {
            **{c: getattr(server, c) for c in ServerOut.model_fields if hasattr(server, c)},
            "enrolled": server.credential_hash is not None,
        }
    )


@router.get("", response_model=Page[ServerOut], operation_id="servers-list", responses=COMMON)
async def list_servers(
    session: TenantSession,
    actor: ReadServers,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    role: ServerRole | None = None,
    status: ServerStatus | None = None,
    sort: SortParam[ServerSort] = None,
) -> Page[ServerOut]:
    items, next_cursor = await servers.list_servers(
        session, limit=limit, cursor=cursor, sort=sort, role=role, status=status
    )
    return Page[ServerOut](items=[server_out(s) for s in items], next_cursor=next_cursor)


@router.post(
    "",
    response_model=ServerCreated,
    status_code=status.HTTP_201_CREATED,
    operation_id="servers-create",
    responses=COMMON | errors(servers.ServerNameTaken),
)
async def create_server(
    data: ServerCreate, session: TenantSession, actor: WriteServers, settings: AppSettings
) -> ServerCreated:
    server, token = await servers.create(session, actor, settings, data)
    assert server.enrolment_expires_at is not None
    return ServerCreated(
        server=server_out(server), enrolment_token=token, enrolment_expires_at=server.enrolment_expires_at
    )


@router.get("/{server_id}", response_model=ServerOut, operation_id="servers-get", responses=COMMON | errors(NotFound))
async def get_server(server_id: uuid.UUID, session: TenantSession, actor: ReadServers) -> ServerOut:
    return server_out(await servers.get(session, server_id))


@router.patch(
    "/{server_id}",
    response_model=ServerOut,
    operation_id="servers-update",
    responses=COMMON | errors(NotFound, servers.ServerNameTaken),
)
async def update_server(
    server_id: uuid.UUID, data: ServerUpdate, session: TenantSession, actor: WriteServers
) -> ServerOut:
    return server_out(await servers.update_server(session, actor, server_id, data))


@router.delete(
    "/{server_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="servers-delete",
    responses=COMMON | errors(NotFound, servers.ServerInUse),
)
async def delete_server(server_id: uuid.UUID, session: TenantSession, actor: WriteServers) -> None:
    await servers.delete_server(session, actor, server_id, await operations.objects_on(session, server_id))


@router.post(
    "/{server_id}/enrolment-token",
    response_model=EnrolmentToken,
    operation_id="servers-enrolment-token",
    responses=COMMON | errors(NotFound),
)
async def new_enrolment_token(
    server_id: uuid.UUID, session: TenantSession, actor: WriteServers, settings: AppSettings
) -> EnrolmentToken:
    server, token = await servers.new_enrolment_token(session, actor, settings, server_id)
    assert server.enrolment_expires_at is not None
    return EnrolmentToken(enrolment_token=token, enrolment_expires_at=server.enrolment_expires_at)


@router.post(
    "/{server_id}/revoke", response_model=ServerOut, operation_id="servers-revoke", responses=COMMON | errors(NotFound)
)
async def revoke_server(server_id: uuid.UUID, session: TenantSession, actor: WriteServers) -> ServerOut:
    """Revoke the node credential: its agent is refused from now on (enrol again to restore)."""
    return server_out(await servers.revoke(session, actor, server_id))


@router.post(
    "/{server_id}/resync", response_model=ResyncOut, operation_id="servers-resync", responses=COMMON | errors(NotFound)
)
async def resync_server(server_id: uuid.UUID, session: TenantSession, actor: WriteServers) -> ResyncOut:
    """Re-send the full desired state of every object on the node."""
    server = await servers.get(session, server_id)
    return ResyncOut(objects=await operations.resync(session, actor, server))


@router.get(
    "/{server_id}/metrics",
    response_model=MetricSeries,
    operation_id="servers-metrics",
    responses=COMMON | errors(NotFound, Invalid),
)
async def server_metrics(
    server_id: uuid.UUID,
    session: TenantSession,
    actor: ReadServers,
    start: Annotated[AwareDatetime | None, Query(alias="from", description="Default: 6 hours ago")] = None,
    end: Annotated[AwareDatetime | None, Query(alias="to", description="Default: now")] = None,
    step: Annotated[int, Query(ge=10, le=86400, description="Seconds per point")] = 60,
) -> MetricSeries:
    server = await servers.get(session, server_id)
    end = end or utcnow()
    start = start or end - timedelta(hours=6)
    resolution, points = await metrics.series(session, server.id, start=start, end=end, step=step)
    return MetricSeries(step=step, resolution=resolution, points=points)
