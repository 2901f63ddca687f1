"""Proration of a plan change within a billing period (pure).

On a change the unused part of the old price is credited and the remaining part of the new price charged,
both in proportion to the days left in the period (the change day counts as left):

    credit = -(old price x days left / days in period)    charge = new price x days left / days in period

each rounded half-up to the currency's minor unit. ``due_now`` = credit + charge; a negative amount (a
downgrade) is for the caller to turn into account credit. A change that takes effect at a period's
boundary (``nothing_to_prorate``) moves no money: the next invoice bills the new price in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from mpanel.core.money import round_minor


@dataclass(frozen=True, slots=True)
class Proration:
    credit: Decimal
    charge: Decimal
    due_now: Decimal
    days_left: int
    days_in_period: int


def _check_price(name: str, price: Decimal) -> None:
    if not price.is_finite() or price < 0:
        raise ValueError(f"{name} must be a finite amount of at least 0, not {price}")


def prorate(
    old_price: Decimal,
    new_price: Decimal,
    period_start: date,
    period_end: date,
    change_date: date,
    *,
    currency: str,
) -> Proration:
    """Credit the old price's unused days and charge the new price's remaining days (see the module's rule).
    The period is ``[period_start, period_end)``; a change date outside it, an empty period, or a negative
    price is refused with ValueError."""
    _check_price("old price", old_price)
    _check_price("new price", new_price)
    if period_end <= period_start:
        raise ValueError(f"the period must end after it starts ({period_start} to {period_end})")
    if not period_start <= change_date < period_end:
        raise ValueError(f"the change date {change_date} is outside the period {period_start} to {period_end}")
    days_left = (period_end - change_date).days
    days_in_period = (period_end - period_start).days
    credit = round_minor(-old_price * days_left / days_in_period, currency)
    charge = round_minor(new_price * days_left / days_in_period, currency)
    return Proration(credit, charge, credit + charge, days_left, days_in_period)


def nothing_to_prorate(period_start: date, period_end: date, *, currency: str) -> Proration:
    """A change at a period boundary: nothing of the period is used or left, nothing is due now."""
    zero = round_minor(Decimal(0), currency)
    return Proration(zero, zero, zero, 0, (period_end - period_start).days)
