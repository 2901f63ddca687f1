from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpanel.billing.tax.calculate import LineIn, TaxRate, TaxResult, compute_taxes

D = Decimal


def gst(rate: str = "5") -> TaxRate:
    return TaxRate("gst", "GST", D(rate), 1, compound=False)


def qst(rate: str = "9.975", *, compound: bool) -> TaxRate:
    return TaxRate("qst", "QST", D(rate), 2, compound=compound)


def amounts(result: TaxResult) -> list[Decimal]:
    return [line.amount for line in result.tax_lines]


def one_line(amount: str, rates: list[TaxRate], **options: bool) -> TaxResult:
    return compute_taxes([LineIn(D(amount), taxable=True)], rates, currency="CAD", **options)


class TestTaxRate:
    @pytest.mark.parametrize("level", [0, 3])
    def test_the_level_is_1_or_2(self, level: int) -> None:
        with pytest.raises(ValueError, match="level"):
            TaxRate("r", "R", D(5), level, compound=False)

    @pytest.mark.parametrize("rate", ["-0.001", "NaN", "Infinity"])
    def test_the_rate_is_a_finite_non_negative_percentage(self, rate: str) -> None:
        with pytest.raises(ValueError, match="rate"):
            TaxRate("r", "R", D(rate), 1, compound=False)


class TestComputeTaxesVectors:
    @pytest.mark.parametrize(
        ("subtotal", "rate1", "rate2", "compound", "expected_taxes", "expected_total"),
        [
            ("100.00", "10", "5", True, ["10.00", "5.50"], "115.50"),
            ("100.00", "10", "5", False, ["10.00", "5.00"], "115.00"),
            ("100.00", "10", "20", True, ["10.00", "22.00"], "132.00"),
            ("100.00", "10", "20", False, ["10.00", "20.00"], "130.00"),
            ("19.99", "5", "9.975", True, ["1.00", "2.09"], "23.08"),
            ("19.99", "5", "9.975", False, ["1.00", "1.99"], "22.98"),
            ("1.08", "5", "7.5", True, ["0.05", "0.08"], "1.21"),
        ],
    )
    def test_the_acceptance_vectors(
        self,
        subtotal: str,
        rate1: str,
        rate2: str,
        compound: bool,
        expected_taxes: list[str],
        expected_total: str,
    ) -> None:
        result = one_line(subtotal, [gst(rate1), qst(rate2, compound=compound)])
        assert amounts(result) == [D(tax) for tax in expected_taxes]
        assert result.subtotal == D(subtotal)
        assert str(result.total) == expected_total

    def test_a_compound_level_2_is_applied_to_the_subtotal_plus_the_rounded_level_1_tax(self) -> None:
        # 1.08 x 5% = 0.054 -> 0.05; (1.08 + 0.05) x 7.5% = 0.08475 -> 0.08 (unrounded 0.054 would also give 0.08,
        # so the base shows it): the base is 1.13, not 1.134.
        result = one_line("1.08", [gst("5"), qst("7.5", compound=True)])
        assert [line.base for line in result.tax_lines] == [D("1.08"), D("1.13")]

    def test_a_non_compound_level_2_is_applied_to_the_subtotal(self) -> None:
        result = one_line("19.99", [gst("5"), qst("9.975", compound=False)])
        assert [line.base for line in result.tax_lines] == [D("19.99"), D("19.99")]

    def test_tax_lines_carry_the_rate_description_in_level_order(self) -> None:
        result = one_line("100.00", [qst("5", compound=True), gst("10")])
        assert [(line.rule_id, line.name, line.rate, line.level, line.compound) for line in result.tax_lines] == [
            ("gst", "GST", D("10"), 1, False),
            ("qst", "QST", D("5"), 2, True),
        ]


