"""The tenant registry: hosting companies sharing this installation."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.billing.settings import billing_settings
from mpanel.core.errors import Conflict, Invalid, NotFound
from mpanel.db.lookup import one_or_not_found
from mpanel.db.pagination import keyset_page, sort_by, sort_fields
from mpanel.db.session import set_scope
from mpanel.storage import ObjectMissing, ObjectStore
from mpanel.tenants.branding import LOGO_MAX_BYTES, branding, logo_key, logo_type
from mpanel.tenants.models import Tenant, TenantStatus
from mpanel.tenants.schemas import OwnTenantUpdate, TenantCreate, TenantSort, TenantUpdate
from mpanel.users import service as users
from mpanel.users.models import Role, User

__all__ = ["LOGO_MAX_BYTES"]
TENANT_SORT = sort_fields(TenantSort, {"name": Tenant.name, "slug": Tenant.slug, "createdAt": Tenant.created_at})

MAX_SETTINGS_BYTES = 64 * 1024
LOGO = "logo"


class TenantSlugTaken(Conflict):
    code = "tenant_slug_taken"
    message = "A tenant with this slug already exists."

    def __init__(self) -> None:
        super().__init__(details=[{"field": "slug", "message": self.message}])


class TenantOwnStatus(Conflict):
    code = "tenant_own_status"
    message = "You cannot suspend or close your own tenant: you would lock yourself out."

    def __init__(self) -> None:
        super().__init__(details=[{"field": "status", "message": self.message}])


class LogoInvalid(Invalid):
    code = "logo_invalid"

    def __init__(self, message: str) -> None:
        super().__init__(message, details=[{"field": "file", "message": message}])


class LogoMissing(NotFound):
    def __init__(self) -> None:
        super().__init__("logo")


@dataclass(frozen=True)
class Logo:
    data: bytes
    content_type: str


class TenantSettingsTooLarge(Invalid):
    code = "tenant_settings_too_large"
    message = "Tenant settings are limited to 64 KiB."


async def get(session: AsyncSession, actor: Principal, tenant_id: uuid.UUID) -> Tenant:
    return await one_or_not_found(session, select(Tenant).where(Tenant.id == tenant_id), "tenant", tenant_id)


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
    session: AsyncSession, actor: Principal, *, limit: int, cursor: str | None = None, sort: str | None = None
) -> tuple[list[Tenant], str | None]:
    return await keyset_page(
        session,
        select(Tenant),
        created_at=Tenant.created_at,
        row_id=Tenant.id,
        limit=limit,
        cursor=cursor,
        sort=sort_by(sort, TENANT_SORT),
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


# The sections with a schema: refuse what their readers would not accept.
_SECTIONS: dict[str, Callable[[dict[str, Any]], object]] = {"billing": billing_settings, "branding": branding}


def _validate_sections(settings: dict[str, Any]) -> None:
    for section, read in _SECTIONS.items():
        try:
            read(settings)
        except ValidationError as exc:
            details = [
                {"field": ".".join(["settings", section, *(str(p) for p in e["loc"])]), "message": e["msg"]}
                for e in exc.errors()
            ]
            raise Invalid(
                f"The {section} settings are not valid.", code=f"{section}_settings_invalid", details=details
            ) from exc


def _apply(tenant: Tenant, changes: dict[str, Any]) -> None:
    settings = changes.pop("settings", None)
    if settings is not None:
        if len(json.dumps(settings)) > MAX_SETTINGS_BYTES:
            raise TenantSettingsTooLarge()
        if LOGO in settings:
            raise Invalid.on_field("settings.logo", "Upload the logo with PUT /api/tenant/logo.", "logo_read_only")
        merged = {**tenant.settings, **settings}
        _validate_sections(merged)
        tenant.settings = merged
    for key, value in changes.items():
        setattr(tenant, key, value)


async def update(
    session: AsyncSession, actor: Principal, tenant_id: uuid.UUID, data: TenantUpdate | OwnTenantUpdate
) -> Tenant:
    tenant = await get(session, actor, tenant_id)
    status = getattr(data, "status", None)
    if tenant.id == actor.tenant_id and status is not None and status != TenantStatus.ACTIVE:
        raise TenantOwnStatus()
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


async def own(session: AsyncSession) -> Tenant:
    """The session's own tenant (by id: a platform operator's session sees every tenant)."""
    return await one_or_not_found(
        session, select(Tenant).where(Tenant.id == func.mpanel_current_tenant()), "tenant", None
    )


async def set_logo(session: AsyncSession, actor: Principal, store: ObjectStore, data: bytes) -> Tenant:
    """Store a PNG or JPEG logo (at most 512 KiB) for invoices and e-mails."""
    if len(data) > LOGO_MAX_BYTES:
        raise LogoInvalid("The logo may be at most 512 KiB.")
    content_type = logo_type(data)
    if content_type is None:
        raise LogoInvalid("The logo must be a PNG or JPEG image.")
    tenant = await get(session, actor, actor.tenant_id)
    before = audit.snapshot(tenant)
    version = int((tenant.settings.get(LOGO) or {}).get("version", 0)) + 1
    await store.put(logo_key(tenant.id), data, content_type=content_type)
    tenant.settings = {**tenant.settings, LOGO: {"contentType": content_type, "version": version}}
    await audit.record(session, actor, "tenant.logo_set", tenant, before=before)
    return tenant


async def remove_logo(session: AsyncSession, actor: Principal, store: ObjectStore) -> Tenant:
    tenant = await get(session, actor, actor.tenant_id)
    if LOGO not in tenant.settings:
        raise LogoMissing()
    before = audit.snapshot(tenant)
    tenant.settings = {k: v for k, v in tenant.settings.items() if k != LOGO}
    await store.delete(logo_key(tenant.id))
    await audit.record(session, actor, "tenant.logo_remove", tenant, before=before)
    return tenant


async def logo(store: ObjectStore, tenant: Tenant) -> Logo | None:
    """The tenant's logo, or None when it has none."""
    meta = tenant.settings.get(LOGO)
    if not meta:
        return None
    try:
        return Logo(await store.get(logo_key(tenant.id)), str(meta["contentType"]))
    except ObjectMissing:
        return None
