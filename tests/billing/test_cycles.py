from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpanel.billing.cycles import BillingCycle, add_cycle, months, next_billing_date, period_end

RECURRING = [cycle for cycle in BillingCycle if cycle is not BillingCycle.ONE_TIME]


def _series(start: date, cycle: BillingCycle, count: int, anchor_day: int | None = None) -> list[date]:
    anchor = start.day if anchor_day is None else anchor_day
    dates, current = [], start
    for _ in range(count):
        current = add_cycle(current, cycle, anchor_day=anchor)
        dates.append(current)
    return dates


class TestBillingCycle:
    def test_values_are_the_api_spellings(self) -> None:
        assert [cycle.value for cycle in BillingCycle] == [
            "one-time",
            "monthly",
            "quarterly",
            "semi-annual",
            "annual",
            "biennial",
            "triennial",
        ]

    def test_a_cycle_is_built_from_its_api_spelling(self) -> None:
        assert BillingCycle("semi-annual") is BillingCycle.SEMI_ANNUAL


class TestMonths:
    @pytest.mark.parametrize(
        ("cycle", "expected"),
        [
            (BillingCycle.MONTHLY, 1),
            (BillingCycle.QUARTERLY, 3),
            (BillingCycle.SEMI_ANNUAL, 6),
            (BillingCycle.ANNUAL, 12),
            (BillingCycle.BIENNIAL, 24),
            (BillingCycle.TRIENNIAL, 36),
        ],
    )
    def test_each_recurring_cycle_has_its_length_in_months(self, cycle: BillingCycle, expected: int) -> None:
        assert months(cycle) == expected

    def test_one_time_has_no_length(self) -> None:
        assert months(BillingCycle.ONE_TIME) is None


class TestAddCycle:
    def test_monthly_from_jan_31_clamps_to_feb_28_then_returns_to_the_31st(self) -> None:
        assert _series(date(2026, 1, 31), BillingCycle.MONTHLY, 3) == [
            date(2026, 2, 28),
            date(2026, 3, 31),
            date(2026, 4, 30),
        ]

    def test_monthly_from_jan_31_lands_on_feb_29_in_a_leap_year(self) -> None:
        assert _series(date(2028, 1, 31), BillingCycle.MONTHLY, 2) == [date(2028, 2, 29), date(2028, 3, 31)]

    def test_without_an_anchor_the_start_day_is_the_anchor(self) -> None:
        assert add_cycle(date(2026, 2, 28), BillingCycle.MONTHLY) == date(2026, 3, 28)

    def test_the_anchor_day_overrides_a_clamped_start_day(self) -> None:
        assert add_cycle(date(2026, 2, 28), BillingCycle.MONTHLY, anchor_day=31) == date(2026, 3, 31)

    def test_quarterly_from_aug_31_keeps_the_31st_where_it_exists(self) -> None:
        assert _series(date(2025, 8, 31), BillingCycle.QUARTERLY, 4) == [
            date(2025, 11, 30),
            date(2026, 2, 28),
            date(2026, 5, 31),
            date(2026, 8, 31),
        ]

    def test_quarterly_from_aug_31_meets_feb_29_in_a_leap_year(self) -> None:
        assert _series(date(2027, 8, 31), BillingCycle.QUARTERLY, 3) == [
            date(2027, 11, 30),
            date(2028, 2, 29),
            date(2028, 5, 31),
        ]

    def test_annual_from_feb_29_returns_to_feb_29_only_in_the_next_leap_year(self) -> None:
        assert _series(date(2028, 2, 29), BillingCycle.ANNUAL, 4) == [
            date(2029, 2, 28),
            date(2030, 2, 28),
            date(2031, 2, 28),
            date(2032, 2, 29),
        ]

    def test_annual_with_anchor_28_stays_on_the_28th_in_a_leap_year(self) -> None:
        assert add_cycle(date(2031, 2, 28), BillingCycle.ANNUAL, anchor_day=28) == date(2032, 2, 28)

    def test_anchor_30_clamps_in_february_and_returns_to_the_30th(self) -> None:
        assert _series(date(2026, 1, 30), BillingCycle.MONTHLY, 3) == [
            date(2026, 2, 28),
            date(2026, 3, 30),
            date(2026, 4, 30),
        ]

    def test_anchor_30_gives_feb_29_in_a_leap_year(self) -> None:
        assert add_cycle(date(2028, 1, 30), BillingCycle.MONTHLY) == date(2028, 2, 29)

    def test_anchor_31_clamps_in_30_day_months(self) -> None:
        assert add_cycle(date(2026, 3, 31), BillingCycle.MONTHLY) == date(2026, 4, 30)

    def test_an_ordinary_day_moves_to_the_same_day(self) -> None:
        assert add_cycle(date(2026, 4, 15), BillingCycle.MONTHLY) == date(2026, 5, 15)

    def test_monthly_crosses_the_year_end(self) -> None:
        assert add_cycle(date(2026, 12, 31), BillingCycle.MONTHLY) == date(2027, 1, 31)

    def test_semi_annual_from_aug_31_lands_on_the_last_of_february(self) -> None:
        assert add_cycle(date(2027, 8, 31), BillingCycle.SEMI_ANNUAL) == date(2028, 2, 29)

    def test_biennial_and_triennial_add_two_and_three_years(self) -> None:
        assert add_cycle(date(2028, 2, 29), BillingCycle.BIENNIAL) == date(2030, 2, 28)
        assert add_cycle(date(2029, 2, 28), BillingCycle.TRIENNIAL, anchor_day=29) == date(2032, 2, 29)

    def test_one_time_is_refused(self) -> None:
        with pytest.raises(ValueError, match="one-time"):
            add_cycle(date(2026, 1, 1), BillingCycle.ONE_TIME)

    @pytest.mark.parametrize("anchor_day", [0, 32, -1])
    def test_an_anchor_outside_1_to_31_is_refused(self, anchor_day: int) -> None:
        with pytest.raises(ValueError, match="anchor day"):
            add_cycle(date(2026, 1, 1), BillingCycle.MONTHLY, anchor_day=anchor_day)

    @given(
        start=st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 12, 31)),
        cycle=st.sampled_from(RECURRING),
    )
    def test_iterating_24_times_never_drifts_from_the_anchor(self, start: date, cycle: BillingCycle) -> None:
        step = months(cycle)
        assert step is not None
        for index, result in enumerate(_series(start, cycle, 24), start=1):
            assert result.day == min(start.day, calendar.monthrange(result.year, result.month)[1])
            assert (result.year - start.year) * 12 + result.month - start.month == index * step


