"""ISO codes: countries (3166-1 alpha-2), currencies (4217), and VAT numbers (python-stdnum)."""

from __future__ import annotations

from functools import lru_cache

import pycountry
from stdnum import vatin
from stdnum.exceptions import ValidationError as StdnumError


@lru_cache(maxsize=512)
def is_country(code: str) -> bool:
    return len(code) == 2 and pycountry.countries.get(alpha_2=code.upper()) is not None


@lru_cache(maxsize=512)
def is_currency(code: str) -> bool:
    return len(code) == 3 and pycountry.currencies.get(alpha_3=code.upper()) is not None


def normalize_vat_id(vat_id: str, country: str) -> str:
    """A VAT number in its compact form, with its country prefix (Greece uses EL). Raises
    ValueError when the number fails the country's format and check digits."""
    compact = vatin.compact(vat_id)
    prefix = "EL" if country.upper() == "GR" else country.upper()
    if not compact[:2].isalpha():
        compact = prefix + compact
    try:
        return str(vatin.validate(compact))
    except StdnumError as exc:
        raise ValueError(f"not a valid VAT number: {exc}") from exc


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str:
    """ "GB" -> "United Kingdom"; the code itself when unknown, "" for None."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code.upper())
    return str(getattr(country, "name", code)) if country else code
