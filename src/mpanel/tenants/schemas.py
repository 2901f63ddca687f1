from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, EmailStr, Field

from mpanel.core.schema_types import CurrencyCode, matching
from mpanel.core.schemas import InputSchema, Schema
from mpanel.tenants.models import TenantStatus
from mpanel.users.schemas import PASSWORD_MAX, PASSWORD_MIN

SLUG = r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$"
Slug = Annotated[
    str,
    Field(min_length=1, max_length=63, json_schema_extra={"pattern": SLUG}),
    AfterValidator(
        matching(SLUG, "Use lowercase letters, digits and hyphens, starting and ending with a letter or digit.")
    ),
]


class TenantCreate(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    slug: Slug
    default_currency: CurrencyCode = "USD"
    owner_email: EmailStr = Field(max_length=320)
    owner_name: str = Field("", max_length=200)
    owner_password: str = Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)


class TenantUpdate(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=200)
    status: TenantStatus | None = None
    default_currency: CurrencyCode | None = None
    settings: dict[str, Any] | None = None


class OwnTenantUpdate(InputSchema):
    """What a tenant's own owner or admin may change (status is the platform's)."""

    name: str | None = Field(None, min_length=1, max_length=200)
    default_currency: CurrencyCode | None = None
    settings: dict[str, Any] | None = None


class TenantOut(Schema):
    id: uuid.UUID
    slug: str
    name: str
    status: TenantStatus
    default_currency: str
    settings: dict[str, Any]
    created_at: datetime


TenantSort = Literal["name", "-name", "slug", "-slug", "createdAt", "-createdAt"]
