from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from mpanel.audit import service as audit
from mpanel.audit.schemas import AuditLogOut, AuditLogSort
from mpanel.auth.deps import Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.core.errors import Forbidden, Unauthorized
from mpanel.core.schemas import Page
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.http.params import Cursor, Limit, SortParam
from mpanel.http.routing import TransactionalRoute, errors

router = APIRouter(prefix="/audit-logs", tags=["audit"], route_class=TransactionalRoute)


@router.get("", response_model=Page[AuditLogOut], operation_id="audit-list", responses=errors(Unauthorized, Forbidden))
async def list_audit_logs(
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.AUDIT_READ)],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    action: Annotated[str | None, Query(max_length=100)] = None,
    entity_type: Annotated[str | None, Query(alias="entityType", max_length=50)] = None,
    entity_id: Annotated[str | None, Query(alias="entityId", max_length=100)] = None,
    actor_id: Annotated[uuid.UUID | None, Query(alias="actorId")] = None,
    since: Annotated[datetime | None, Query(alias="from")] = None,
    until: Annotated[datetime | None, Query(alias="to")] = None,
    sort: SortParam[AuditLogSort] = None,
) -> Page[AuditLogOut]:
    items, next_cursor = await audit.list_logs(
        session,
        actor,
        limit=limit,
        cursor=cursor,
        sort=sort,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        actor_id=actor_id,
        since=since,
        until=until,
    )
    return Page[AuditLogOut](items=[AuditLogOut.model_validate(i) for i in items], next_cursor=next_cursor)
