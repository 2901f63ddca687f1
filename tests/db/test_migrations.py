"""Migrations on a real database: empty to head, head back to empty, and no drift between the
models and what the migrations build."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL

from mpanel.db import migrate
from mpanel.db.registry import Base
from mpanel.db.urls import DatabaseUrls, resolve
from tests.conftest import create_database, drop_database, make_settings


@pytest.fixture
def empty_database(server_url: URL) -> Iterator[DatabaseUrls]:
    name = f"mpanel_mig_{uuid.uuid4().hex[:10]}"
    owner = create_database(server_url, name)
    yield resolve(make_settings(owner))
    drop_database(server_url, name)


def _tables(url: URL) -> set[str]:
    engine = create_engine(url.set(drivername="postgresql+psycopg"))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


class TestMigrations:
    def test_upgrade_to_head_then_downgrade_to_base(self, empty_database: DatabaseUrls) -> None:
        settings = make_settings(empty_database.owner)
        migrate.upgrade(empty_database, settings)
        assert {"tenants", "users", "refresh_tokens", "audit_logs", "procrastinate_jobs"} <= _tables(
            empty_database.owner
        )
        migrate.downgrade(empty_database, settings)
        assert _tables(empty_database.owner) <= {"alembic_version"}
        engine = create_engine(empty_database.owner.set(drivername="postgresql+psycopg"))
        with engine.connect() as connection:
            leftovers = connection.execute(
                text(
                    "select proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace "
                    "where n.nspname = 'public' and (proname like 'mpanel%' or proname like 'procrastinate%')"
                )
            ).all()
        engine.dispose()
        assert leftovers == []
        migrate.upgrade(empty_database, settings)  # and up again, cleanly
        assert "users" in _tables(empty_database.owner)

    def test_models_match_the_migrated_schema(self, database: DatabaseUrls) -> None:
        engine = create_engine(database.owner.set(drivername="postgresql+psycopg"))
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
        engine.dispose()
        ours = [d for d in diff if "procrastinate" not in str(d)]
        assert ours == []


class TestSchemaRules:
    def test_no_float_columns(self) -> None:
        from sqlalchemy import Float

        floats = [
            f"{t.name}.{c.name}" for t in Base.metadata.sorted_tables for c in t.columns if isinstance(c.type, Float)
        ]
        assert floats == []

    def test_tenant_tables_have_composite_keys(self) -> None:
        for table in Base.metadata.sorted_tables:
            if "tenant_id" in table.columns:
                key = [c.name for c in table.primary_key.columns]
                assert key[0] == "tenant_id", table.name
                assert key == ["tenant_id", "id"] or "id" not in table.columns, table.name

    def test_every_tenant_table_reaches_tenants_through_its_keys(self) -> None:
        """A tenant table references `tenants` itself, or a parent through a NOT NULL composite key
        (tenant_id, parent_id) whose chain does: a row never outlives or escapes its tenant."""

        def parents(table: Any) -> set[str]:
            found = set()
            for key in table.foreign_key_constraints:
                columns = [c.name for c in key.columns]
                if key.referred_table.name == "tenants" and columns == ["tenant_id"]:
                    found.add("tenants")
                elif columns[0] == "tenant_id" and all(not c.nullable for c in key.columns):
                    found.add(key.referred_table.name)
            return found

        tables = {t.name: t for t in Base.metadata.sorted_tables if "tenant_id" in t.columns}

        def reaches(name: str, seen: frozenset[str] = frozenset()) -> bool:
            direct = parents(tables[name])
            return "tenants" in direct or any(
                p not in seen and reaches(p, seen | {name}) for p in direct if p in tables
            )

        assert [name for name in tables if not reaches(name)] == []
        children = {"invoices", "invoice_items", "invoice_taxes", "subscriptions"}
        assert {name for name in children if "tenants" in parents(tables[name])} == set()
