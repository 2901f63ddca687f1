"""Where tax is due (pure): which regime applies to a sale, and which configured rules match an address.

``decide`` chooses the regime:

- a tax-exempt buyer pays no tax (``exempt``);
- an EU seller selling to a business (with a VAT ID) in another EU country charges no VAT: the buyer
  accounts for it (``reverse_charge``, with the mention the invoice must carry);
- an EU seller selling to a consumer (no VAT ID) in another EU country charges the buyer's country's VAT
  when registered for the One-Stop Shop (``buyer_country``), else its own country's (``seller_country``);
- anything else uses the rules matching the buyer's address (``standard``).

``match_rules`` picks, for each tax level, the most specific rule matching an address.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

EU_COUNTRIES: frozenset[str] = frozenset(
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    }
)  # fmt: skip

REVERSE_CHARGE_NOTE = "VAT reverse charge: Article 196 of Council Directive 2006/112/EC; customer VAT ID {vat_id}"

DecisionKind = Literal["exempt", "reverse_charge", "seller_country", "buyer_country", "standard"]


@dataclass(frozen=True, slots=True)
class TaxParty:
    """The buyer: billing address (ISO 3166-1 alpha-2 country), VAT ID if a business, and exemption."""

    country: str
    region: str | None = None
    postcode: str | None = None
    vat_id: str | None = None
    tax_exempt: bool = False


@dataclass(frozen=True, slots=True)
class TaxDecision:
    """The regime, the country whose rules to match (None when no tax is charged) and the invoice mention."""

    kind: DecisionKind
    country: str | None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RuleCandidate:
    """A configured tax rule's place: country, optionally a region and a postcode pattern."""

    rule_id: str
    country: str
    region: str | None
    postcode_pattern: str | None
    level: int
    priority: int


def _country(code: str) -> str:
    return code.strip().upper()


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


def decide(seller_country: str, buyer: TaxParty, *, oss_enabled: bool) -> TaxDecision:
    """The tax regime of a sale from ``seller_country`` to ``buyer`` (see the module's rules). A blank VAT ID
    counts as none; the VAT ID's validity (VIES) is the caller's concern."""
    seller, customer = _country(seller_country), _country(buyer.country)
    if buyer.tax_exempt:
        return TaxDecision("exempt", None)
    cross_border_eu = seller in EU_COUNTRIES and customer in EU_COUNTRIES and seller != customer
    if not cross_border_eu:
        return TaxDecision("standard", customer)
    vat_id = _blank_to_none(buyer.vat_id)
    if vat_id is not None:
        return TaxDecision("reverse_charge", None, REVERSE_CHARGE_NOTE.format(vat_id=vat_id))
    if oss_enabled:
        return TaxDecision("buyer_country", customer)
    return TaxDecision("seller_country", seller)


def _normal_postcode(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


_RANGE = re.compile(r"(\d+)-(\d+)")
_LEADING_DIGITS = re.compile(r"(\d+)(?:-.*)?")


def postcode_matches(pattern: str, postcode: str) -> bool:
    """Case- and space-insensitive. ``90000-96199`` is a numeric range, matched by a postcode of digits
    (optionally followed by ``-`` and an extension, as ZIP+4 ``90210-1234``) whose number lies within it;
    ``*`` matches any run of characters; anything else must equal the postcode."""
    pattern, postcode = _normal_postcode(pattern), _normal_postcode(postcode)
    if bounds := _RANGE.fullmatch(pattern):
        digits = _LEADING_DIGITS.fullmatch(postcode)
        return digits is not None and int(bounds[1]) <= int(digits[1]) <= int(bounds[2])
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.fullmatch(regex, postcode) is not None


def _rank(candidate: RuleCandidate, region: str | None, postcode: str | None) -> tuple[int, int, int, str] | None:
    """None when the candidate does not match the address; else a sort key, smallest first: postcode-pattern
    matches, then region matches, then country-only rules; then higher priority; then smaller rule id."""
    rule_region, pattern = _blank_to_none(candidate.region), _blank_to_none(candidate.postcode_pattern)
    if rule_region is not None and (region is None or rule_region.casefold() != region.strip().casefold()):
        return None
    if pattern is not None and (postcode is None or not postcode_matches(pattern, postcode)):
        return None
    return (int(pattern is None), int(rule_region is None), -candidate.priority, candidate.rule_id)


def match_rules(
    candidates: Iterable[RuleCandidate], country: str, region: str | None, postcode: str | None
) -> list[str]:
    """For each level (ascending), the id of the most specific rule matching the address: a postcode-pattern
    match beats a region match, which beats a country-only rule; ties go to the higher priority, then the
    smaller rule id. A rule with a region or pattern needs the address to have one. Countries and regions
    compare case-insensitively."""
    wanted = _country(country)
    best: dict[int, tuple[int, int, int, str]] = {}
    for candidate in candidates:
        rank = _rank(candidate, region, postcode) if _country(candidate.country) == wanted else None
        if rank is not None and (candidate.level not in best or rank < best[candidate.level]):
            best[candidate.level] = rank
    return [best[level][3] for level in sorted(best)]
