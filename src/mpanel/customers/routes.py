from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from mpanel.auth.deps import Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.core.errors import Forbidden, NotFound, Unauthorized
from mpanel.core.schema_types import CountryCode
from mpanel.core.schemas import Page
from mpanel.customers import service as customers
from mpanel.customers.models import CreditTransaction, Customer, CustomerStatus
from mpanel.customers.schemas import (
    CreditAdjustment,
    CreditTransactionOut,
    CustomerCreate,
    CustomerOut,
    CustomerSort,
    CustomerUpdate,
    PortalUserCreate,
)
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.http.params import Cursor, Limit, SortParam
from mpanel.http.routing import TransactionalRoute, errors
from mpanel.users.models import User
from mpanel.users.schemas import UserOut
from mpanel.users.service import UserEmailTaken

router = APIRouter(prefix="/customers", tags=["customers"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)


@router.get("", response_model=Page[CustomerOut], operation_id="customers-list", responses=COMMON)
async def list_customers(
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.CUSTOMERS_READ)],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    q: Annotated[str | None, Query(max_length=100, description="Name, company or e-mail contains")] = None,
    status: CustomerStatus | None = None,
    country: CountryCode | None = None,
    sort: SortParam[CustomerSort] = None,
) -> Page[CustomerOut]:
    items, next_cursor = await customers.list_customers(
        session, actor, limit=limit, cursor=cursor, query=q, status=status, country=country, sort=sort
    )
    return Page[CustomerOut](items=[CustomerOut.model_validate(c) for c in items], next_cursor=next_cursor)


@router.post(
    "",
    response_model=CustomerOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="customers-create",
    responses=COMMON | errors(customers.CustomerEmailTaken, customers.VatIdInvalid),
)
async def create_customer(
    data: CustomerCreate, session: TenantSession, actor: Annotated[Principal, Requires(Permission.CUSTOMERS_WRITE)]
) -> Customer:
    return await customers.create(session, actor, data)


@router.get(
    "/{customer_id}", response_model=CustomerOut, operation_id="customers-get", responses=COMMON | errors(NotFound)
)
async def get_customer(
    customer_id: uuid.UUID, session: TenantSession, actor: Annotated[Principal, Requires(Permission.CUSTOMERS_READ)]
) -> Customer:
    return await customers.get(session, actor, customer_id)


@router.patch(
    "/{customer_id}",
    response_model=CustomerOut,
    operation_id="customers-update",
    responses=COMMON | errors(NotFound, customers.CustomerEmailTaken, customers.VatIdInvalid, customers.CurrencyLocked),
)
async def update_customer(
    customer_id: uuid.UUID,
    data: CustomerUpdate,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.CUSTOMERS_WRITE)],
) -> Customer:
    return await customers.update(session, actor, customer_id, data)


@router.post(
    "/{customer_id}/credit",
    response_model=CreditTransactionOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="customers-adjust-credit",
    responses=COMMON | errors(NotFound, customers.CreditInsufficient),
)
async def adjust_credit(
    customer_id: uuid.UUID,
    data: CreditAdjustment,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.CUSTOMERS_CREDIT)],
) -> CreditTransaction:
    return await customers.manual_credit(session, actor, customer_id, data)


@router.get(
    "/{customer_id}/credit",
    response_model=Page[CreditTransactionOut],
    operation_id="customers-credit-history",
    responses=COMMON | errors(NotFound),
)
async def credit_history(
    customer_id: uuid.UUID,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.CUSTOMERS_READ)],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[CreditTransactionOut]:
    items, next_cursor = await customers.credit_history(session, actor, customer_id, limit=limit, cursor=cursor)
    return Page[CreditTransactionOut](
        items=[CreditTransactionOut.model_validate(i) for i in items], next_cursor=next_cursor
    )


@router.post(
    "/{customer_id}/users",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="customers-create-portal-user",
    responses=COMMON | errors(NotFound, UserEmailTaken),
)
async def create_portal_user(
    customer_id: uuid.UUID,
    data: PortalUserCreate,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.USERS_WRITE)],
) -> User:
    return await customers.create_portal_user(session, actor, customer_id, data)
