from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, EmailStr, Field

from mpanel.core.schema_types import matching
from mpanel.core.schemas import InputSchema, Schema
from mpanel.notifications.models import EmailStatus, SmtpTls


class EmailTemplateIn(InputSchema):
    subject: str = Field(min_length=1, max_length=500)
    html: str = Field(min_length=1, max_length=100_000)
    text: str = Field(min_length=1, max_length=100_000)


class EmailTemplateOut(Schema):
    kind: str
    title: str
    description: str
    subject: str
    html: str
    text: str
    customized: bool = Field(description="The tenant's own version (false: the shipped default)")
    variables: dict[str, Any] = Field(description="What the template may use, with sample values")


class EmailPreviewOut(Schema):
    subject: str
    html: str
    text: str


class EmailOut(Schema):
    id: uuid.UUID
    kind: str
    to_address: str
    status: EmailStatus
    subject: str | None
    attempts: int
    last_error: str | None
    next_attempt_at: datetime
    sent_at: datetime | None
    created_at: datetime
    message_id: str | None
    customer_id: uuid.UUID | None
    user_id: uuid.UUID | None
    invoice_id: uuid.UUID | None
    subscription_id: uuid.UUID | None
    payment_id: uuid.UUID | None
    domain_id: uuid.UUID | None


SMTP_HOST = r"^[A-Za-z0-9.-]+$"
SmtpHost = Annotated[
    str,
    Field(min_length=1, max_length=253, json_schema_extra={"pattern": SMTP_HOST}),
    AfterValidator(matching(SMTP_HOST, "A host name or IP address, like smtp.example.com.")),
]


class SmtpSettingsIn(InputSchema):
    host: SmtpHost
    port: int = Field(587, ge=1, le=65535)
    username: str | None = Field(None, max_length=320)
    password: str | None = Field(None, max_length=500, description="Left out: keep the stored one")
    from_address: EmailStr = Field(max_length=320)
    tls: SmtpTls = SmtpTls.AUTO


class SmtpSettingsOut(Schema):
    host: str
    port: int
    username: str | None
    from_address: str
    tls: SmtpTls
    password_set: bool
    updated_at: datetime


class SmtpTestIn(InputSchema):
    to: EmailStr = Field(max_length=320)


class SmtpTestOut(Schema):
    message_id: str


EmailSort = Literal["createdAt", "-createdAt", "toAddress", "-toAddress"]
