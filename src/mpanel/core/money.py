"""Money: Decimal amounts with their ISO 4217 currency. The only rounding in MPanel lives here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Minor units of currencies that do not use two decimals (ISO 4217).
_MINOR_UNITS: dict[str, int] = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
    "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}  # fmt: skip


def minor_units(currency: str) -> int:
    return _MINOR_UNITS.get(currency.upper(), 2)


def round_minor(amount: Decimal, currency: str) -> Decimal:
    """Round half-up to the currency's minor unit (2 decimals for most)."""
    return amount.quantize(Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_HALF_UP)


def parse_amount(value: object) -> Decimal:
    """Accept a JSON number or string; refuse floats' artefacts, NaN and infinities."""
    if isinstance(value, bool):
        raise ValueError("not an amount")
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError("not an amount") from exc
    if not amount.is_finite():
        raise ValueError("not a finite amount")
    return amount


def format_amount(amount: Decimal) -> str:
    """JSON out: a plain decimal string with at least two decimals and no trailing zeros beyond
    them ("29.99", "10.00", "0.2000" -> "0.20", "1.2345")."""
    text = format(amount, "f")
    if "." not in text:
        return f"{text}.00"
    whole, fraction = text.split(".")
    fraction = fraction.rstrip("0").ljust(2, "0")
    return f"{whole}.{fraction}"
