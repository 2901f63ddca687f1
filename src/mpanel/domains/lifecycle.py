"""The domain lifecycle as one table (pure). Every status change goes through `check_transition`.

A registration or transfer starts `pending` and becomes `active` when the registrar confirms it.
An active domain that is not renewed goes `expired` -> `grace` -> `redemption`; renewing brings
it back to `active` from any of them (from redemption for the redemption fee). `active` is reached
only through the registrar; staff mark the other statuses (later also the daily lifecycle job).
`cancelled` and `transferred-away` are final: the name is released, and registering it again
makes a new row.
"""

from __future__ import annotations

from datetime import date

from mpanel.billing.cycles import BillingCycle, add_cycle
from mpanel.core.errors import Conflict
from mpanel.domains.models import DomainStatus

S = DomainStatus

ALLOWED: dict[DomainStatus, frozenset[DomainStatus]] = {
    S.PENDING: frozenset({S.ACTIVE, S.CANCELLED}),
    S.ACTIVE: frozenset({S.EXPIRED, S.GRACE, S.TRANSFERRED_AWAY, S.CANCELLED}),
    S.EXPIRED: frozenset({S.ACTIVE, S.GRACE, S.REDEMPTION, S.CANCELLED}),
    S.GRACE: frozenset({S.ACTIVE, S.REDEMPTION, S.CANCELLED}),
    S.REDEMPTION: frozenset({S.ACTIVE, S.CANCELLED}),
    S.TRANSFERRED_AWAY: frozenset(),
    S.CANCELLED: frozenset(),
}

# Renewal keeps an active domain active and brings these back to active.
RENEWABLE = frozenset({S.ACTIVE, S.EXPIRED, S.GRACE, S.REDEMPTION})
# Statuses staff may set by hand (`active` needs the registrar's confirmation).
MARKABLE = frozenset({S.EXPIRED, S.GRACE, S.REDEMPTION, S.TRANSFERRED_AWAY, S.CANCELLED})
# A registry locks names in these statuses: no nameserver changes.
NAMESERVERS_LOCKED = frozenset({S.REDEMPTION, S.TRANSFERRED_AWAY, S.CANCELLED})


class DomainTransitionRefused(Conflict):
    code = "domain_transition_refused"

    def __init__(self, current: DomainStatus, target: DomainStatus) -> None:
        allowed = ", ".join(sorted(s.value for s in ALLOWED[current])) or "none"
        super().__init__(
            f"A {current.value} domain cannot become {target.value} (allowed: {allowed}).",
            details=[{"field": "status", "message": f"{current.value} -> {target.value} is not allowed"}],
        )


def can_transition(current: DomainStatus, target: DomainStatus) -> bool:
    return target in ALLOWED[current]


def check_transition(current: DomainStatus, target: DomainStatus) -> None:
    """Refuse (409) a status change the lifecycle does not allow."""
    if not can_transition(current, target):
        raise DomainTransitionRefused(current, target)


def add_years(start: date, years: int) -> date:
    """`years` years after `start`, keeping its day (Feb 29 becomes Feb 28 in other years)."""
    end = start
    for _ in range(years):
        end = add_cycle(end, BillingCycle.ANNUAL, anchor_day=start.day)
    return end
