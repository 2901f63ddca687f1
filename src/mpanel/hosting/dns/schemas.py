from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from mpanel.core.schemas import InputSchema, Schema
from mpanel.domains.schemas import DomainName
from mpanel.hosting.dns import records
from mpanel.hosting.operations.models import ObjectStatus

Ttl = Field(None, ge=records.TTL_MIN, le=records.TTL_MAX)
VARIABLE_NAME = r"^[a-z][a-z0-9_]{0,30}$"


class ZoneCreate(InputSchema):
    name: DomainName | None = Field(None, description="Required unless domainId is given")
    domain_id: uuid.UUID | None = Field(None, description="A domain from billing: its name and customer")
    customer_id: uuid.UUID | None = None
    server_id: uuid.UUID | None = Field(None, description="A server with the dns role (staff only); default: picked")
    template_id: uuid.UUID | None = Field(None, description="Default: the tenant's default template")
    variables: dict[str, str] = Field(
        default_factory=dict, max_length=20, description='Template placeholders, such as {"ip": "192.0.2.10"}'
    )
    default_ttl: int | None = Ttl


class ZoneUpdate(InputSchema):
    default_ttl: int | None = Ttl
    customer_id: uuid.UUID | None = None


class ZoneOut(Schema):
    id: uuid.UUID
    name: str
    customer_id: uuid.UUID | None
    domain_id: uuid.UUID | None
    server_id: uuid.UUID
    serial: int
    default_ttl: int
    version: int
    applied_version: int
    status: ObjectStatus
    last_error: str | None
    created_at: datetime
    updated_at: datetime


class RecordCreate(InputSchema):
    name: str = Field(max_length=253, description='Relative ("www", "@" for the apex) or a full name in the zone')
    type: str = Field(min_length=1, max_length=10, description=", ".join(records.TYPES))
    ttl: int | None = Field(None, description=f"{records.TTL_MIN}-{records.TTL_MAX} s; default: the zone's")
    content: str = Field(max_length=records.TXT_MAX_BYTES * 2)


class RecordUpdate(InputSchema):
    name: str | None = Field(None, max_length=253)
    type: str | None = Field(None, min_length=1, max_length=10)
    ttl: int | None = None
    content: str | None = Field(None, max_length=records.TXT_MAX_BYTES * 2)


class RecordOut(Schema):
    id: uuid.UUID
    zone_id: uuid.UUID
    name: str
    type: str
    ttl: int
    content: str
    created_at: datetime


class ZoneImport(InputSchema):
    zone_file: str = Field(max_length=1_000_000)
    replace: bool = Field(False, description="true: the file's records replace all records; false: added")


class ZoneImported(Schema):
    imported: int
    skipped: list[str]


class TemplateRecord(InputSchema):
    name: str = Field(max_length=253)
    type: str = Field(min_length=1, max_length=10)
    ttl: int | None = Field(None, ge=records.TTL_MIN, le=records.TTL_MAX)
    content: str = Field(max_length=records.TXT_MAX_BYTES * 2)


class TemplateCreate(InputSchema):
    name: str = Field(min_length=1, max_length=100)
    is_default: bool = False
    records: list[TemplateRecord] = Field(max_length=200)


class TemplateUpdate(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=100)
    is_default: bool | None = None
    records: list[TemplateRecord] | None = Field(None, max_length=200)


class TemplateOut(Schema):
    id: uuid.UUID
    name: str
    is_default: bool
    records: list[TemplateRecord]
    created_at: datetime


class OperationOut(Schema):
    id: uuid.UUID
    version: int
    status: str
    attempts: int
    last_error: str | None
    observed: dict[str, object] | None
    created_at: datetime
    finished_at: datetime | None


ZoneSort = Literal["name", "-name", "serial", "-serial", "createdAt", "-createdAt"]
