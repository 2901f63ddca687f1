"""Staff users of a tenant. Client users are created with their customer (billing)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit import service as audit
from mpanel.auth.models import RefreshToken
from mpanel.auth.permissions import STAFF_ROLES, Permission
from mpanel.auth.principal import Principal
from mpanel.core.errors import Conflict, Forbidden, Invalid
from mpanel.core.security import hash_password
from mpanel.core.text import contains_pattern
from mpanel.core.time import utcnow
from mpanel.db.lookup import one_or_not_found
from mpanel.db.pagination import NEVER, keyset_page, sort_by, sort_fields
from mpanel.notifications import outbox
from mpanel.users.models import Role, User
from mpanel.users.schemas import UserCreate, UserSort, UserUpdate

USER_SORT = sort_fields(
    UserSort, {"email": User.email, "lastLoginAt": User.last_login_at, "createdAt": User.created_at}, lastLoginAt=NEVER
)


class UserEmailTaken(Conflict):
    code = "user_email_taken"
    message = "A user with this e-mail address already exists."

    def __init__(self) -> None:
        super().__init__(details=[{"field": "email", "message": self.message}])


class OwnerRequired(Forbidden):
    code = "owner_required"
    message = "Only an owner can grant or take away the owner role."


class LastOwner(Conflict):
    code = "last_owner"
    message = "A tenant must keep at least one active owner."


class ClientUserViaCustomer(Invalid):
    code = "client_user_via_customer"
    message = "Client users are created from their customer, not here."


class CannotChangeSelf(Conflict):
    code = "cannot_change_self"
    message = "You cannot deactivate, demote or delete your own account."


async def get(session: AsyncSession, actor: Principal, user_id: uuid.UUID, *, for_update: bool = False) -> User:
    stmt = select(User).where(User.id == user_id)
    return await one_or_not_found(session, stmt, "user", user_id, for_update=for_update)


async def find_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(func.lower(User.email) == email.lower()))


async def list_users(
    session: AsyncSession,
    actor: Principal,
    *,
    limit: int,
    cursor: str | None = None,
    role: Role | None = None,
    query: str | None = None,
    sort: str | None = None,
) -> tuple[list[User], str | None]:
    stmt = select(User)
    if role:
        stmt = stmt.where(User.role == role)
    if query:
        pattern = contains_pattern(query)
        stmt = stmt.where(or_(User.email.ilike(pattern, escape="\\"), User.name.ilike(pattern, escape="\\")))
    return await keyset_page(
        session,
        stmt,
        created_at=User.created_at,
        row_id=User.id,
        limit=limit,
        cursor=cursor,
        sort=sort_by(sort, USER_SORT),
    )


async def insert(
    session: AsyncSession,
    *,
    email: str,
    name: str,
    role: Role,
    password: str,
    is_platform_operator: bool = False,
    customer_id: uuid.UUID | None = None,
) -> User:
    """Add a user to the session's tenant (no permission checks: callers have done them)."""
    if await find_by_email(session, email):
        raise UserEmailTaken()
    user = User(
        email=email,
        name=name,
        role=role,
        password_hash=hash_password(password),
        is_platform_operator=is_platform_operator,
        customer_id=customer_id,
        password_changed_at=utcnow(),
    )
    session.add(user)
    await session.flush()
    return user


def _ensure_may_assign(actor: Principal, role: Role) -> None:
    if role not in STAFF_ROLES:
        raise ClientUserViaCustomer()
    if role is Role.OWNER and not actor.can(Permission.USERS_GRANT_OWNER):
        raise OwnerRequired()


async def create(session: AsyncSession, actor: Principal, data: UserCreate) -> User:
    _ensure_may_assign(actor, data.role)
    user = await insert(session, email=str(data.email), name=data.name, role=data.role, password=data.password)
    await outbox.queue_user_email(session, "user.welcome", user)
    await audit.record(session, actor, "user.create", user)
    return user


async def _active_owner_count(session: AsyncSession) -> int:
    stmt = select(func.count()).select_from(User).where(User.role == Role.OWNER, User.is_active)
    return (await session.scalar(stmt)) or 0


async def _ensure_owner_remains(session: AsyncSession, user: User) -> None:
    if user.role is Role.OWNER and user.is_active and await _active_owner_count(session) <= 1:
        raise LastOwner()


async def revoke_sessions(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Revoke every refresh token of a user (logout everywhere, deactivation, password change)."""
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


async def update_user(session: AsyncSession, actor: Principal, user_id: uuid.UUID, data: UserUpdate) -> User:
    user = await get(session, actor, user_id, for_update=True)
    before = audit.snapshot(user)
    changes: dict[str, Any] = data.model_dump(exclude_unset=True, exclude_none=True)
    demotes_owner = user.role is Role.OWNER and changes.get("role", Role.OWNER) is not Role.OWNER
    if demotes_owner and not actor.can(Permission.USERS_GRANT_OWNER):
        raise OwnerRequired()
    if "role" in changes:
        _ensure_may_assign(actor, changes["role"])
    if user.id == actor.user_id and (changes.get("is_active") is False or changes.get("role", user.role) != user.role):
        raise CannotChangeSelf()
    if changes.get("is_active") is False or changes.get("role", Role.OWNER) is not Role.OWNER:
        await _ensure_owner_remains(session, user)
    for key, value in changes.items():
        setattr(user, key, value)
    if changes.get("is_active") is False or "role" in changes:
        await revoke_sessions(session, user.id)
    await audit.record(session, actor, "user.update", user, before=before)
    return user


async def delete(session: AsyncSession, actor: Principal, user_id: uuid.UUID) -> None:
    user = await get(session, actor, user_id, for_update=True)
    if user.id == actor.user_id:
        raise CannotChangeSelf()
    if user.role is Role.OWNER and not actor.can(Permission.USERS_GRANT_OWNER):
        raise OwnerRequired()
    await _ensure_owner_remains(session, user)
    before = audit.snapshot(user)
    await session.delete(user)
    await audit.record(session, actor, "user.delete", entity_type="users", entity_id=str(user_id), before=before)
