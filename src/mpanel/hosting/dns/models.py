"""DNS zones and records (MPanel's copy is the truth; PowerDNS serves it), and zone templates."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from mpanel.db.base import Base, TenantMixin, TimestampMixin, tenant_fk
from mpanel.hosting.operations.models import ProvisionedMixin


class DnsZone(TenantMixin, TimestampMixin, ProvisionedMixin, Base):
    __tablename__ = "dns_zones"
    __table_args__ = (
        Index("uq_dns_zones_tenant_id_name", "tenant_id", "name", unique=True),
        tenant_fk(["customer_id"], "customers", ondelete="RESTRICT"),
        tenant_fk(["server_id"], "servers", ondelete="RESTRICT"),
        tenant_fk(["domain_id"], "domains"),
    )

    name: Mapped[str] = mapped_column(String(253))  # punycode, lower case, no trailing dot
    customer_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    domain_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    serial: Mapped[int] = mapped_column(BigInteger)  # MPanel owns it: PowerDNS never rewrites it
    default_ttl: Mapped[int] = mapped_column(Integer, default=3600)


class DnsRecord(TenantMixin, Base):
    __tablename__ = "dns_records"
    __table_args__ = (
        tenant_fk(["zone_id"], "dns_zones", ondelete="CASCADE"),
        Index("ix_dns_records_zone", "tenant_id", "zone_id", "name", "type"),
        Index(
            "uq_dns_records_zone_name_type_content",
            "tenant_id",
            "zone_id",
            "name",
            "type",
            func.md5(text("content")),
            unique=True,
        ),
    )

    zone_id: Mapped[uuid.UUID]
    name: Mapped[str] = mapped_column(String(253))  # relative to the zone, "@" for the apex
    type: Mapped[str] = mapped_column(String(10))
    ttl: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)  # presentation form, names absolute
    created_at: Mapped[datetime] = mapped_column(server_default=text("clock_timestamp()"))


class DnsTemplate(TenantMixin, TimestampMixin, Base):
    """Records a new zone starts with; `{domain}`, `{ip}`, `{ipv6}`, `{ns1}`, `{ns2}`... are filled in."""

    __tablename__ = "dns_templates"
    __table_args__ = (
        Index("uq_dns_templates_tenant_id_name", "tenant_id", "name", unique=True),
        Index("uq_dns_templates_default", "tenant_id", unique=True, postgresql_where=text("is_default")),
    )

    name: Mapped[str] = mapped_column(String(100))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    records: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
