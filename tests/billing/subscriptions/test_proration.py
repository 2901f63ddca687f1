from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpanel.billing.subscriptions.proration import Proration, prorate

D = Decimal
APRIL = (date(2026, 4, 1), date(2026, 5, 1))


class TestProrate:
    def test_an_upgrade_on_day_11_of_30_credits_20_charges_40_and_20_is_due(self) -> None:
        result = prorate(D("30.00"), D("60.00"), *APRIL, date(2026, 4, 11), currency="EUR")
        assert result == Proration(D("-20.00"), D("40.00"), D("20.00"), days_left=20, days_in_period=30)

    def test_a_downgrade_leaves_a_negative_amount_due(self) -> None:
        result = prorate(D("60.00"), D("30.00"), *APRIL, date(2026, 4, 11), currency="EUR")
        assert (result.credit, result.charge, result.due_now) == (D("-40.00"), D("20.00"), D("-20.00"))

    def test_a_change_on_the_first_day_credits_and_charges_whole_prices(self) -> None:
        result = prorate(D("30.00"), D("60.00"), *APRIL, date(2026, 4, 1), currency="EUR")
        assert (result.credit, result.charge, result.days_left) == (D("-30.00"), D("60.00"), 30)

    def test_a_change_on_the_last_day_counts_one_day(self) -> None:
        result = prorate(D("30.00"), D("60.00"), *APRIL, date(2026, 4, 30), currency="EUR")
        assert (result.credit, result.charge, result.due_now, result.days_left) == (
            D("-1.00"),
            D("2.00"),
            D("1.00"),
            1,
        )

    def test_each_amount_is_rounded_half_up_to_the_minor_unit(self) -> None:
        # 29.99 x 10 / 28 = 10.7107... -> 10.71; 0.07 x 10 / 28 = 0.025 -> 0.03.
        result = prorate(D("29.99"), D("0.07"), date(2026, 2, 1), date(2026, 3, 1), date(2026, 2, 19), currency="EUR")
        assert (result.credit, result.charge, result.due_now) == (D("-10.71"), D("0.03"), D("-10.68"))

    def test_a_zero_decimal_currency_rounds_to_whole_units(self) -> None:
        result = prorate(D("1000"), D("2000"), *APRIL, date(2026, 4, 21), currency="JPY")
        assert (result.credit, result.charge, result.due_now) == (D("-333"), D("667"), D("334"))

    def test_days_are_counted_in_the_period_s_calendar(self) -> None:
        result = prorate(
            D("365.00"), D("730.00"), date(2028, 1, 1), date(2029, 1, 1), date(2028, 12, 1), currency="EUR"
        )
        assert (result.days_in_period, result.days_left, result.credit, result.charge) == (
            366,
            31,
            D("-30.92"),  # 365 x 31 / 366 = 30.915...
            D("61.83"),
        )

    @pytest.mark.parametrize("change", [date(2026, 3, 31), date(2026, 5, 1), date(2026, 5, 2)])
    def test_a_change_date_outside_the_period_is_refused(self, change: date) -> None:
        with pytest.raises(ValueError, match="outside the period"):
            prorate(D("30.00"), D("60.00"), *APRIL, change, currency="EUR")

    def test_an_empty_period_is_refused(self) -> None:
        with pytest.raises(ValueError, match="must end after it starts"):
            prorate(D("30.00"), D("60.00"), date(2026, 4, 1), date(2026, 4, 1), date(2026, 4, 1), currency="EUR")

    @pytest.mark.parametrize(("old", "new"), [("-1.00", "60.00"), ("30.00", "-0.01"), ("NaN", "1.00")])
    def test_a_negative_or_non_finite_price_is_refused(self, old: str, new: str) -> None:
        with pytest.raises(ValueError, match="price"):
            prorate(D(old), D(new), *APRIL, date(2026, 4, 11), currency="EUR")

    @given(
        old=st.decimals(min_value=0, max_value=D("99999.99"), places=2),
        new=st.decimals(min_value=0, max_value=D("99999.99"), places=2),
        start=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
        length=st.integers(min_value=1, max_value=1100),
        offset=st.integers(min_value=0, max_value=1099),
    )
    def test_credit_is_not_positive_charge_not_negative_and_due_is_their_exact_sum(
        self, old: Decimal, new: Decimal, start: date, length: int, offset: int
    ) -> None:
        end = start + timedelta(days=length)
        change = start + timedelta(days=offset % length)
        result = prorate(old, new, start, end, change, currency="EUR")
        assert result.credit <= 0
        assert result.charge >= 0
        assert result.due_now == result.credit + result.charge
        assert -result.credit <= old
        assert result.charge <= new
        assert (result.days_left, result.days_in_period) == ((end - change).days, length)