class TestComputeTaxes:
    def test_each_tax_is_rounded_half_up_to_the_minor_unit(self) -> None:
        assert amounts(one_line("0.10", [gst("5")])) == [D("0.01")]  # 0.005 -> 0.01
        assert amounts(one_line("0.09", [gst("5")])) == [D("0.00")]  # 0.0045 -> 0.00

    def test_a_zero_decimal_currency_rounds_to_whole_units(self) -> None:
        result = compute_taxes([LineIn(D("1050"))], [TaxRate("jct", "JCT", D(10), 1, compound=False)], currency="JPY")
        assert (amounts(result), result.total) == ([D("105")], D("1155"))

    def test_a_level_1_rate_alone_applies_to_the_taxable_subtotal(self) -> None:
        result = compute_taxes([LineIn(D("40.00")), LineIn(D("60.00"))], [gst("20")], currency="EUR")
        assert (amounts(result), result.subtotal, result.total) == ([D("20.00")], D("100.00"), D("120.00"))

    def test_a_compound_level_2_alone_applies_to_the_taxable_subtotal(self) -> None:
        assert amounts(one_line("100.00", [qst("5", compound=True)])) == [D("5.00")]

    def test_non_taxable_lines_are_never_taxed(self) -> None:
        lines = [LineIn(D("100.00"), taxable=True), LineIn(D("50.00"), taxable=False)]
        result = compute_taxes(lines, [gst("10"), qst("5", compound=True)], currency="EUR")
        assert [line.base for line in result.tax_lines] == [D("100.00"), D("110.00")]
        assert (result.subtotal, result.total) == (D("150.00"), D("165.50"))

    def test_without_taxable_lines_every_rate_gives_a_zero_tax_line(self) -> None:
        result = compute_taxes([LineIn(D("50.00"), taxable=False)], [gst("10")], currency="EUR")
        assert [(line.base, line.amount) for line in result.tax_lines] == [(D("0.00"), D("0.00"))]
        assert result.total == D("50.00")

    def test_without_rates_there_are_no_tax_lines_and_the_total_is_the_subtotal(self) -> None:
        result = compute_taxes([LineIn(D("19.99")), LineIn(D("0.01"), taxable=False)], [], currency="EUR")
        assert (result.tax_lines, result.subtotal, result.total) == ((), D("20.00"), D("20.00"))
        assert result.net_lines == (D("19.99"), D("0.01"))

    def test_without_lines_everything_is_zero(self) -> None:
        result = compute_taxes([], [gst("10")], currency="EUR")
        assert (result.subtotal, amounts(result), result.total, result.net_lines) == (D(0), [D(0)], D(0), ())

    def test_a_zero_rate_gives_a_zero_tax_line(self) -> None:
        result = one_line("100.00", [TaxRate("rc", "Reverse charge", D(0), 1, compound=False)])
        assert (amounts(result), result.total) == ([D("0.00")], D("100.00"))

    def test_two_level_1_rates_are_refused(self) -> None:
        with pytest.raises(ValueError, match="level-1"):
            one_line("1.00", [gst("5"), TaxRate("hst", "HST", D(13), 1, compound=False)])

    def test_two_level_2_rates_are_refused(self) -> None:
        with pytest.raises(ValueError, match="level-2"):
            one_line("1.00", [qst(compound=True), qst(compound=False)])

    def test_in_exclusive_mode_the_net_lines_are_the_input_amounts(self) -> None:
        lines = [LineIn(D("10.00")), LineIn(D("5.00"), taxable=False)]
        assert compute_taxes(lines, [gst("10")], currency="EUR").net_lines == (D("10.00"), D("5.00"))


