"""Secrets at rest on the real database: the owner reading the raw column sees only ciphertext,
rotation moves every value to the current key and keeps it readable, and a missing key is a clear
error."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator

import pyotp
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth import service as auth
from mpanel.auth.principal import Principal
from mpanel.core import crypto
from mpanel.db import migrate
from mpanel.db import secrets as stored_secrets
from mpanel.db.encrypted import EncryptedText
from mpanel.db.engine import create_engine as create_async_engine
from mpanel.db.engine import create_sessionmaker
from mpanel.db.session import tenant_session
from mpanel.db.urls import DatabaseUrls, resolve
from mpanel.users.models import Role, User
from tests.conftest import create_database, drop_database, make_settings
from tests.factories.tenants import make_tenant, make_user

OLD = "rotation test: the old key secret"
NEW = "rotation test: the new key secret"


@pytest.fixture(scope="module")
def owner(database: DatabaseUrls) -> Iterator[Engine]:
    engine = create_engine(database.owner.set(drivername="postgresql+psycopg"))
    yield engine
    engine.dispose()


def raw_totp(owner: Engine, tenant_id: uuid.UUID, user_id: uuid.UUID) -> str | None:
    """The stored column, read as the table owner (scoped, in case the owner is no superuser)."""
    with owner.begin() as connection:
        connection.execute(text("select set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id)})
        stored: str | None = connection.scalar(
            text("select totp_secret from users where tenant_id = :t and id = :id"), {"t": tenant_id, "id": user_id}
        )
        return stored


async def enrol(sessionmaker: async_sessionmaker[AsyncSession], user: User) -> str:
    actor = Principal.for_user(
        user_id=user.id, tenant_id=user.tenant_id, role=user.role, email=user.email, is_platform_operator=False
    )
    async with tenant_session(sessionmaker, user.tenant_id) as session:
        return (await auth.enroll_totp(session, actor)).secret


async def read_secret(sessionmaker: async_sessionmaker[AsyncSession], user: User) -> str | None:
    async with tenant_session(sessionmaker, user.tenant_id) as session:
        stored: str | None = await session.scalar(select(User.totp_secret).where(User.id == user.id))
        return stored


async def enrolled_users(sessionmaker: async_sessionmaker[AsyncSession], count: int) -> list[tuple[User, str]]:
    enrolled = []
    for _ in range(2):
        tenant = await make_tenant(sessionmaker)
        for _ in range(count):
            user = await make_user(sessionmaker, tenant.id, Role.ADMIN)
            enrolled.append((user, await enrol(sessionmaker, user)))
    return enrolled


class TestEncryptedColumn:
    async def test_the_database_never_holds_the_clear_totp_secret(
        self, sessionmaker: async_sessionmaker[AsyncSession], owner: Engine
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        secret = await enrol(sessionmaker, tenant.owner)
        stored = raw_totp(owner, tenant.id, tenant.owner.id)
        assert stored is not None
        assert secret not in stored
        assert stored.startswith(f"v1:{crypto.keyring().current.id}:")
        assert await read_secret(sessionmaker, tenant.owner) == secret
        assert pyotp.TOTP(secret).now()  # a usable secret came back

    async def test_no_clear_value_in_any_encrypted_column(
        self, sessionmaker: async_sessionmaker[AsyncSession], owner: Engine
    ) -> None:
        await enrolled_users(sessionmaker, 1)
        with owner.begin() as connection:
            for spec in stored_secrets.encrypted_tables():
                for column in spec.columns:
                    clear = connection.scalar(
                        text(
                            f"select count(*) from {spec.table.name} "
                            f"where {column.name} is not null and {column.name} !~ '^v1:[0-9a-f]{{16}}:'"
                        )
                    )
                    assert clear == 0, f"{spec.table.name}.{column.name} holds a value that is not ciphertext"

    def test_the_registry_lists_the_totp_secret(self) -> None:
        names = [name for spec in stored_secrets.encrypted_tables() for name in spec.names()]
        assert "users.totp_secret" in names

    def test_sql_comparison_with_a_clear_value_is_refused(self) -> None:
        with pytest.raises(TypeError, match="cannot be compared"):
            select(User).where(User.totp_secret == "JBSWY3DPEHPK3PXP")

    def test_too_long_a_value_is_refused_before_the_database(self) -> None:
        with pytest.raises(ValueError, match="longer than 64"):
            EncryptedText(64).process_bind_param("x" * 65, None)

    async def test_missing_key_is_a_clear_error_not_garbage(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        await enrol(sessionmaker, tenant.owner)
        with (
            crypto.using(crypto.Keyring.from_secrets(NEW)),
            pytest.raises(crypto.DecryptionError, match="not in the keyring"),
        ):
            await read_secret(sessionmaker, tenant.owner)


@pytest.fixture(scope="module")
async def isolated(server_url: URL) -> AsyncIterator[tuple[async_sessionmaker[AsyncSession], Engine]]:
    """A database of its own: rotation rewrites every row, which other tests' keyring must not see."""
    name = f"mpanel_rot_{uuid.uuid4().hex[:10]}"
    urls = resolve(make_settings(create_database(server_url, name)))
    await asyncio.to_thread(migrate.upgrade, urls, make_settings(urls.owner))
    engine = create_async_engine(urls.app, pool_size=2)
    owner = create_engine(urls.owner.set(drivername="postgresql+psycopg"))
    yield create_sessionmaker(engine), owner
    owner.dispose()
    await engine.dispose()
    drop_database(server_url, name)


