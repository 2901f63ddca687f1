"""Reusable annotated field types for API schemas: countries, currencies, amounts."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from mpanel.core.codes import is_country, is_currency
from mpanel.core.money import format_amount, parse_amount


def _country(value: str) -> str:
    if not is_country(value):
        raise ValueError("not an ISO 3166-1 alpha-2 country code")
    return value.upper()


def _currency(value: str) -> str:
    if not is_currency(value):
        raise ValueError("not an ISO 4217 currency code")
    return value.upper()


def _amount(value: object) -> Decimal:
    amount = parse_amount(value)
    if abs(amount) >= Decimal("1e14"):
        raise ValueError("amount is too large")
    if amount.as_tuple().exponent < -4:  # type: ignore[operator]
        raise ValueError("amounts have at most 4 decimal places")
    return amount


def matching(pattern: str, message: str) -> Callable[[str], str]:
    """A check that a text matches `pattern`, refusing it with `message`: a sentence a person can
    act on, where Field(pattern=...) would say "String should match pattern '^[A-Za-z0-9._/-]+$'".
    The error keeps pydantic's type, string_pattern_mismatch. Put the pattern in the field's
    json_schema_extra too, so the OpenAPI document still shows it."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.search(value):
            raise PydanticCustomError("string_pattern_mismatch", message)
        return value

    return check


CountryCode = Annotated[str, AfterValidator(_country)]
CurrencyCode = Annotated[str, AfterValidator(_currency)]
# JSON in: a number or a string ("29.99"); JSON out: a decimal string.
Amount = Annotated[
    Decimal,
    BeforeValidator(_amount),
    PlainSerializer(format_amount, return_type=str),
    WithJsonSchema({"type": "string", "format": "decimal", "example": "29.99"}, mode="serialization"),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "pattern": r"^-?\d{1,14}(\.\d{1,4})?$"}, {"type": "number"}]}, mode="validation"
    ),
]
