"""Operations: the full desired state of one object at one version, for one node's agent."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from mpanel.db.base import Base, TenantMixin, str_enum, tenant_fk


class OperationStatus(StrEnum):
    QUEUED = "queued"  # waiting for the node's agent to take it
    SENT = "sent"  # taken by the agent, leased until `leased_until`
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SUPERSEDED = "superseded"  # a newer version of the same object replaced it before it finished


class ObjectStatus(StrEnum):
    """The state every provisioned object shows (a zone, later a site, a mailbox...)."""

    PENDING = "pending"  # desired state not yet confirmed by the agent
    ACTIVE = "active"  # the agent applied the current version
    ERROR = "error"  # the agent refused the current version: see last_error
    DELETING = "deleting"


class ProvisionedMixin:
    """The columns every object an agent applies carries. `version` is bumped on every change of
    the desired state; the agent's success sets `applied_version` and the status."""

    server_id: Mapped[uuid.UUID]
    version: Mapped[int] = mapped_column(Integer, default=1)
    applied_version: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[ObjectStatus] = mapped_column(str_enum(ObjectStatus), default=ObjectStatus.PENDING)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)


class Operation(TenantMixin, Base):
    __tablename__ = "agent_operations"
    __table_args__ = (
        tenant_fk(["server_id"], "servers", ondelete="CASCADE"),
        Index(
            "ix_agent_operations_pending",
            "tenant_id",
            "server_id",
            "created_at",
            postgresql_where=text("status in ('queued', 'sent')"),
        ),
        Index("ix_agent_operations_object", "tenant_id", "object_type", "object_id", "version"),
    )

    server_id: Mapped[uuid.UUID]
    object_type: Mapped[str] = mapped_column(String(30))
    object_id: Mapped[uuid.UUID]
    version: Mapped[int] = mapped_column(Integer)
    driver: Mapped[str] = mapped_column(String(30))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    status: Mapped[OperationStatus] = mapped_column(str_enum(OperationStatus), default=OperationStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    observed: Mapped[dict[str, Any] | None] = mapped_column(JSONB, default=None)
    created_at: Mapped[datetime] = mapped_column(server_default=text("clock_timestamp()"))
    leased_until: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
