from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpanel.billing.invoices.numbering_format import format_invoice_number, validate_template


class TestFormatInvoiceNumber:
    def test_year_and_zero_padded_sequence(self) -> None:
        assert format_invoice_number("INV-{YYYY}-{seq:06}", seq=1, issued=date(2026, 3, 1)) == "INV-2026-000001"

    def test_every_date_part_is_two_digits_except_the_full_year(self) -> None:
        number = format_invoice_number("{YY}{MM}{DD}/{YYYY}/{seq}", seq=42, issued=date(2007, 3, 9))
        assert number == "070309/2007/42"

    def test_a_plain_seq_is_not_padded(self) -> None:
        assert format_invoice_number("{seq}", seq=7, issued=date(2026, 1, 1)) == "7"

    def test_a_sequence_longer_than_the_padding_is_never_cut(self) -> None:
        assert format_invoice_number("A{seq:03}", seq=123456, issued=date(2026, 1, 1)) == "A123456"

    def test_text_outside_placeholders_is_copied_literally(self) -> None:
        number = format_invoice_number("Facture n° {seq:04} (%s)", seq=5, issued=date(2026, 1, 1))
        assert number == "Facture n° 0005 (%s)"

    def test_the_sequence_may_appear_twice(self) -> None:
        assert format_invoice_number("{seq}-{seq:02}", seq=3, issued=date(2026, 1, 1)) == "3-03"

    def test_a_negative_sequence_is_refused(self) -> None:
        with pytest.raises(ValueError, match="at least 0"):
            format_invoice_number("{seq}", seq=-1, issued=date(2026, 1, 1))

    def test_an_invalid_template_is_refused(self) -> None:
        with pytest.raises(ValueError, match="unknown placeholder"):
            format_invoice_number("INV-{YEAR}-{seq}", seq=1, issued=date(2026, 1, 1))

    @given(seq=st.integers(min_value=0, max_value=10**12), issued=st.dates(), width=st.integers(1, 20))
    def test_the_padded_sequence_reads_back_as_the_number(self, seq: int, issued: date, width: int) -> None:
        number = format_invoice_number(f"INV-{{YYYY}}-{{seq:0{width}}}", seq=seq, issued=issued)
        prefix, year, digits = number.split("-")
        assert (prefix, year, int(digits)) == ("INV", f"{issued.year:04d}", seq)
        assert len(digits) == max(width, len(str(seq)))


class TestValidateTemplate:
    @pytest.mark.parametrize("template", ["INV-{YYYY}-{seq:06}", "{seq}", "{YY}{MM}{DD}{seq:01}", "X" * 59 + "{seq}"])
    def test_valid_templates_pass_and_format(self, template: str) -> None:
        validate_template(template)
        assert format_invoice_number(template, seq=9, issued=date(2026, 3, 1)).endswith("9")

    @pytest.mark.parametrize(
        "template", ["INV-{YEAR}-{seq}", "{seq:6}", "{SEQ}", "{}-{seq}", "{seq:06d}", "{yyyy}{seq}"]
    )
    def test_an_unknown_placeholder_is_refused_by_name(self, template: str) -> None:
        with pytest.raises(ValueError, match="unknown placeholder"):
            validate_template(template)

    @pytest.mark.parametrize("template", ["INV-{YYYY}", "INVOICE", ""])
    def test_a_template_without_the_sequence_is_refused(self, template: str) -> None:
        with pytest.raises(ValueError, match="needs the sequence number"):
            validate_template(template)

    def test_a_template_over_64_characters_is_refused(self) -> None:
        with pytest.raises(ValueError, match="at most 64 characters"):
            validate_template("X" * 60 + "{seq}")

    @pytest.mark.parametrize("template", ["INV-{seq", "INV}-{seq}", "{{seq}}", "{seq}{"])
    def test_a_stray_brace_is_refused(self, template: str) -> None:
        with pytest.raises(ValueError, match="brace"):
            validate_template(template)

    @pytest.mark.parametrize("template", ["{seq:00}", "{seq:021}"])
    def test_a_padding_outside_1_to_20_is_refused(self, template: str) -> None:
        with pytest.raises(ValueError, match="between 1 and 20"):
            validate_template(template)
