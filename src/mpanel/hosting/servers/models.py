"""Hosting nodes, their agent credentials and the metrics their agents report."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Index, Numeric, String, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from mpanel.db.base import Base, TenantMixin, TimestampMixin, str_enum, tenant_fk


class ServerStatus(StrEnum):
    PENDING = "pending"  # added, the agent has not enrolled yet
    ONLINE = "online"
    OFFLINE = "offline"  # missed heartbeats, or its credential was revoked
    MAINTENANCE = "maintenance"  # set by staff: receives no new objects


class ServerRole(StrEnum):
    WEB = "web"
    DNS = "dns"
    MAIL = "mail"
    DATABASE = "database"
    FTP = "ftp"
    BACKUP = "backup"


class Server(TenantMixin, TimestampMixin, Base):
    __tablename__ = "servers"
    __table_args__ = (Index("uq_servers_tenant_id_name", "tenant_id", "name", unique=True),)

    name: Mapped[str] = mapped_column(String(100))
    hostname: Mapped[str] = mapped_column(String(253))
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(20)))
    capacity: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    status: Mapped[ServerStatus] = mapped_column(str_enum(ServerStatus), default=ServerStatus.PENDING)
    # Secrets are stored as SHA-256 of high-entropy tokens: a leaked database grants no node access.
    enrolment_token_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    enrolment_expires_at: Mapped[datetime | None] = mapped_column(default=None)
    credential_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    credential_issued_at: Mapped[datetime | None] = mapped_column(default=None)
    credential_revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    agent_version: Mapped[str | None] = mapped_column(String(50), default=None)
    last_heartbeat_at: Mapped[datetime | None] = mapped_column(default=None)
    last_metrics: Mapped[dict[str, Any] | None] = mapped_column(JSONB, default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)


class ServerMetric(Base):
    """One sample (resolution 0) or one downsampled bucket (resolution in seconds)."""

    __tablename__ = "server_metrics"
    __table_args__ = (tenant_fk(["server_id"], "servers", ondelete="CASCADE"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, server_default=text("mpanel_current_tenant()"))
    server_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    resolution: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(primary_key=True)
    # numeric, not float (the schema has no float columns): percentages and load to 0.001.
    cpu_percent: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    memory_percent: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    disk_percent: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    load1: Mapped[Decimal] = mapped_column(Numeric(12, 3))
    load5: Mapped[Decimal] = mapped_column(Numeric(12, 3))
    load15: Mapped[Decimal] = mapped_column(Numeric(12, 3))
    uptime_seconds: Mapped[int] = mapped_column(BigInteger)
