"""The upgrade path and the operator's commands, end to end on a database of their own: migration
20261125_0007 encrypts the TOTP secrets that exist, `mpanel secrets rotate` moves them to a new
key while the old one is still readable, `mpanel secrets status` shows it, and a missing key stops
the command with a clear message."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from mpanel.core import crypto
from mpanel.db import migrate
from mpanel.db.engine import create_engine as create_async_engine
from mpanel.db.engine import create_sessionmaker
from mpanel.db.urls import DatabaseUrls, resolve
from mpanel.settings import DEV_SECRET
from tests.conftest import create_database, drop_database, make_settings
from tests.db.test_encrypted_secrets import enrol
from tests.factories.tenants import make_tenant
from tests.integration.conftest import base_env, mpanel_command

CLEAR = "JBSWY3DPEHPK3PXP"
NEW = "the operator's brand-new secret key, 32+ chars"

pytestmark = pytest.mark.slow


@pytest.fixture
def fresh(server_url: URL) -> Iterator[DatabaseUrls]:
    name = f"mpanel_cli_{uuid.uuid4().hex[:10]}"
    urls = resolve(make_settings(create_database(server_url, name)))
    yield urls
    drop_database(server_url, name)


def stored_totp(urls: DatabaseUrls, tenant_id: uuid.UUID) -> str:
    engine = create_engine(urls.owner.set(drivername="postgresql+psycopg"))
    try:
        with engine.begin() as connection:
            connection.execute(text("select set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id)})
            value: str = connection.execute(text("select totp_secret from users")).scalar_one()
            return value
    finally:
        engine.dispose()


def mpanel(urls: DatabaseUrls, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = base_env(DATABASE_URL=urls.owner.render_as_string(hide_password=False), MPANEL_ENV="test", **env)
    return subprocess.run(mpanel_command(*args), env=environment, capture_output=True, text=True, timeout=120)


class TestUpgradeAndRotate:
    async def test_existing_secrets_are_encrypted_then_rotated_by_the_cli(self, fresh: DatabaseUrls) -> None:
        settings = make_settings(fresh.owner)
        migrate.upgrade(fresh, settings, "20261125_0006")
        engine = create_async_engine(fresh.app, pool_size=1)
        tenant = await make_tenant(create_sessionmaker(engine))
        await engine.dispose()
        owner = create_engine(fresh.owner.set(drivername="postgresql+psycopg"))
        with owner.begin() as connection:
            connection.execute(text("select set_config('app.tenant_id', :t, true)"), {"t": str(tenant.id)})
            connection.execute(text("update users set totp_secret = :s"), {"s": CLEAR})
        owner.dispose()

        migrate.upgrade(fresh, settings)
        dev = crypto.Keyring.from_secrets(DEV_SECRET)
        migrated = stored_totp(fresh, tenant.id)
        assert CLEAR not in migrated
        assert crypto.key_id_of(migrated) == dev.current.id
        assert dev.decrypt(migrated) == CLEAR

        rotated = mpanel(fresh, "secrets", "rotate", MPANEL_SECRET_KEY=NEW, MPANEL_SECRET_KEYS_PREVIOUS=DEV_SECRET)
        assert rotated.returncode == 0, rotated.stderr + rotated.stdout
        new_id = crypto.Key.derive(NEW).id
        assert "users.totp_secret: 1 re-encrypted" in rotated.stdout
        assert new_id in rotated.stdout
        value = stored_totp(fresh, tenant.id)
        assert crypto.key_id_of(value) == new_id
        assert crypto.Keyring.from_secrets(NEW).decrypt(value) == CLEAR

        status = mpanel(fresh, "secrets", "status", MPANEL_SECRET_KEY=NEW)
        assert status.returncode == 0, status.stderr + status.stdout
        assert f"users.totp_secret: {new_id}: 1" in status.stdout

        # The downgrade gives the clear value back (with a keyring that reads it).
        with crypto.using(None):
            migrate.downgrade(fresh, make_settings(fresh.owner, MPANEL_SECRET_KEY=NEW), "20261125_0006")
        assert stored_totp(fresh, tenant.id) == CLEAR

    async def test_rotate_without_the_old_key_names_the_missing_key(self, fresh: DatabaseUrls) -> None:
        migrate.upgrade(fresh, make_settings(fresh.owner))
        engine = create_async_engine(fresh.app, pool_size=1)
        with crypto.using(crypto.Keyring.from_secrets(DEV_SECRET)):
            tenant = await make_tenant(create_sessionmaker(engine))
            await enrol(create_sessionmaker(engine), tenant.owner)
        await engine.dispose()
        result = mpanel(fresh, "secrets", "rotate", MPANEL_SECRET_KEY=NEW)
        assert result.returncode == 1
        assert "users.totp_secret" in result.stdout
        assert "not in the keyring" in result.stdout
        assert "Traceback" not in result.stdout + result.stderr
