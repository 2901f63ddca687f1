from __future__ import annotations

import itertools

import pytest

from mpanel.domains.lifecycle import ALLOWED, MARKABLE, DomainTransitionRefused, check_transition
from mpanel.domains.models import DomainStatus as S

EXPECTED = {
    (S.PENDING, S.ACTIVE),
    (S.PENDING, S.CANCELLED),
    (S.ACTIVE, S.EXPIRED),
    (S.ACTIVE, S.GRACE),
    (S.ACTIVE, S.TRANSFERRED_AWAY),
    (S.ACTIVE, S.CANCELLED),
    (S.EXPIRED, S.ACTIVE),
    (S.EXPIRED, S.GRACE),
    (S.EXPIRED, S.REDEMPTION),
    (S.EXPIRED, S.CANCELLED),
    (S.GRACE, S.ACTIVE),
    (S.GRACE, S.REDEMPTION),
    (S.GRACE, S.CANCELLED),
    (S.REDEMPTION, S.ACTIVE),
    (S.REDEMPTION, S.CANCELLED),
}


class TestCheckTransition:
    def test_the_table_covers_every_status(self) -> None:
        assert set(ALLOWED) == set(S)

    @pytest.mark.parametrize(("current", "target"), list(itertools.product(S, S)), ids=lambda s: s.value)
    def test_exactly_the_lifecycle_moves_are_allowed(self, current: S, target: S) -> None:
        if (current, target) in EXPECTED:
            check_transition(current, target)
        else:
            with pytest.raises(DomainTransitionRefused) as refused:
                check_transition(current, target)
            assert refused.value.status == 409

    def test_released_domains_are_final_and_active_needs_the_registrar(self) -> None:
        assert ALLOWED[S.CANCELLED] == ALLOWED[S.TRANSFERRED_AWAY] == frozenset()
        assert S.ACTIVE not in MARKABLE
        assert S.PENDING not in MARKABLE
