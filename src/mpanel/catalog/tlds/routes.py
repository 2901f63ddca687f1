from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from mpanel.auth.deps import Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.catalog.tlds import service as tlds
from mpanel.catalog.tlds.models import Tld
from mpanel.catalog.tlds.schemas import TldCreate, TldOut, TldSort, TldUpdate
from mpanel.core.errors import Forbidden, NotFound, Unauthorized
from mpanel.core.schemas import Page
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.http.params import Cursor, Limit, SortParam
from mpanel.http.routing import TransactionalRoute, errors

router = APIRouter(prefix="/tlds", tags=["tlds"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)


@router.get("", response_model=Page[TldOut], operation_id="tlds-list", responses=COMMON)
async def list_tlds(
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.CATALOG_READ)],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    q: Annotated[str | None, Query(max_length=100, description="TLD contains")] = None,
    sort: SortParam[TldSort] = None,
) -> Page[TldOut]:
    items, next_cursor = await tlds.list_tlds(session, actor, limit=limit, cursor=cursor, sort=sort, query=q)
    return Page[TldOut](items=[TldOut.model_validate(t) for t in items], next_cursor=next_cursor)


@router.post(
    "",
    response_model=TldOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="tlds-create",
    responses=COMMON | errors(tlds.TldExists, tlds.RegistrarUnknown),
)
async def create_tld(
    data: TldCreate, session: TenantSession, actor: Annotated[Principal, Requires(Permission.CATALOG_WRITE)]
) -> Tld:
    return await tlds.create(session, actor, data)


@router.get("/{tld_id}", response_model=TldOut, operation_id="tlds-get", responses=COMMON | errors(NotFound))
async def get_tld(
    tld_id: uuid.UUID, session: TenantSession, actor: Annotated[Principal, Requires(Permission.CATALOG_READ)]
) -> Tld:
    return await tlds.get(session, actor, tld_id)


@router.patch(
    "/{tld_id}",
    response_model=TldOut,
    operation_id="tlds-update",
    responses=COMMON | errors(NotFound, tlds.RegistrarUnknown),
)
async def update_tld(
    tld_id: uuid.UUID,
    data: TldUpdate,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.CATALOG_WRITE)],
) -> Tld:
    return await tlds.update(session, actor, tld_id, data)


@router.delete(
    "/{tld_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="tlds-delete",
    responses=COMMON | errors(NotFound, tlds.TldInUse),
)
async def delete_tld(
    tld_id: uuid.UUID, session: TenantSession, actor: Annotated[Principal, Requires(Permission.CATALOG_WRITE)]
) -> None:
    await tlds.delete(session, actor, tld_id)
