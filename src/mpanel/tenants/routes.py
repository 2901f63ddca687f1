from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, status

from mpanel.auth.deps import Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.core.errors import Forbidden, NotFound, Unauthorized
from mpanel.core.schemas import Page
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.http.params import Cursor, Limit
from mpanel.http.routing import TransactionalRoute, errors
from mpanel.tenants import service as tenants
from mpanel.tenants.models import Tenant
from mpanel.tenants.schemas import OwnTenantUpdate, TenantCreate, TenantOut, TenantUpdate
from mpanel.users.service import UserEmailTaken

router = APIRouter(tags=["tenants"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)
Operator = Annotated[Principal, Requires(Permission.PLATFORM_TENANTS)]


@router.get("/tenants", response_model=Page[TenantOut], operation_id="tenants-list", responses=COMMON)
async def list_tenants(
    session: TenantSession,
    actor: Operator,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[TenantOut]:
    items, next_cursor = await tenants.list_tenants(session, actor, limit=limit, cursor=cursor)
    return Page[TenantOut](items=[TenantOut.model_validate(t) for t in items], next_cursor=next_cursor)


@router.post(
    "/tenants",
    response_model=TenantOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="tenants-create",
    responses=COMMON | errors(tenants.TenantSlugTaken, UserEmailTaken),
)
async def create_tenant(data: TenantCreate, session: TenantSession, actor: Operator) -> Tenant:
    tenant, _owner = await tenants.create(session, actor, data)
    return tenant


@router.get(
    "/tenants/{tenant_id}", response_model=TenantOut, operation_id="tenants-get", responses=COMMON | errors(NotFound)
)
async def get_tenant(tenant_id: uuid.UUID, session: TenantSession, actor: Operator) -> Tenant:
    return await tenants.get(session, actor, tenant_id)


@router.patch(
    "/tenants/{tenant_id}", response_model=TenantOut, operation_id="tenants-update", responses=COMMON | errors(NotFound)
)
async def update_tenant(tenant_id: uuid.UUID, data: TenantUpdate, session: TenantSession, actor: Operator) -> Tenant:
    return await tenants.update(session, actor, tenant_id, data)


@router.get("/tenant", response_model=TenantOut, operation_id="tenant-get-own", responses=COMMON)
async def get_own_tenant(
    session: TenantSession, actor: Annotated[Principal, Requires(Permission.TENANT_READ)]
) -> Tenant:
    return await tenants.get(session, actor, actor.tenant_id)


@router.patch("/tenant", response_model=TenantOut, operation_id="tenant-update-own", responses=COMMON)
async def update_own_tenant(
    data: OwnTenantUpdate, session: TenantSession, actor: Annotated[Principal, Requires(Permission.TENANT_WRITE)]
) -> Tenant:
    return await tenants.update(session, actor, actor.tenant_id, data)
