from __future__ import annotations

import pytest

from mpanel.billing.tax.place import (
    EU_COUNTRIES,
    RuleCandidate,
    TaxDecision,
    TaxParty,
    decide,
    match_rules,
    postcode_matches,
)


def rule(
    rule_id: str,
    country: str = "US",
    *,
    region: str | None = None,
    postcode: str | None = None,
    level: int = 1,
    priority: int = 0,
) -> RuleCandidate:
    return RuleCandidate(rule_id, country, region, postcode, level, priority)


class TestEuCountries:
    def test_it_holds_the_27_member_states(self) -> None:
        assert len(EU_COUNTRIES) == 27
        assert {"DE", "FR", "GR", "HR", "IE"} <= EU_COUNTRIES

    def test_former_and_non_members_are_not_in_it(self) -> None:
        assert not {"GB", "CH", "NO", "EL"} & EU_COUNTRIES


class TestDecide:
    def test_a_tax_exempt_buyer_pays_no_tax(self) -> None:
        buyer = TaxParty("DE", tax_exempt=True)
        assert decide("DE", buyer, oss_enabled=True) == TaxDecision("exempt", None, None)

    def test_exemption_wins_over_reverse_charge(self) -> None:
        buyer = TaxParty("FR", vat_id="FR40303265045", tax_exempt=True)
        assert decide("DE", buyer, oss_enabled=False).kind == "exempt"

    def test_an_eu_business_in_another_eu_country_is_reverse_charged_with_the_mention(self) -> None:
        buyer = TaxParty("FR", "IDF", "75001", vat_id=" FR40303265045 ")
        assert decide("DE", buyer, oss_enabled=False) == TaxDecision(
            "reverse_charge",
            None,
            "VAT reverse charge: Article 196 of Council Directive 2006/112/EC; customer VAT ID FR40303265045",
        )

    def test_reverse_charge_does_not_depend_on_oss(self) -> None:
        buyer = TaxParty("FR", vat_id="FR40303265045")
        assert decide("DE", buyer, oss_enabled=True).kind == "reverse_charge"

    def test_an_eu_consumer_in_another_eu_country_pays_the_buyer_country_s_vat_under_oss(self) -> None:
        assert decide("DE", TaxParty("FR"), oss_enabled=True) == TaxDecision("buyer_country", "FR")

    def test_an_eu_consumer_in_another_eu_country_pays_the_seller_country_s_vat_without_oss(self) -> None:
        assert decide("DE", TaxParty("FR"), oss_enabled=False) == TaxDecision("seller_country", "DE")

    def test_a_blank_vat_id_counts_as_a_consumer(self) -> None:
        assert decide("DE", TaxParty("FR", vat_id="  "), oss_enabled=True).kind == "buyer_country"

    def test_a_business_in_the_seller_s_own_country_is_taxed_normally(self) -> None:
        buyer = TaxParty("DE", vat_id="DE136695976")
        assert decide("DE", buyer, oss_enabled=True) == TaxDecision("standard", "DE")

    def test_a_non_eu_buyer_of_an_eu_seller_is_matched_on_the_buyer_s_address(self) -> None:
        assert decide("DE", TaxParty("US", "CA", "94105"), oss_enabled=True) == TaxDecision("standard", "US")

    def test_a_non_eu_seller_uses_the_buyer_s_address_even_for_eu_buyers(self) -> None:
        assert decide("US", TaxParty("FR", vat_id="FR40303265045"), oss_enabled=True) == TaxDecision("standard", "FR")

    def test_a_non_eu_seller_and_buyer_use_the_buyer_s_address(self) -> None:
        assert decide("CA", TaxParty("CA", "QC"), oss_enabled=False) == TaxDecision("standard", "CA")

    def test_country_codes_are_case_insensitive(self) -> None:
        assert decide("de", TaxParty(" fr "), oss_enabled=True) == TaxDecision("buyer_country", "FR")


