"""Cluster roles are shared by every database of a PostgreSQL server, so two `mpanel migrate` runs
at once (two databases, or replicas starting together) race on the same pg_authid rows;
`ensure_roles` retries the loser instead of failing the migration."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError

from mpanel.db import roles
from mpanel.db.roles import ensure_roles, lookup_role
from mpanel.db.urls import DatabaseUrls

RACERS = 8


@pytest.fixture
def owner_engine(database: DatabaseUrls) -> Iterator[Engine]:
    engine = create_engine(database.for_driver(database.owner, "psycopg"), pool_size=RACERS + 2)
    yield engine
    engine.dispose()


@pytest.fixture
def app_role(owner_engine: Engine) -> Iterator[str]:
    name = f"mpanel_race_{uuid.uuid4().hex[:8]}"
    yield name
    with owner_engine.begin() as connection:
        connection.exec_driver_sql(f"drop role if exists {name}")
        if connection.scalar(text("select 1 from pg_roles where rolname = :r"), {"r": lookup_role(name)}):
            connection.exec_driver_sql(f"revoke {lookup_role(name)} from current_user")
            connection.exec_driver_sql(f"drop role {lookup_role(name)}")


def race(engine: Engine, app_role: str) -> list[BaseException | None]:
    def one(index: int) -> BaseException | None:
        try:
            ensure_roles(engine, app_role, f"password-{index}")
        except DBAPIError as exc:
            return exc
        return None

    with ThreadPoolExecutor(RACERS) as pool:
        return list(pool.map(one, range(RACERS)))


class TestEnsureRoles:
    def test_concurrent_runs_all_succeed_and_leave_both_roles(self, owner_engine: Engine, app_role: str) -> None:
        for _ in range(3):
            assert race(owner_engine, app_role) == [None] * RACERS
        with owner_engine.connect() as connection:
            found = connection.scalars(
                text("select rolname from pg_roles where rolname in (:a, :l) order by rolname"),
                {"a": app_role, "l": lookup_role(app_role)},
            ).all()
            can_login = connection.scalar(text("select rolcanlogin from pg_roles where rolname = :a"), {"a": app_role})
        assert found == sorted([app_role, lookup_role(app_role)])
        assert can_login is True

    def test_without_retries_the_race_does_fail(
        self, owner_engine: Engine, app_role: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """What the retry is for: PostgreSQL does refuse one of two concurrent role updates."""
        monkeypatch.setattr(roles, "ROLE_ATTEMPTS", 1)
        failures = [error for _ in range(10) for error in race(owner_engine, app_role) if error is not None]
        assert failures, "no concurrent role update was refused in 10 races"
        assert any("concurrently" in str(e) or "duplicate key" in str(e) for e in failures), failures[0]
