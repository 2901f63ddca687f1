from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from mpanel.core.schemas import InputSchema, Schema
from mpanel.domains.schemas import Hostname
from mpanel.hosting.servers.models import ServerRole, ServerStatus


def _unique_roles(roles: list[ServerRole]) -> list[ServerRole]:
    if len(set(roles)) != len(roles):
        raise ValueError("each role may appear only once")
    return roles


Roles = Annotated[list[ServerRole], Field(min_length=1, max_length=len(ServerRole)), AfterValidator(_unique_roles)]


class Capacity(InputSchema):
    """What the node may hold; placement never puts more on it."""

    sites: int | None = Field(None, ge=0, le=1_000_000)
    zones: int | None = Field(None, ge=0, le=1_000_000)
    mailboxes: int | None = Field(None, ge=0, le=1_000_000)
    databases: int | None = Field(None, ge=0, le=1_000_000)
    disk_gb: int | None = Field(None, ge=0, le=10_000_000)


class ServerCreate(InputSchema):
    name: str = Field(min_length=1, max_length=100)
    hostname: Hostname
    roles: Roles
    capacity: Capacity = Field(default_factory=Capacity)


class ServerUpdate(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=100)
    hostname: Hostname | None = None
    roles: Roles | None = None
    capacity: Capacity | None = None
    maintenance: bool | None = Field(None, description="true: receives no new objects; false: back in service")


class ServerOut(Schema):
    id: uuid.UUID
    name: str
    hostname: str
    roles: list[ServerRole]
    capacity: dict[str, Any]
    status: ServerStatus
    enrolled: bool
    credential_revoked_at: datetime | None
    enrolment_expires_at: datetime | None
    agent_version: str | None
    last_heartbeat_at: datetime | None
    last_metrics: dict[str, Any] | None
    last_error: str | None
    created_at: datetime


class ServerCreated(Schema):
    server: ServerOut
    enrolment_token: str = Field(description="Shown once: give it to `mpanel-agent enrol`")
    enrolment_expires_at: datetime


class EnrolmentToken(Schema):
    enrolment_token: str
    enrolment_expires_at: datetime


class MetricPoint(Schema):
    at: datetime
    cpu_percent: float
    memory_percent: float
    disk_percent: float
    load1: float
    load5: float
    load15: float
    uptime_seconds: float


class MetricSeries(Schema):
    step: int
    resolution: int = Field(description="0: raw samples; otherwise the downsampled bucket in seconds")
    points: list[MetricPoint]


# ---- what the agent sends and receives -------------------------------------------------------


class EnrolIn(InputSchema):
    token: str = Field(min_length=10, max_length=200)
    hostname: str = Field(min_length=1, max_length=253)
    agent_version: str = Field(min_length=1, max_length=50)


class EnrolOut(Schema):
    server_id: uuid.UUID
    credential: str
    heartbeat_seconds: int


class MetricsIn(InputSchema):
    cpu_percent: float = Field(ge=0, le=100)
    memory_percent: float = Field(ge=0, le=100)
    disk_percent: float = Field(ge=0, le=100)
    load1: float = Field(ge=0, le=1e6)
    load5: float = Field(ge=0, le=1e6)
    load15: float = Field(ge=0, le=1e6)
    uptime_seconds: float = Field(ge=0, le=1e10)


class HeartbeatIn(InputSchema):
    agent_version: str = Field(min_length=1, max_length=50)
    metrics: MetricsIn
    restarted: bool = Field(
        False, description="The agent's first heartbeat since it started: what it had taken is offered again"
    )


class HeartbeatOut(Schema):
    status: ServerStatus
    heartbeat_seconds: int


ServerSort = Literal["name", "-name", "lastHeartbeatAt", "-lastHeartbeatAt", "createdAt", "-createdAt"]
