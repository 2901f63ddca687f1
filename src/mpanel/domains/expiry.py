"""The daily domain lifecycle, per tenant and day (part of the billing run, `run.run_tenant`).

A domain past its expiry date moves down the ladder its TLD sets: grace (`grace_days`, renewable
at the renewal price), then redemption (`redemption_days`, restorable for the redemption fee),
then cancelled (the name is released). The dates are fixed on the domain when it expires, so a
later change of the TLD does not move them. With no grace days the domain goes through
`expired` straight to redemption. Every step is a lifecycle transition (domain event and audit
row) and the customer-facing ones are billing events (`domain.expired`, `domain.redemption`,
`domain.released`) keyed by domain and expiry, so a second run the same day changes nothing.
Nothing is invoiced here: auto-renewing domains are invoiced through their subscription by the
billing run, and the paid invoice renews them (`service.schedule_paid_renewals`)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.auth.principal import Principal
from mpanel.billing import events
from mpanel.catalog.tlds.models import Tld
from mpanel.domains import service as domains
from mpanel.domains.models import Domain, DomainStatus

S = DomainStatus
_LIVE = (S.ACTIVE, S.EXPIRED, S.GRACE, S.REDEMPTION)
_RANK = {S.ACTIVE: 0, S.EXPIRED: 1, S.GRACE: 1, S.REDEMPTION: 2, S.CANCELLED: 3}


def target(domain: Domain, day: date) -> DomainStatus:
    """Where the domain's dates put it on `day` (it expires the day after `expires_at`)."""
    assert domain.expires_at is not None
    assert domain.grace_ends_on is not None
    assert domain.redemption_ends_on is not None
    if day <= domain.expires_at:
        return S.ACTIVE
    if day <= domain.grace_ends_on:
        return S.GRACE
    if day <= domain.redemption_ends_on:
        return S.REDEMPTION
    return S.CANCELLED


def next_step(current: DomainStatus, goal: DomainStatus, *, has_grace: bool) -> DomainStatus:
    """One step down the ladder active -> grace (or expired) -> redemption -> cancelled."""
    if current is S.ACTIVE:
        return S.GRACE if has_grace else S.EXPIRED
    if current is S.EXPIRED and goal is S.GRACE:
        return S.GRACE
    return S.REDEMPTION if current in (S.EXPIRED, S.GRACE) else S.CANCELLED


async def _billing_event(session: AsyncSession, domain: Domain, kind: str, day: date) -> None:
    await events.emit(
        session,
        kind,
        customer_id=domain.customer_id,
        subscription_id=domain.subscription_id,
        domain_id=domain.id,
        dedupe_key=f"{kind}:{domain.id}:{domain.expires_at}",
        day=day,
    )


def _event_kind(previous: DomainStatus, status: DomainStatus) -> str | None:
    if previous is S.ACTIVE:
        return "domain.expired"
    return {S.REDEMPTION: "domain.redemption", S.CANCELLED: "domain.released"}.get(status)


async def advance(session: AsyncSession, actor: Principal, day: date) -> int:
    """Move every domain past its expiry to where its dates say; returns the number of steps."""
    rows = await session.execute(
        select(Domain, Tld.grace_days, Tld.redemption_days)
        .join(Tld, (Tld.tenant_id == Domain.tenant_id) & (Tld.tld == Domain.tld))
        .where(Domain.status.in_(_LIVE), Domain.expires_at < day)
        .order_by(Domain.expires_at, Domain.id)
        .with_for_update(of=Domain)
    )
    steps = 0
    for domain, grace_days, redemption_days in rows:
        assert domain.expires_at is not None
        if domain.grace_ends_on is None or domain.redemption_ends_on is None:
            domain.grace_ends_on = domain.expires_at + timedelta(days=grace_days)
            domain.redemption_ends_on = domain.grace_ends_on + timedelta(days=redemption_days)
        goal = target(domain, day)
        while _RANK[domain.status] < _RANK[goal]:
            previous = domain.status
            status = next_step(previous, goal, has_grace=domain.grace_ends_on > domain.expires_at)
            await domains.transition(session, actor, domain.id, status, note=f"expiry run of {day}")
            kind = _event_kind(previous, status)
            if kind is not None:
                await _billing_event(session, domain, kind, day)
            steps += 1
    return steps
