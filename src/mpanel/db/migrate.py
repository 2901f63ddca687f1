"""Schema migrations (Alembic), run as the owner: `mpanel migrate` and the test suite."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from mpanel.db.encrypted import configure_keyring
from mpanel.db.roles import ensure_roles
from mpanel.db.urls import DatabaseUrls
from mpanel.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(urls: DatabaseUrls, settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["owner_url"] = urls.for_driver(urls.owner, "psycopg")
    config.attributes["app_role"] = settings.db_app_role
    return config


def upgrade(urls: DatabaseUrls, settings: Settings, revision: str = "heads") -> None:
    engine = create_engine(urls.for_driver(urls.owner, "psycopg"))
    try:
        ensure_roles(engine, settings.db_app_role, settings.db_app_password.get_secret_value())
    finally:
        engine.dispose()
    configure_keyring(settings)  # data migrations encrypt secrets (20261125_0007)
    command.upgrade(alembic_config(urls, settings), revision)


def downgrade(urls: DatabaseUrls, settings: Settings, revision: str = "base") -> None:
    configure_keyring(settings)
    command.downgrade(alembic_config(urls, settings), revision)
