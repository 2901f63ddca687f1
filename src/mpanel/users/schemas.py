from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import EmailStr, Field

from mpanel.core.schemas import InputSchema, Schema
from mpanel.users.models import Role

PASSWORD_MIN = 10
PASSWORD_MAX = 256

Password = Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)


class UserCreate(InputSchema):
    email: EmailStr = Field(max_length=320)
    name: str = Field("", max_length=200)
    role: Role
    password: str = Password


class UserUpdate(InputSchema):
    name: str | None = Field(None, max_length=200)
    role: Role | None = None
    is_active: bool | None = None


class UserOut(Schema):
    id: uuid.UUID
    email: str
    name: str
    role: Role
    is_active: bool
    is_platform_operator: bool
    totp_enabled: bool
    customer_id: uuid.UUID | None
    created_at: datetime
    last_login_at: datetime | None


UserSort = Literal["email", "-email", "lastLoginAt", "-lastLoginAt", "createdAt", "-createdAt"]
