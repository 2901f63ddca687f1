from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from mpanel.catalog.schemas import NonNegativeAmount
from mpanel.catalog.tlds.models import TldAction
from mpanel.core.hostnames import to_ascii
from mpanel.core.schema_types import Amount, CurrencyCode
from mpanel.core.schemas import InputSchema, Schema

MAX_YEARS = 10


def _tld(value: str) -> str:
    return to_ascii(value.strip().removeprefix("."), noun="a TLD")


# "com", ".COM", "co.uk", ".рф" (stored as "xn--p1ai").
TldName = Annotated[str, Field(min_length=1, max_length=254), AfterValidator(_tld)]
Years = Annotated[int, Field(ge=1, le=MAX_YEARS, strict=True)]
PeriodDays = Annotated[int, Field(ge=0, le=365, strict=True)]


class TldPriceIn(InputSchema):
    action: TldAction
    years: Years
    price: NonNegativeAmount


def _unique_prices(prices: list[TldPriceIn] | None) -> list[TldPriceIn] | None:
    if prices is not None:
        keys = [(p.action, p.years) for p in prices]
        if len(set(keys)) != len(keys):
            raise ValueError("each action and number of years may have only one price")
    return prices


class TldCreate(InputSchema):
    tld: TldName
    currency: CurrencyCode | None = Field(None, description="Defaults to the tenant's currency")
    redemption_fee: NonNegativeAmount = Decimal("0")
    grace_days: PeriodDays = Field(30, description="Days after expiry still renewable at the renewal price")
    redemption_days: PeriodDays = Field(30, description="Days after the grace period restorable for the redemption fee")
    icann_fee_applies: bool | None = Field(None, description="Default: true for gTLDs, false for 2-letter ccTLDs")
    registrar: str = Field("manual", min_length=1, max_length=50)
    prices: list[TldPriceIn] = Field(default_factory=list, max_length=len(TldAction) * MAX_YEARS)

    _check_prices = field_validator("prices")(_unique_prices)


class TldUpdate(InputSchema):
    """`prices` replaces the whole price list. The TLD itself cannot change (domains use it)."""

    currency: CurrencyCode | None = None
    redemption_fee: NonNegativeAmount | None = None
    grace_days: PeriodDays | None = None
    redemption_days: PeriodDays | None = None
    icann_fee_applies: bool | None = None
    registrar: str | None = Field(None, min_length=1, max_length=50)
    prices: list[TldPriceIn] | None = Field(None, max_length=len(TldAction) * MAX_YEARS)

    _check_prices = field_validator("prices")(_unique_prices)


class TldPriceOut(Schema):
    action: TldAction
    years: int
    price: Amount


class TldOut(Schema):
    id: uuid.UUID
    tld: str
    currency: str
    redemption_fee: Amount
    grace_days: int
    redemption_days: int
    icann_fee_applies: bool
    registrar: str
    prices: list[TldPriceOut]
    created_at: datetime
    updated_at: datetime

    @field_validator("prices")
    @classmethod
    def _ordered(cls, prices: list[TldPriceOut]) -> list[TldPriceOut]:
        order = list(TldAction)
        return sorted(prices, key=lambda p: (order.index(p.action), p.years))


class TldQuoteOut(Schema):
    tld: str
    action: TldAction
    years: int
    price: Amount
    currency: str


TldSort = Literal["tld", "-tld", "createdAt", "-createdAt"]