class TestComputeTaxesPerLine:
    def test_taxes_are_rounded_per_line_and_summed_per_rule(self) -> None:
        # Per line: 0.10 x 5% = 0.005 -> 0.01, three times = 0.03; on the subtotal 0.30 x 5% = 0.015 -> 0.02.
        lines = [LineIn(D("0.10"))] * 3
        assert amounts(compute_taxes(lines, [gst("5")], currency="EUR", per_line=True)) == [D("0.03")]
        assert amounts(compute_taxes(lines, [gst("5")], currency="EUR")) == [D("0.02")]

    def test_a_compound_level_2_uses_each_line_s_rounded_level_1_tax(self) -> None:
        lines = [LineIn(D("1.08")), LineIn(D("19.99"))]
        result = compute_taxes(lines, [gst("5"), qst("7.5", compound=True)], currency="CAD", per_line=True)
        # Line 1: 0.05 and 1.13 x 7.5% = 0.08; line 2: 1.00 and 20.99 x 7.5% = 1.574... -> 1.57.
        assert amounts(result) == [D("1.05"), D("1.65")]
        assert [line.base for line in result.tax_lines] == [D("21.07"), D("22.12")]
        assert result.total == D("23.77")

    def test_a_non_compound_level_2_is_on_each_line(self) -> None:
        lines = [LineIn(D("1.08")), LineIn(D("19.99"))]
        result = compute_taxes(lines, [gst("5"), qst("9.975", compound=False)], currency="CAD", per_line=True)
        # Line 1: 0.05 and 0.107... -> 0.11; line 2: 1.00 and 1.994... -> 1.99.
        assert amounts(result) == [D("1.05"), D("2.10")]

    def test_non_taxable_lines_are_never_taxed(self) -> None:
        lines = [LineIn(D("0.10")), LineIn(D("100.00"), taxable=False)]
        result = compute_taxes(lines, [gst("5")], currency="EUR", per_line=True)
        assert (amounts(result), result.total) == ([D("0.01")], D("100.11"))

    def test_the_acceptance_vectors_hold_for_a_single_line(self) -> None:
        compound = one_line("19.99", [gst("5"), qst("9.975", compound=True)], per_line=True)
        simple = one_line("19.99", [gst("5"), qst("9.975", compound=False)], per_line=True)
        assert (compound.total, simple.total) == (D("23.08"), D("22.98"))


class TestComputeTaxesInclusive:
    def test_a_compound_gross_splits_into_net_and_each_tax(self) -> None:
        result = one_line("115.50", [gst("10"), qst("5", compound=True)], prices_include_tax=True)
        assert (result.subtotal, amounts(result), result.total) == (D("100.00"), [D("10.00"), D("5.50")], D("115.50"))
        assert result.net_lines == (D("100.00"),)

    def test_a_non_compound_gross_is_divided_by_one_plus_the_sum_of_the_rates(self) -> None:
        result = one_line("115.00", [gst("10"), qst("5", compound=False)], prices_include_tax=True)
        assert (result.subtotal, amounts(result), result.total) == (D("100.00"), [D("10.00"), D("5.00")], D("115.00"))

    def test_the_rounding_difference_goes_into_the_last_tax_line(self) -> None:
        # 10.00 / 1.155 = 8.658 -> 8.66; 0.866 -> 0.87; 9.53 x 5% = 0.4765 -> 0.48; 8.66 + 0.87 + 0.48 = 10.01.
        result = one_line("10.00", [gst("10"), qst("5", compound=True)], prices_include_tax=True)
        assert (result.subtotal, amounts(result), result.total) == (D("8.66"), [D("0.87"), D("0.47")], D("10.00"))

    def test_a_zero_last_rate_takes_no_difference(self) -> None:
        # 0.05 / 1.1 = 0.04545 -> 0.05; 0.05 x 10% = 0.005 -> 0.01; one cent over, taken back from level 1.
        result = one_line("0.05", [gst("10"), qst("0", compound=True)], prices_include_tax=True)
        assert (result.subtotal, amounts(result)) == (D("0.05"), [D("0.00"), D("0.00")])

    def test_a_single_rate_gross_splits_exactly(self) -> None:
        result = one_line("119.00", [gst("19")], prices_include_tax=True)
        assert (result.subtotal, amounts(result)) == (D("100.00"), [D("19.00")])

    def test_non_taxable_lines_stay_whole_and_untaxed(self) -> None:
        lines = [LineIn(D("115.50")), LineIn(D("20.00"), taxable=False)]
        result = compute_taxes(lines, [gst("10"), qst("5", compound=True)], currency="EUR", prices_include_tax=True)
        assert result.net_lines == (D("100.00"), D("20.00"))
        assert (result.subtotal, amounts(result), result.total) == (D("120.00"), [D("10.00"), D("5.50")], D("135.50"))

    def test_the_net_of_the_subtotal_is_shared_among_the_taxable_lines(self) -> None:
        # 30.00 / 1.19 = 25.2100... -> 25.21; each line's 8.4033 -> 8.40, the missing cent goes to the first.
        lines = [LineIn(D("10.00"))] * 3
        result = compute_taxes(lines, [gst("19")], currency="EUR", prices_include_tax=True)
        assert result.net_lines == (D("8.41"), D("8.40"), D("8.40"))
        assert (result.subtotal, amounts(result), result.total) == (D("25.21"), [D("4.79")], D("30.00"))

    def test_an_excess_cent_is_taken_from_the_line_rounded_up_the_most(self) -> None:
        # 0.08 / 1.19 = 0.0672 -> 0.07 on the subtotal; the lines 0.0168 -> 0.02, 0.0252 -> 0.03 and
        # 0.0252 -> 0.03 sum to 0.08: the second line (rounded up the most, earliest of the tie) gives a cent back.
        lines = [LineIn(D("0.02")), LineIn(D("0.03")), LineIn(D("0.03"))]
        result = compute_taxes(lines, [gst("19")], currency="EUR", prices_include_tax=True)
        assert result.net_lines == (D("0.02"), D("0.02"), D("0.03"))
        assert (result.subtotal, amounts(result)) == (D("0.07"), [D("0.01")])

    def test_per_line_each_line_splits_into_net_and_taxes(self) -> None:
        lines = [LineIn(D("10.00"))] * 3
        result = compute_taxes(lines, [gst("19")], currency="EUR", prices_include_tax=True, per_line=True)
        # Each line: 10.00 / 1.19 = 8.40, tax 1.60.
        assert result.net_lines == (D("8.40"), D("8.40"), D("8.40"))
        assert (result.subtotal, amounts(result), result.total) == (D("25.20"), [D("4.80")], D("30.00"))

    def test_without_rates_the_gross_is_the_net(self) -> None:
        result = one_line("115.50", [], prices_include_tax=True)
        assert (result.subtotal, result.tax_lines, result.total) == (D("115.50"), (), D("115.50"))


