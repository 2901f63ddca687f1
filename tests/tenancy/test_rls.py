"""Row-level security, checked in SQL as the application role."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.db.registry import Base
from mpanel.db.session import set_scope
from tests.factories.tenants import make_tenant

TENANT_TABLES = sorted(t.name for t in Base.metadata.sorted_tables if "tenant_id" in t.columns)


class TestRowLevelSecurity:
    async def test_every_tenant_table_enables_and_forces_it(self, session: AsyncSession) -> None:
        rows = await session.execute(
            text(
                "select c.relname, c.relrowsecurity, c.relforcerowsecurity from pg_class c "
                "join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' "
                "join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'"
            )
        )
        found = {r.relname: (r.relrowsecurity, r.relforcerowsecurity) for r in rows}
        assert set(found) == set(TENANT_TABLES)
        assert all(flags == (True, True) for flags in found.values()), found

    async def test_the_application_role_is_neither_owner_nor_superuser(self, session: AsyncSession) -> None:
        role = (
            await session.execute(
                text("select rolsuper, rolbypassrls, rolcreaterole from pg_roles where rolname = current_user")
            )
        ).one()
        assert tuple(role) == (False, False, False)
        owned = await session.scalar(
            text("select count(*) from pg_tables where schemaname = 'public' and tableowner = current_user")
        )
        assert owned == 0

    async def test_rows_of_another_tenant_are_invisible(
        self, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        a, b = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
        await set_scope(session, a.id)
        emails = set((await session.scalars(text("select email from users"))).all())
        assert emails == {a.owner_email}
        assert await session.scalar(text("select count(*) from users where tenant_id = :b"), {"b": b.id}) == 0
        assert await session.scalar(text("select count(*) from audit_logs where tenant_id = :b"), {"b": b.id}) == 0

    async def test_with_no_tenant_set_nothing_is_visible(
        self, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        await make_tenant(sessionmaker)
        for table in TENANT_TABLES:
            assert await session.scalar(text(f"select count(*) from {table}")) == 0, table
        assert await session.scalar(text("select count(*) from tenants")) == 0

    async def test_inserting_a_row_for_another_tenant_fails(
        self, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        a, b = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
        await set_scope(session, a.id)
        with pytest.raises(DBAPIError, match="row-level security"):
            await session.execute(
                text(
                    "insert into users (tenant_id, email, name, role, password_hash, is_active) "
                    "values (:b, 'x@example.com', 'x', 'admin', 'h', true)"
                ),
                {"b": b.id},
            )

    async def test_the_audit_trail_cannot_be_rewritten(
        self, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        a = await make_tenant(sessionmaker)
        await set_scope(session, a.id)
        with pytest.raises(DBAPIError, match="permission denied"):
            await session.execute(text("update audit_logs set action = 'x'"))

    async def test_updating_another_tenants_rows_touches_nothing(
        self, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        a, b = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
        await set_scope(session, a.id)
        result = await session.execute(text("update users set name = 'hacked' where tenant_id = :b"), {"b": b.id})
        assert result.rowcount == 0  # type: ignore[attr-defined]

    async def test_moving_a_row_to_another_tenant_is_refused(
        self, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        a, b = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
        await set_scope(session, a.id)
        with pytest.raises(DBAPIError, match="row-level security"):
            await session.execute(text("update users set tenant_id = :b"), {"b": b.id})

    async def test_a_random_tenant_id_sees_nothing(
        self, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        await make_tenant(sessionmaker)
        await set_scope(session, uuid.uuid4())
        assert await session.scalar(text("select count(*) from users")) == 0
