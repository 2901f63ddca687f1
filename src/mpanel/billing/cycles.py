"""Billing cycles and their calendar arithmetic (pure).

A recurring service keeps an anchor day: the day of the month it was first billed. Each period
ends on the anchor day of the month ``months(cycle)`` later, or on that month's last day when the
month is shorter. The anchor is kept across short months, so a service started on January 31
renews on February 28 (29 in leap years), then March 31, never drifting to the 28th.
"""

from __future__ import annotations

import calendar
from datetime import date
from enum import StrEnum


class BillingCycle(StrEnum):
    ONE_TIME = "one-time"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMI_ANNUAL = "semi-annual"
    ANNUAL = "annual"
    BIENNIAL = "biennial"
    TRIENNIAL = "triennial"


_MONTHS: dict[BillingCycle, int | None] = {
    BillingCycle.ONE_TIME: None,
    BillingCycle.MONTHLY: 1,
    BillingCycle.QUARTERLY: 3,
    BillingCycle.SEMI_ANNUAL: 6,
    BillingCycle.ANNUAL: 12,
    BillingCycle.BIENNIAL: 24,
    BillingCycle.TRIENNIAL: 36,
}


def months(cycle: BillingCycle) -> int | None:
    """The length of a cycle in months; None for a one-time charge, which never renews."""
    return _MONTHS[BillingCycle(cycle)]


def _cycle_months(cycle: BillingCycle) -> int:
    length = months(cycle)
    if length is None:
        raise ValueError(f"a {BillingCycle(cycle).value} charge has no billing period")
    return length


def _anchor(start: date, anchor_day: int | None) -> int:
    anchor = start.day if anchor_day is None else anchor_day
    if not 1 <= anchor <= 31:
        raise ValueError(f"anchor day must be between 1 and 31, not {anchor}")
    return anchor


def _shift(start: date, month_count: int, anchor: int) -> date:
    """The date ``month_count`` months after ``start``'s month, on the anchor day or the month's last day."""
    year, month_index = divmod(start.year * 12 + start.month - 1 + month_count, 12)
    month = month_index + 1
    return date(year, month, min(anchor, calendar.monthrange(year, month)[1]))


def add_cycle(start: date, cycle: BillingCycle, *, anchor_day: int | None = None) -> date:
    """One cycle after ``start``: ``months(cycle)`` months later, on the anchor day (default ``start.day``),
    clamped to the last day of a shorter month. One-time cycles have no next date: ValueError."""
    return _shift(start, _cycle_months(cycle), _anchor(start, anchor_day))


def subtract_cycle(end: date, cycle: BillingCycle, *, anchor_day: int | None = None) -> date:
    """One cycle before ``end``, on the anchor day (default ``end.day``) or the month's last day."""
    return _shift(end, -_cycle_months(cycle), _anchor(end, anchor_day))


def period_end(start: date, cycle: BillingCycle, anchor_day: int | None = None) -> date:
    """The (exclusive) end of the period that begins on ``start``: the next renewal date, ``add_cycle``."""
    return add_cycle(start, cycle, anchor_day=anchor_day)


def next_billing_date(
    last_billed: date, cycle: BillingCycle, *, anchor_day: int | None = None, after: date | None = None
) -> date:
    """The first renewal date of the series ``last_billed``, ``add_cycle(last_billed)``, ... that is strictly
    after ``after`` (default ``last_billed``, so the next one). Every date in the series keeps the anchor day,
    so catching up over many missed periods gives the same dates as renewing one period at a time."""
    step = _cycle_months(cycle)
    anchor = _anchor(last_billed, anchor_day)
    threshold = last_billed if after is None else after
    elapsed = (threshold.year - last_billed.year) * 12 + threshold.month - last_billed.month
    count = max(1, elapsed // step)  # a renewal in or before the threshold's month
    while (candidate := _shift(last_billed, count * step, anchor)) <= threshold:
        count += 1
    return candidate