class TestPeriodEnd:
    def test_the_period_ends_on_the_next_renewal_date(self) -> None:
        assert period_end(date(2026, 1, 31), BillingCycle.MONTHLY) == date(2026, 2, 28)

    def test_the_anchor_day_is_kept(self) -> None:
        assert period_end(date(2026, 2, 28), BillingCycle.MONTHLY, anchor_day=31) == date(2026, 3, 31)

    def test_one_time_has_no_period(self) -> None:
        with pytest.raises(ValueError, match="one-time"):
            period_end(date(2026, 1, 1), BillingCycle.ONE_TIME)


class TestNextBillingDate:
    def test_by_default_it_is_one_cycle_after_the_last_billing(self) -> None:
        assert next_billing_date(date(2026, 1, 31), BillingCycle.MONTHLY) == date(2026, 2, 28)

    def test_catching_up_skips_to_the_first_renewal_after_the_given_date(self) -> None:
        assert next_billing_date(date(2026, 1, 31), BillingCycle.MONTHLY, after=date(2026, 5, 2)) == date(2026, 5, 31)

    def test_a_renewal_on_the_given_date_is_not_after_it(self) -> None:
        assert next_billing_date(date(2026, 1, 31), BillingCycle.MONTHLY, after=date(2026, 4, 30)) == date(2026, 5, 31)

    def test_a_date_before_the_last_billing_gives_the_next_renewal(self) -> None:
        assert next_billing_date(date(2026, 1, 31), BillingCycle.QUARTERLY, after=date(2025, 1, 1)) == date(2026, 4, 30)

    def test_catching_up_keeps_the_anchor_day(self) -> None:
        last = date(2026, 2, 28)
        assert next_billing_date(last, BillingCycle.MONTHLY, anchor_day=31, after=date(2026, 7, 1)) == date(2026, 7, 31)

    def test_one_time_has_no_next_billing_date(self) -> None:
        with pytest.raises(ValueError, match="one-time"):
            next_billing_date(date(2026, 1, 1), BillingCycle.ONE_TIME)

    @given(
        last=st.dates(min_value=date(1900, 1, 1), max_value=date(2800, 12, 31)),
        cycle=st.sampled_from(RECURRING),
        gap=st.integers(min_value=-400, max_value=4000),
    )
    def test_it_equals_renewing_one_period_at_a_time(self, last: date, cycle: BillingCycle, gap: int) -> None:
        after = date.fromordinal(last.toordinal() + gap)
        expected = add_cycle(last, cycle)
        while expected <= after:
            expected = add_cycle(expected, cycle, anchor_day=last.day)
        assert next_billing_date(last, cycle, after=after) == expected


class TestSubtractCycle:
    def test_goes_back_one_cycle_keeping_the_anchor_day(self) -> None:
        from mpanel.billing.cycles import subtract_cycle

        assert subtract_cycle(date(2026, 3, 31), BillingCycle.MONTHLY) == date(2026, 2, 28)
        assert subtract_cycle(date(2026, 2, 28), BillingCycle.MONTHLY, anchor_day=31) == date(2026, 1, 31)
        assert subtract_cycle(date(2026, 5, 1), BillingCycle.MONTHLY) == date(2026, 4, 1)
        assert subtract_cycle(date(2027, 1, 15), BillingCycle.ANNUAL) == date(2026, 1, 15)
