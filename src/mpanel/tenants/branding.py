"""A tenant's identity on documents and e-mails: kept in `tenants.settings["branding"]` and read
through this model. The logo is not part of it: it is uploaded (PUT /api/tenant/logo), stored in
object storage under a key derived from the tenant id, and recorded in `settings["logo"]`, which
only the upload may write."""

from __future__ import annotations

from typing import Any

from pydantic import EmailStr, Field

from mpanel.core.schema_types import CountryCode
from mpanel.core.schemas import Schema

LOGO_TYPES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
LOGO_MAX_BYTES = 512 * 1024


class Branding(Schema):
    legal_name: str | None = Field(None, max_length=200, description="Shown on invoices; the tenant name when unset")
    address_line1: str | None = Field(None, max_length=200)
    address_line2: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=100)
    region: str | None = Field(None, max_length=100)
    postcode: str | None = Field(None, max_length=20)
    country: CountryCode | None = None
    tax_id: str | None = Field(None, max_length=50, description="VAT or tax registration number")
    email: EmailStr | None = Field(None, max_length=320, description="Billing contact; Reply-To of e-mails")
    phone: str | None = Field(None, max_length=50)
    website: str | None = Field(None, max_length=200)
    invoice_footer: str | None = Field(None, max_length=1000, description="Payment instructions, bank details")


def branding(tenant_settings: dict[str, Any]) -> Branding:
    return Branding.model_validate(tenant_settings.get("branding") or {})


def logo_key(tenant_id: object) -> str:
    return f"tenants/{tenant_id}/branding/logo"


def logo_type(data: bytes) -> str | None:
    """The image type by its magic bytes (PNG or JPEG only: no SVG, which can carry scripts)."""
    return next((kind for kind, magic in LOGO_TYPES.items() if data.startswith(magic)), None)
