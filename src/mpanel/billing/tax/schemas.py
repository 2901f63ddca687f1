from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from mpanel.core.schema_types import Amount, CountryCode, matching
from mpanel.core.schemas import InputSchema, Schema


def _percent(value: Decimal) -> Decimal:
    if not Decimal(0) <= value <= Decimal(100):
        raise ValueError("a rate is a percentage between 0 and 100")
    if value.as_tuple().exponent < -4:  # type: ignore[operator]
        raise ValueError("a rate has at most 4 decimal places")
    return value


Percent = Annotated[Amount, AfterValidator(_percent)]
POSTCODE_PATTERN = r"^[A-Za-z0-9 *\-]+$"
PostcodeText = Annotated[
    str,
    Field(max_length=50, json_schema_extra={"pattern": POSTCODE_PATTERN}),
    AfterValidator(
        matching(POSTCODE_PATTERN, "Use only letters, digits, spaces, * and -, like SW1*, 10115 or 90000-96199.")
    ),
]


class TaxRuleCreate(InputSchema):
    name: str = Field(min_length=1, max_length=100)
    country: CountryCode
    region: str | None = Field(None, max_length=100)
    postcode_pattern: PostcodeText | None = None
    rate: Percent
    level: int = Field(1, ge=1, le=2)
    compound: bool = False
    priority: int = Field(0, ge=-1000, le=1000)
    active: bool = True


class TaxRuleUpdate(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=100)
    country: CountryCode | None = None
    region: str | None = Field(None, max_length=100)
    postcode_pattern: PostcodeText | None = None
    rate: Percent | None = None
    level: int | None = Field(None, ge=1, le=2)
    compound: bool | None = None
    priority: int | None = Field(None, ge=-1000, le=1000)
    active: bool | None = None


class TaxRuleOut(Schema):
    id: uuid.UUID
    name: str
    country: str
    region: str | None
    postcode_pattern: str | None
    rate: Amount
    level: int
    compound: bool
    priority: int
    active: bool
    created_at: datetime


TaxRuleSort = Literal[
    "name", "-name", "country", "-country", "rate", "-rate", "priority", "-priority", "createdAt", "-createdAt"
]
