from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from mpanel.billing.cycles import BillingCycle
from mpanel.catalog.models import ProductStatus, ProductType
from mpanel.core.schema_types import Amount, CurrencyCode
from mpanel.core.schemas import InputSchema, Schema

NonNegativeAmount = Annotated[Amount, Field(ge=0)]
# A plan limit: a whole number >= 0, or null for unlimited. JSON integers only (no "5", no true).
Limit = Annotated[int | None, Field(ge=0, le=2_147_483_647, strict=True)]
CYCLE_ORDER = {cycle: index for index, cycle in enumerate(BillingCycle)}


class ProvisioningSpec(InputSchema):
    """Plan limits of a hosting product, read by the hosting provisioning. null = unlimited."""

    disk_mb: Limit = None
    bandwidth_gb: Limit = None
    sites: Limit = None
    mailboxes: Limit = None
    databases: Limit = None

    def stored(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True)


class PriceIn(InputSchema):
    billing_cycle: BillingCycle
    price: NonNegativeAmount
    setup_fee: NonNegativeAmount = Decimal("0")


def _unique_cycles(prices: list[PriceIn] | None) -> list[PriceIn] | None:
    if prices is not None:
        cycles = [p.billing_cycle for p in prices]
        if len(set(cycles)) != len(cycles):
            raise ValueError("each billing cycle may have only one price")
    return prices


class _ProductFields(InputSchema):
    """Prices come either as one `price` (with `setupFee`) for `billingCycle`, the seed's shape,
    or as `prices`, one per cycle; `billingCycle` is then the default cycle (first price if omitted)."""

    price: NonNegativeAmount | None = None
    setup_fee: NonNegativeAmount | None = None
    prices: list[PriceIn] | None = Field(None, min_length=1, max_length=len(BillingCycle))

    _check_prices = field_validator("prices")(_unique_cycles)

    @model_validator(mode="after")
    def _one_price_shape(self) -> _ProductFields:
        if self.prices is not None and (self.price is not None or self.setup_fee is not None):
            raise ValueError("give either price (and setupFee) for billingCycle, or prices, not both")
        return self


class ProductCreate(_ProductFields):
    name: str = Field(min_length=1, max_length=200)
    type: ProductType
    description: str = Field("", max_length=10_000)
    status: ProductStatus = ProductStatus.ACTIVE
    currency: CurrencyCode | None = Field(None, description="Defaults to the tenant's currency")
    billing_cycle: BillingCycle | None = None
    provisioning_spec: ProvisioningSpec | None = Field(
        None, description="Hosting products only; omitted means every limit is unlimited"
    )

    @model_validator(mode="after")
    def _complete(self) -> ProductCreate:
        if self.price is None and self.prices is None:
            raise ValueError("a product needs a price (with billingCycle) or prices")
        if self.price is not None and self.billing_cycle is None:
            raise ValueError("billingCycle is required with price")
        if self.prices is not None and self.billing_cycle not in (None, *(p.billing_cycle for p in self.prices)):
            raise ValueError("billingCycle must be one of the cycles in prices")
        if self.provisioning_spec is not None and self.type is not ProductType.HOSTING:
            raise ValueError("provisioningSpec is only for hosting products")
        return self

    def price_rows(self) -> list[PriceIn]:
        if self.prices is not None:
            return self.prices
        assert self.billing_cycle is not None
        assert self.price is not None
        return [PriceIn(billing_cycle=self.billing_cycle, price=self.price, setup_fee=self.setup_fee or Decimal(0))]

    def default_cycle(self) -> BillingCycle:
        return self.billing_cycle or self.price_rows()[0].billing_cycle


class ProductUpdate(_ProductFields):
    """`prices` replaces the whole price list; `price`/`setupFee` set the default cycle's price.
    The type cannot change: services already provisioned depend on it."""

    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=10_000)
    status: ProductStatus | None = None
    currency: CurrencyCode | None = None
    billing_cycle: BillingCycle | None = None
    provisioning_spec: ProvisioningSpec | None = None


class PriceOut(Schema):
    billing_cycle: BillingCycle
    price: Amount
    setup_fee: Amount


class ProductOut(Schema):
    id: uuid.UUID
    name: str
    type: ProductType
    description: str
    status: ProductStatus
    currency: str
    billing_cycle: BillingCycle
    price: Amount | None = Field(description="The default cycle's price")
    setup_fee: Amount | None = Field(description="The default cycle's setup fee")
    prices: list[PriceOut]
    provisioning_spec: dict[str, int | None] | None
    created_at: datetime
    updated_at: datetime

    @field_validator("prices")
    @classmethod
    def _in_cycle_order(cls, prices: list[PriceOut]) -> list[PriceOut]:
        return sorted(prices, key=lambda p: CYCLE_ORDER[p.billing_cycle])


ProductSort = Literal["name", "-name", "createdAt", "-createdAt"]
