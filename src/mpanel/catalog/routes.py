from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from mpanel.auth.deps import Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.catalog import service as catalog
from mpanel.catalog.models import Product, ProductStatus, ProductType
from mpanel.catalog.schemas import ProductCreate, ProductOut, ProductSort, ProductUpdate
from mpanel.core.errors import Forbidden, Invalid, NotFound, Unauthorized
from mpanel.core.schemas import Page
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.http.params import Cursor, Limit, SortParam
from mpanel.http.routing import TransactionalRoute, errors

router = APIRouter(prefix="/products", tags=["products"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)


@router.get("", response_model=Page[ProductOut], operation_id="products-list", responses=COMMON)
async def list_products(
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.CATALOG_READ)],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    product_type: Annotated[ProductType | None, Query(alias="type")] = None,
    status: ProductStatus | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Name or description contains")] = None,
    sort: SortParam[ProductSort] = None,
) -> Page[ProductOut]:
    items, next_cursor = await catalog.list_products(
        session, actor, limit=limit, cursor=cursor, sort=sort, product_type=product_type, status=status, query=q
    )
    return Page[ProductOut](items=[ProductOut.model_validate(p) for p in items], next_cursor=next_cursor)


@router.post(
    "",
    response_model=ProductOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="products-create",
    responses=COMMON,
)
async def create_product(
    data: ProductCreate, session: TenantSession, actor: Annotated[Principal, Requires(Permission.CATALOG_WRITE)]
) -> Product:
    return await catalog.create(session, actor, data)


@router.get(
    "/{product_id}", response_model=ProductOut, operation_id="products-get", responses=COMMON | errors(NotFound)
)
async def get_product(
    product_id: uuid.UUID, session: TenantSession, actor: Annotated[Principal, Requires(Permission.CATALOG_READ)]
) -> Product:
    return await catalog.get(session, actor, product_id)


@router.patch(
    "/{product_id}",
    response_model=ProductOut,
    operation_id="products-update",
    responses=COMMON | errors(NotFound, Invalid),
)
async def update_product(
    product_id: uuid.UUID,
    data: ProductUpdate,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.CATALOG_WRITE)],
) -> Product:
    return await catalog.update(session, actor, product_id, data)
