from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile, status

from mpanel.auth.deps import Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.core.errors import Forbidden, Invalid, NotFound, Unauthorized
from mpanel.core.schemas import Page
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.http.deps import Store
from mpanel.http.params import Cursor, Limit, SortParam
from mpanel.http.routing import TransactionalRoute, errors
from mpanel.tenants import service as tenants
from mpanel.tenants.models import Tenant
from mpanel.tenants.schemas import OwnTenantUpdate, TenantCreate, TenantOut, TenantSort, TenantUpdate
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
    sort: SortParam[TenantSort] = None,
) -> Page[TenantOut]:
    items, next_cursor = await tenants.list_tenants(session, actor, limit=limit, cursor=cursor, sort=sort)
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
    "/tenants/{tenant_id}",
    response_model=TenantOut,
    operation_id="tenants-update",
    responses=COMMON | errors(NotFound, tenants.TenantOwnStatus),
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


OwnReader = Annotated[Principal, Requires(Permission.TENANT_READ)]
OwnWriter = Annotated[Principal, Requires(Permission.TENANT_WRITE)]


@router.put(
    "/tenant/logo",
    response_model=TenantOut,
    operation_id="tenant-set-logo",
    responses=COMMON | errors(tenants.LogoInvalid),
)
async def set_logo(
    session: TenantSession, actor: OwnWriter, store: Store, file: Annotated[UploadFile, File()]
) -> Tenant:
    """Upload the logo shown on invoices (PNG or JPEG, at most 512 KiB)."""
    data = await file.read(tenants.LOGO_MAX_BYTES + 1)
    return await tenants.set_logo(session, actor, store, data)


@router.get(
    "/tenant/logo",
    response_class=Response,
    operation_id="tenant-get-logo",
    responses=COMMON | errors(NotFound) | {200: {"content": {"image/png": {}, "image/jpeg": {}}, "description": ""}},
)
async def get_logo(session: TenantSession, actor: OwnReader, store: Store) -> Response:
    logo = await tenants.logo(store, await tenants.own(session))
    if logo is None:
        raise tenants.LogoMissing()
    return Response(logo.data, media_type=logo.content_type, headers={"Cache-Control": "private, no-cache"})


@router.delete(
    "/tenant/logo",
    response_model=TenantOut,
    operation_id="tenant-remove-logo",
    responses=COMMON | errors(NotFound, Invalid),
)
async def remove_logo(session: TenantSession, actor: OwnWriter, store: Store) -> Tenant:
    return await tenants.remove_logo(session, actor, store)
