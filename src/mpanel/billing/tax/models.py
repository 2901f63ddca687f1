from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, Index, Numeric, SmallInteger, String, text
from sqlalchemy.orm import Mapped, mapped_column

from mpanel.db.base import Base, TenantMixin, TimestampMixin


class TaxRule(TenantMixin, TimestampMixin, Base):
    """A tax rate for a place: a country, optionally narrowed to a region and a postcode pattern.
    For an address, the most specific matching rule of each level applies (billing/tax/place.py)."""

    __tablename__ = "tax_rules"
    __table_args__ = (
        CheckConstraint("level in (1, 2)", name="level_1_or_2"),
        CheckConstraint("rate >= 0 and rate <= 100", name="rate_percent"),
        CheckConstraint("country ~ '^[A-Z]{2}$'", name="country_format"),
        Index("ix_tax_rules_tenant_id_country", "tenant_id", "country"),
    )

    name: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(100), default=None)
    postcode_pattern: Mapped[str | None] = mapped_column(String(50), default=None)
    rate: Mapped[Decimal] = mapped_column(Numeric(7, 4))
    level: Mapped[int] = mapped_column(SmallInteger, default=1)
    compound: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    priority: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
