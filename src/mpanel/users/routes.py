from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from mpanel.auth.deps import Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.core.errors import Forbidden, NotFound, Unauthorized
from mpanel.core.schemas import Page
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.http.params import Cursor, Limit, SortParam
from mpanel.http.routing import TransactionalRoute, errors
from mpanel.users import service as users
from mpanel.users.models import Role, User
from mpanel.users.schemas import UserCreate, UserOut, UserSort, UserUpdate

router = APIRouter(prefix="/users", tags=["users"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)


@router.get("", response_model=Page[UserOut], operation_id="users-list", responses=COMMON)
async def list_users(
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.USERS_READ)],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    role: Role | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sort: SortParam[UserSort] = None,
) -> Page[UserOut]:
    items, next_cursor = await users.list_users(
        session, actor, limit=limit, cursor=cursor, sort=sort, role=role, query=q
    )
    return Page[UserOut](items=[UserOut.model_validate(u) for u in items], next_cursor=next_cursor)


@router.post(
    "",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="users-create",
    responses=COMMON | errors(users.UserEmailTaken, users.ClientUserViaCustomer),
)
async def create_user(
    data: UserCreate, session: TenantSession, actor: Annotated[Principal, Requires(Permission.USERS_WRITE)]
) -> User:
    return await users.create(session, actor, data)


@router.get("/{user_id}", response_model=UserOut, operation_id="users-get", responses=COMMON | errors(NotFound))
async def get_user(
    user_id: uuid.UUID, session: TenantSession, actor: Annotated[Principal, Requires(Permission.USERS_READ)]
) -> User:
    return await users.get(session, actor, user_id)


@router.patch(
    "/{user_id}",
    response_model=UserOut,
    operation_id="users-update",
    responses=COMMON | errors(NotFound, users.LastOwner, users.CannotChangeSelf),
)
async def update_user(
    user_id: uuid.UUID,
    data: UserUpdate,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.USERS_WRITE)],
) -> User:
    return await users.update_user(session, actor, user_id, data)


@router.delete(
    "/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="users-delete",
    responses=COMMON | errors(NotFound, users.LastOwner, users.CannotChangeSelf),
)
async def delete_user(
    user_id: uuid.UUID, session: TenantSession, actor: Annotated[Principal, Requires(Permission.USERS_WRITE)]
) -> None:
    await users.delete(session, actor, user_id)
