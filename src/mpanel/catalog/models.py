from __future__ import annotations

import uuid
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, Index, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mpanel.billing.cycles import BillingCycle
from mpanel.db.base import Base, Money, TenantMixin, TimestampMixin, str_enum, tenant_fk


class ProductType(StrEnum):
    HOSTING = "hosting"
    DOMAIN = "domain"
    SSL = "ssl"
    EMAIL = "email"
    CUSTOM = "custom"


class ProductStatus(StrEnum):
    ACTIVE = "active"  # listed and sold to everyone
    HIDDEN = "hidden"  # not listed to clients; staff can still sell it
    RETIRED = "retired"  # never sold again; existing services keep running


class Product(TenantMixin, TimestampMixin, Base):
    """Something a hosting company sells: a price per billing cycle (in one currency), a default
    cycle, and for hosting products the plan limits the hosting issues provision."""

    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency_format"),
        CheckConstraint("provisioning_spec is null or type = 'hosting'", name="spec_only_for_hosting"),
        Index("ix_products_tenant_id_type_status", "tenant_id", "type", "status"),
    )

    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[ProductType] = mapped_column(str_enum(ProductType))
    description: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    status: Mapped[ProductStatus] = mapped_column(str_enum(ProductStatus), default=ProductStatus.ACTIVE)
    currency: Mapped[str] = mapped_column(String(3))
    billing_cycle: Mapped[BillingCycle] = mapped_column(str_enum(BillingCycle))
    # Plan limits (camelCase keys, see schemas.ProvisioningSpec); null value = unlimited.
    provisioning_spec: Mapped[dict[str, Any] | None] = mapped_column(JSONB(none_as_null=True), default=None)

    prices: Mapped[list[ProductPrice]] = relationship(lazy="raise", cascade="all, delete-orphan", passive_deletes=True)

    def price_row(self, cycle: BillingCycle) -> ProductPrice | None:
        return next((p for p in self.prices if p.billing_cycle == cycle), None)

    @property
    def price(self) -> Decimal | None:
        """The price of the default cycle (the seed's single-price shape)."""
        row = self.price_row(self.billing_cycle)
        return row.price if row else None

    @property
    def setup_fee(self) -> Decimal | None:
        row = self.price_row(self.billing_cycle)
        return row.setup_fee if row else None


class ProductPrice(TenantMixin, Base):
    """The price of a product for one billing cycle, in the product's currency."""

    __tablename__ = "product_prices"
    __table_args__ = (
        tenant_fk(["product_id"], "products", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "product_id", "billing_cycle"),
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint("setup_fee >= 0", name="setup_fee_not_negative"),
    )

    product_id: Mapped[uuid.UUID]
    billing_cycle: Mapped[BillingCycle] = mapped_column(str_enum(BillingCycle))
    price: Mapped[Decimal] = mapped_column(Money)
    setup_fee: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"), server_default=text("0"))