money = st.decimals(min_value=0, max_value=D("99999.99"), places=2)
percent = st.decimals(min_value=0, max_value=30, places=3)
line_lists = st.lists(st.builds(LineIn, money, st.booleans()), max_size=8)


@st.composite
def rate_sets(draw: st.DrawFn) -> list[TaxRate]:
    rates = []
    if draw(st.booleans()):
        rates.append(TaxRate("l1", "Level 1", draw(percent), 1, compound=False))
    if draw(st.booleans()):
        rates.append(TaxRate("l2", "Level 2", draw(percent), 2, compound=draw(st.booleans())))
    return rates


class TestComputeTaxesProperties:
    @given(lines=line_lists, rates=rate_sets(), per_line=st.booleans(), inclusive=st.booleans())
    def test_the_total_is_the_subtotal_plus_the_taxes_to_the_cent(
        self, lines: list[LineIn], rates: list[TaxRate], per_line: bool, inclusive: bool
    ) -> None:
        result = compute_taxes(lines, rates, currency="EUR", per_line=per_line, prices_include_tax=inclusive)
        assert result.total == result.subtotal + sum(amounts(result), D(0))
        assert result.subtotal == sum(result.net_lines, D(0))
        assert all(amount == amount.quantize(D("0.01")) for amount in amounts(result))

    @given(lines=line_lists, rates=rate_sets(), per_line=st.booleans())
    def test_inclusive_net_plus_taxes_is_the_gross_exactly(
        self, lines: list[LineIn], rates: list[TaxRate], per_line: bool
    ) -> None:
        result = compute_taxes(lines, rates, currency="EUR", per_line=per_line, prices_include_tax=True)
        assert result.subtotal + sum(amounts(result), D(0)) == sum((line.amount for line in lines), D(0))
        assert result.total == sum((line.amount for line in lines), D(0))
        untaxed = [(net, line.amount) for net, line in zip(result.net_lines, lines, strict=True) if not line.taxable]
        assert all(net == gross for net, gross in untaxed)

    @given(amount=money, rate1=percent, rate2=percent, compound=st.booleans())
    def test_exclusive_taxes_follow_the_rule_for_one_line(
        self, amount: Decimal, rate1: Decimal, rate2: Decimal, compound: bool
    ) -> None:
        rates = [TaxRate("l1", "L1", rate1, 1, compound=False), TaxRate("l2", "L2", rate2, 2, compound=compound)]
        tax1, tax2 = amounts(compute_taxes([LineIn(amount)], rates, currency="EUR"))
        assert abs(tax1 - amount * rate1 / 100) <= D("0.005")
        base2 = amount + tax1 if compound else amount
        assert abs(tax2 - base2 * rate2 / 100) <= D("0.005")
