"""Tax rules per place, and which of them apply to a customer."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.billing.settings import BillingSettings
from mpanel.billing.tax.calculate import TaxRate
from mpanel.billing.tax.models import TaxRule
from mpanel.billing.tax.place import RuleCandidate, TaxDecision, TaxParty, decide, match_rules
from mpanel.billing.tax.schemas import TaxRuleCreate, TaxRuleSort, TaxRuleUpdate
from mpanel.core.errors import Invalid
from mpanel.core.schemas import reject_cleared
from mpanel.customers.models import Customer
from mpanel.db.lookup import one_or_not_found
from mpanel.db.pagination import keyset_page, sort_by, sort_fields

TAX_RULE_SORT = sort_fields(
    TaxRuleSort,
    {
        "name": TaxRule.name,
        "country": TaxRule.country,
        "rate": TaxRule.rate,
        "priority": TaxRule.priority,
        "createdAt": TaxRule.created_at,
    },
)


async def get(session: AsyncSession, actor: Principal, rule_id: uuid.UUID) -> TaxRule:
    return await one_or_not_found(session, select(TaxRule).where(TaxRule.id == rule_id), "tax rule", rule_id)


async def list_rules(
    session: AsyncSession,
    actor: Principal,
    *,
    limit: int,
    cursor: str | None = None,
    country: str | None = None,
    sort: str | None = None,
) -> tuple[list[TaxRule], str | None]:
    stmt = select(TaxRule)
    if country:
        stmt = stmt.where(TaxRule.country == country.upper())
    return await keyset_page(
        session,
        stmt,
        created_at=TaxRule.created_at,
        row_id=TaxRule.id,
        limit=limit,
        cursor=cursor,
        sort=sort_by(sort, TAX_RULE_SORT),
    )


def _check_compound(level: int, compound: bool) -> None:
    if compound and level != 2:
        raise Invalid(
            "Only a level-2 rule can be compound.", details=[{"field": "compound", "message": "needs level 2"}]
        )


async def create(session: AsyncSession, actor: Principal, data: TaxRuleCreate) -> TaxRule:
    _check_compound(data.level, data.compound)
    rule = TaxRule(**data.model_dump())
    session.add(rule)
    await audit.record(session, actor, "tax_rule.create", rule)
    return rule


async def update(session: AsyncSession, actor: Principal, rule_id: uuid.UUID, data: TaxRuleUpdate) -> TaxRule:
    rule = await get(session, actor, rule_id)
    before = audit.snapshot(rule)
    changes = data.model_dump(exclude_unset=True)
    reject_cleared(changes, "name", "country", "rate", "level", "compound", "priority", "active")
    for key, value in changes.items():
        setattr(rule, key, value)
    _check_compound(rule.level, rule.compound)
    await audit.record(session, actor, "tax_rule.update", rule, before=before)
    return rule


async def delete(session: AsyncSession, actor: Principal, rule_id: uuid.UUID) -> None:
    rule = await get(session, actor, rule_id)
    before = audit.snapshot(rule)
    await session.delete(rule)
    await audit.record(
        session, actor, "tax_rule.delete", entity_type="tax_rules", entity_id=str(rule_id), before=before
    )


@dataclass(frozen=True)
class ApplicableTax:
    decision: TaxDecision
    rates: tuple[TaxRate, ...]


async def active_rules(session: AsyncSession) -> list[TaxRule]:
    return list(await session.scalars(select(TaxRule).where(TaxRule.active)))


def rates_for(rules: list[TaxRule], buyer: TaxParty, settings: BillingSettings) -> ApplicableTax:
    """The regime for this buyer (exempt, reverse charge, OSS...) and the rates that apply to
    their address: the most specific active rule of each level. Pure, so the billing run can
    decide for many customers from one load of the rules."""
    decision = decide(settings.country or buyer.country, buyer, oss_enabled=settings.oss_enabled)
    if decision.country is None:
        return ApplicableTax(decision, ())
    place = decision.country
    at_home = place == buyer.country.upper()
    candidates = [r for r in rules if r.country == place]
    chosen = set(
        match_rules(
            [
                RuleCandidate(str(r.id), r.country, r.region, r.postcode_pattern, r.level, r.priority)
                for r in candidates
            ],
            place,
            buyer.region if at_home else None,
            buyer.postcode if at_home else None,
        )
    )
    rates = tuple(
        TaxRate(str(r.id), r.name, r.rate, r.level, r.compound)
        for r in sorted(candidates, key=lambda r: r.level)
        if str(r.id) in chosen
    )
    return ApplicableTax(decision, rates)


def party(customer: Customer) -> TaxParty:
    return TaxParty(
        country=customer.country,
        region=customer.region,
        postcode=customer.postcode,
        vat_id=customer.vat_id,
        tax_exempt=customer.tax_exempt,
    )


async def applicable(session: AsyncSession, customer: Customer, settings: BillingSettings) -> ApplicableTax:
    return rates_for(await active_rules(session), party(customer), settings)
