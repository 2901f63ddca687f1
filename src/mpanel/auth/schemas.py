from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import AfterValidator, Field

from mpanel.auth.permissions import Permission
from mpanel.core.schema_types import matching
from mpanel.core.schemas import InputSchema, Schema
from mpanel.users.models import Role
from mpanel.users.schemas import PASSWORD_MAX, PASSWORD_MIN

TOTP_CODE = r"^\d{6}$"
TotpCode = Annotated[
    str,
    Field(json_schema_extra={"pattern": TOTP_CODE}),
    AfterValidator(matching(TOTP_CODE, "Enter the 6-digit code your authenticator app shows.")),
]


class LoginIn(InputSchema):
    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=PASSWORD_MAX)
    tenant: str | None = Field(None, max_length=63, description="Tenant slug, when the e-mail exists in several")
    totp_code: TotpCode | None = None


class RefreshIn(InputSchema):
    refresh_token: str | None = Field(None, max_length=200)


class TokenPair(Schema):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 (the OAuth token type, not a secret)
    expires_in: int


class MeOut(Schema):
    id: uuid.UUID
    email: str
    name: str
    role: Role
    tenant_id: uuid.UUID
    tenant_slug: str
    tenant_name: str
    is_platform_operator: bool
    totp_enabled: bool
    customer_id: uuid.UUID | None
    permissions: list[Permission]


class PasswordChange(InputSchema):
    current_password: str = Field(min_length=1, max_length=PASSWORD_MAX)
    new_password: str = Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)


class TotpEnrollment(Schema):
    secret: str
    otpauth_uri: str


class TotpCodeIn(InputSchema):
    code: TotpCode


class PasswordResetRequest(InputSchema):
    email: str = Field(min_length=3, max_length=320)
    tenant: str | None = Field(
        None, max_length=63, description="Tenant slug; without it every company's account gets a link"
    )


class PasswordResetConfirm(InputSchema):
    token: str = Field(min_length=10, max_length=200)
    new_password: str = Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)