class TestPostcodeMatches:
    @pytest.mark.parametrize(
        ("pattern", "postcode"),
        [
            ("90000-96199", "90000"),
            ("90000-96199", "94105"),
            ("90000-96199", "96199"),
            ("90000-96199", "94105-1234"),
            ("01000-02999", "01500"),
            ("SW1A*", "sw1a 1aa"),
            ("*1AA", "SW1A 1AA"),
            ("H*", "h3z 2y7"),
            ("H3Z 2Y7", "h3z2y7"),
            ("*", "12345"),
            ("750*", "75001"),
        ],
    )
    def test_matching_patterns(self, pattern: str, postcode: str) -> None:
        assert postcode_matches(pattern, postcode)

    @pytest.mark.parametrize(
        ("pattern", "postcode"),
        [
            ("90000-96199", "89999"),
            ("90000-96199", "96200"),
            ("90000-96199", "9A000"),
            ("SW1A*", "SW1B 1AA"),
            ("H3Z2Y7", "H3Z2Y8"),
            ("750*", "75"),
            ("7500?", "75001"),
            ("1.3", "123"),
        ],
    )
    def test_non_matching_patterns(self, pattern: str, postcode: str) -> None:
        assert not postcode_matches(pattern, postcode)


class TestMatchRules:
    def test_a_country_only_rule_matches_any_address_in_the_country(self) -> None:
        assert match_rules([rule("us"), rule("ca", "CA")], "US", "NY", "10001") == ["us"]

    def test_a_region_match_beats_a_country_only_rule(self) -> None:
        candidates = [rule("us", priority=10), rule("ca-state", region="CA")]
        assert match_rules(candidates, "US", "CA", "94105") == ["ca-state"]

    def test_a_postcode_match_beats_a_region_match(self) -> None:
        candidates = [rule("ca-state", region="CA", priority=10), rule("sf", postcode="94100-94199")]
        assert match_rules(candidates, "US", "CA", "94105") == ["sf"]

    def test_a_rule_with_a_region_does_not_match_another_region_or_none(self) -> None:
        candidates = [rule("us"), rule("ca-state", region="CA")]
        assert match_rules(candidates, "US", "NY", "10001") == ["us"]
        assert match_rules(candidates, "US", None, None) == ["us"]

    def test_a_rule_with_a_pattern_does_not_match_another_postcode_or_none(self) -> None:
        candidates = [rule("us"), rule("sf", postcode="94100-94199")]
        assert match_rules(candidates, "US", "CA", "90001") == ["us"]
        assert match_rules(candidates, "US", "CA", None) == ["us"]

    def test_ties_go_to_the_higher_priority(self) -> None:
        candidates = [rule("a", region="CA", priority=1), rule("b", region="CA", priority=5)]
        assert match_rules(candidates, "US", "CA", None) == ["b"]

    def test_equal_priorities_go_to_the_smaller_rule_id(self) -> None:
        candidates = [rule("b", region="CA"), rule("a", region="CA")]
        assert match_rules(candidates, "US", "CA", None) == ["a"]

    def test_each_level_gets_its_own_most_specific_rule_in_level_order(self) -> None:
        candidates = [
            rule("qst", "CA", region="QC", level=2),
            rule("gst", "CA", level=1),
            rule("hst-on", "CA", region="ON", level=1),
            rule("gst-low", "CA", level=1, priority=-1),
        ]
        assert match_rules(candidates, "CA", "QC", "H3Z 2Y7") == ["gst", "qst"]
        assert match_rules(candidates, "CA", "ON", "M5V 2T6") == ["hst-on"]

    def test_country_and_region_compare_case_insensitively(self) -> None:
        assert match_rules([rule("qst", "ca", region="qc")], "CA", "Qc", None) == ["qst"]

    def test_postcode_patterns_are_case_and_space_insensitive(self) -> None:
        assert match_rules([rule("h3", "CA", postcode="h3z*")], "CA", None, "H3Z 2Y7") == ["h3"]

    def test_blank_region_and_pattern_count_as_none(self) -> None:
        assert match_rules([rule("fr", "FR", region=" ", postcode="")], "FR", None, None) == ["fr"]

    def test_no_rule_for_the_country_matches_nothing(self) -> None:
        assert match_rules([rule("us")], "DE", None, None) == []
