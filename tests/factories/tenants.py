"""Factories: real rows through the real services, committed, in tenants of their own."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.principal import Principal
from mpanel.auth.tokens import issue_access_token
from mpanel.db.session import tenant_session
from mpanel.settings import Settings
from mpanel.tenants import service as tenants
from mpanel.tenants.schemas import TenantCreate
from mpanel.users import service as users
from mpanel.users.models import Role, User

PASSWORD = "correct horse battery"
PLATFORM = uuid.UUID(int=0)


@dataclass
class TenantWithOwner:
    id: uuid.UUID
    slug: str
    owner: User

    @property
    def owner_email(self) -> str:
        return self.owner.email


def unique_slug(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


async def make_tenant(
    sessionmaker: async_sessionmaker[AsyncSession], *, platform_operator: bool = False, slug: str | None = None
) -> TenantWithOwner:
    slug = slug or unique_slug()
    async with tenant_session(sessionmaker, PLATFORM, platform=True) as session:
        tenant, owner = await tenants.create(
            session,
            Principal.system(PLATFORM, platform=True),
            TenantCreate(
                name=f"Hosting {slug}",
                slug=slug,
                owner_email=f"owner@{slug}.example.com",
                owner_password=PASSWORD,
            ),
            platform_operator=platform_operator,
        )
    return TenantWithOwner(id=tenant.id, slug=slug, owner=owner)


async def make_user(
    sessionmaker: async_sessionmaker[AsyncSession],
    tenant_id: uuid.UUID,
    role: Role,
    *,
    email: str | None = None,
    password: str = PASSWORD,
) -> User:
    async with tenant_session(sessionmaker, tenant_id) as session:
        return await users.insert(
            session,
            email=email or f"{role.value}-{uuid.uuid4().hex[:8]}@example.com",
            name=role.value.title(),
            role=role,
            password=password,
        )


def token_for(settings: Settings, user: User) -> str:
    principal = Principal.for_user(
        user_id=user.id,
        tenant_id=user.tenant_id,
        role=user.role,
        email=user.email,
        is_platform_operator=user.is_platform_operator,
        customer_id=user.customer_id,
    )
    return issue_access_token(principal, secret=settings.secret_key.get_secret_value(), ttl_seconds=300)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