def keys(current: str, *previous: str) -> crypto.Keyring:
    return crypto.Keyring.from_secrets(current, list(previous))


class TestRotate:
    async def test_rotation_changes_the_key_id_and_keeps_values_readable(
        self, isolated: tuple[async_sessionmaker[AsyncSession], Engine]
    ) -> None:
        sessionmaker, owner = isolated
        with crypto.using(keys(OLD)):
            enrolled = await enrolled_users(sessionmaker, 3)
        with crypto.using(keys(NEW, OLD)):
            batches: list[int] = []
            report = await stored_secrets.rotate(sessionmaker, batch_size=2, on_batch=lambda _t, n: batches.append(n))
            assert report.key_id == keys(NEW).current.id != keys(OLD).current.id
            assert report.rotated["users.totp_secret"] == len(enrolled)
            assert max(batches) == 2
            for user, secret in enrolled:
                stored = raw_totp(owner, user.tenant_id, user.id)
                assert stored is not None
                assert crypto.key_id_of(stored) == report.key_id
                assert secret not in stored
            assert (await stored_secrets.rotate(sessionmaker)).total == 0
        # Once rotated, the new key alone reads everything: the old one can be retired.
        with crypto.using(keys(NEW)):
            for user, secret in enrolled:
                assert await read_secret(sessionmaker, user) == secret
            usage = await stored_secrets.key_usage(sessionmaker)
            assert usage["users.totp_secret"] == {keys(NEW).current.id: len(enrolled)}

    async def test_rotation_without_the_old_key_stops_with_a_clear_error(
        self, isolated: tuple[async_sessionmaker[AsyncSession], Engine]
    ) -> None:
        sessionmaker, _owner = isolated
        lost = "a key nobody kept, long enough"
        with crypto.using(keys(lost)):
            enrolled = await enrolled_users(sessionmaker, 1)
        try:
            with (
                crypto.using(keys(NEW, OLD)),
                pytest.raises(crypto.DecryptionError, match=r"users\.totp_secret .*not in the keyring"),
            ):
                await stored_secrets.rotate(sessionmaker)
        finally:  # leave no unreadable row for the next test
            for tenant_id in {user.tenant_id for user, _secret in enrolled}:
                async with tenant_session(sessionmaker, tenant_id) as session:
                    await session.execute(text("update users set totp_secret = null"))

    async def test_a_value_changed_during_rotation_is_not_overwritten(
        self, isolated: tuple[async_sessionmaker[AsyncSession], Engine]
    ) -> None:
        """Compare-and-set: the application's newer value wins over the rotation's copy."""
        sessionmaker, owner = isolated
        with crypto.using(keys(OLD)):
            tenant = await make_tenant(sessionmaker)
            await enrol(sessionmaker, tenant.owner)

        class Racing(crypto.Keyring):
            """Between the rotation's read and its write, the application saves a new secret."""

            raced = False

            def decrypt(self, token: str) -> str:
                if not self.raced:
                    self.raced = True
                    with owner.begin() as connection:
                        connection.execute(text("select set_config('app.tenant_id', :t, true)"), {"t": str(tenant.id)})
                        connection.execute(
                            text("update users set totp_secret = :s where tenant_id = :t and id = :id"),
                            {"s": self.encrypt("CHANGEDMEANWHILE"), "t": tenant.id, "id": tenant.owner.id},
                        )
                return super().decrypt(token)

        with crypto.using(Racing(crypto.Key.derive(NEW), [crypto.Key.derive(OLD)])):
            report = await stored_secrets.rotate(sessionmaker)
            assert report.changed_meanwhile == 1
            assert await read_secret(sessionmaker, tenant.owner) == "CHANGEDMEANWHILE"
