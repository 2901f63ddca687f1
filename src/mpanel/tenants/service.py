"""The tenant registry: hosting companies sharing this installation."""

from __future__ import annotations

import json
import uuid
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.billing.settings import billing_settings
from mpanel.core.errors import Conflict, Invalid, NotFound
from mpanel.db.pagination import keyset_page
from mpanel.db.session import set_scope
from mpanel.tenants.models import Tenant
from mpanel.tenants.schemas import OwnTenantUpdate, TenantCreate, TenantUpdate
from mpanel.users import service as users
from mpanel.users.models import Role, User

MAX_SETTINGS_BYTES = 64 * 1024


class TenantSlugTaken(Conflict):
    code = "tenant_slug_taken"
    message = "A tenant with this slug already exists."

    def __init__(self) -> None:
        super().__init__(details=[{"field": "slug", "message": self.message}])


class TenantSettingsTooLarge(Invalid):
    code = "tenant_settings_too_large"
    message = "Tenant settings are limited to 64 KiB."


async def get(session: AsyncSession, actor: Principal, tenant_id: uuid.UUID) -> Tenant:
    tenant = await session.scalar(select(Tenant).where(Tenant.id == tenant_id))
    if tenant is None:
        raise NotFound("tenant", tenant_id)
    return tenant


async def by_slug(session: AsyncSession, slug: str) -> Tenant | None:
    """The active tenant with this slug (needs platform scope): public per-tenant endpoints such as
    a tenant's Stripe webhook are addressed by slug."""
    tenant: Tenant | None = await session.scalar(select(Tenant).where(Tenant.slug == slug, Tenant.status == "active"))
    return tenant


async def exists(session: AsyncSession, tenant_id: uuid.UUID) -> bool:
    """Whether the tenant is there and active (as far as the session's scope shows)."""
    found = await session.scalar(select(Tenant.id).where(Tenant.id == tenant_id, Tenant.status == "active"))
    return found is not None


async def list_tenants(
    session: AsyncSession, actor: Principal, *, limit: int, cursor: str | None = None
) -> tuple[list[Tenant], str | None]:
    return await keyset_page(
        session, select(Tenant), created_at=Tenant.created_at, row_id=Tenant.id, limit=limit, cursor=cursor
    )


async def count(session: AsyncSession) -> int:
    return (await session.scalar(select(func.count()).select_from(Tenant))) or 0


async def create(
    session: AsyncSession, actor: Principal, data: TenantCreate, *, platform_operator: bool = False
) -> tuple[Tenant, User]:
    """Create a tenant and its first owner. The session must have platform scope; it is
    returned to the actor's own tenant afterwards."""
    if await session.scalar(select(Tenant.id).where(Tenant.slug == data.slug)):
        raise TenantSlugTaken()
    tenant = Tenant(name=data.name, slug=data.slug, default_currency=data.default_currency, settings={})
    session.add(tenant)
    await session.flush()
    await set_scope(session, tenant.id, platform=True)
    owner = await users.insert(
        session,
        email=str(data.owner_email),
        name=data.owner_name,
        role=Role.OWNER,
        password=data.owner_password,
        is_platform_operator=platform_operator,
    )
    await audit.record(session, actor, "tenant.create", tenant)
    await audit.record(session, actor, "user.create", owner)
    await set_scope(session, actor.tenant_id, platform=actor.is_platform_operator)
    return tenant, owner


def _validate_billing(settings: dict[str, Any]) -> None:
    """The billing section has a schema (billing/settings.py): refuse what it would not read."""
    try:
        billing_settings(settings)
    except ValidationError as exc:
        details = [
            {"field": ".".join(["settings", "billing", *(str(p) for p in e["loc"])]), "message": e["msg"]}
            for e in exc.errors()
        ]
        raise Invalid("The billing settings are not valid.", code="billing_settings_invalid", details=details) from exc


def _apply(tenant: Tenant, changes: dict[str, Any]) -> None:
    settings = changes.pop("settings", None)
    if settings is not None:
        if len(json.dumps(settings)) > MAX_SETTINGS_BYTES:
            raise TenantSettingsTooLarge()
        merged = {**tenant.settings, **settings}
        _validate_billing(merged)
        tenant.settings = merged
    for key, value in changes.items():
        setattr(tenant, key, value)


async def update(
    session: AsyncSession, actor: Principal, tenant_id: uuid.UUID, data: TenantUpdate | OwnTenantUpdate
) -> Tenant:
    tenant = await get(session, actor, tenant_id)
    before = audit.snapshot(tenant)
    _apply(tenant, data.model_dump(exclude_unset=True, exclude_none=True))
    await session.flush()
    await set_scope(session, tenant.id, platform=actor.is_platform_operator)
    await audit.record(session, actor, "tenant.update", tenant, before=before)
    await set_scope(session, actor.tenant_id, platform=actor.is_platform_operator)
    return tenant


async def active_ids(session: AsyncSession) -> list[uuid.UUID]:
    """Every active tenant (needs platform scope): platform jobs fan out per tenant."""
    rows = await session.scalars(select(Tenant.id).where(Tenant.status == "active").order_by(Tenant.created_at))
    return list(rows)


async def default_currency(session: AsyncSession) -> str:
    """The currency of the session's own tenant: what new customers, products and TLDs are priced
    in when none is given. Filtered by id, because a platform operator's session sees every tenant."""
    currency = await session.scalar(select(Tenant.default_currency).where(Tenant.id == func.mpanel_current_tenant()))
    return currency or "USD"
