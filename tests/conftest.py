"""Test fixtures: one fresh database per test run (on DATABASE_URL's server, or the embedded
PostgreSQL when it is unset), migrated by Alembic, used through the application role so
row-level security is live. Tests isolate themselves by creating their own tenants."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from mpanel.app import create_app
from mpanel.db import migrate
from mpanel.db.embedded import embedded_owner_url
from mpanel.db.encrypted import configure_keyring
from mpanel.db.engine import create_engine as create_async_engine
from mpanel.db.engine import create_sessionmaker
from mpanel.db.urls import DatabaseUrls, resolve
from mpanel.settings import Settings
from mpanel.storage import LocalStore, ObjectStore
from tests.servers import SmtpServer, s3_server, smtp_server

__all__ = ["s3_server", "smtp_server"]  # fixtures of real servers, for every test


def _server_owner_url(tmp_root: Path) -> URL:
    raw = os.environ.get("DATABASE_URL")
    return make_url(raw or embedded_owner_url(tmp_root)).set(drivername="postgresql")


def make_settings(owner_url: URL, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "MPANEL_ENV": "test",
        "DATABASE_URL": owner_url.render_as_string(hide_password=False),
        "MPANEL_RUN_WORKER": False,
        "MPANEL_SERVE_UI": False,
        "LOG_FORMAT": "console",
        "LOGIN_RATE_LIMIT_IP": "1000/minute",
        "LOGIN_RATE_LIMIT_ACCOUNT": "5/15minutes",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def create_database(server: URL, name: str) -> URL:
    admin = create_engine(server.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'create database "{name}"'))
    admin.dispose()
    return server.set(database=name)


def drop_database(server: URL, name: str) -> None:
    admin = create_engine(server.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'drop database if exists "{name}" with (force)'))
    admin.dispose()


@contextmanager
def migrated_database(server: URL) -> Iterator[DatabaseUrls]:
    """A fresh database on `server`, migrated to head, dropped afterwards."""
    name = f"mpanel_test_{uuid.uuid4().hex[:12]}"
    owner = create_database(server, name)
    try:
        settings = make_settings(owner)
        urls = resolve(settings)
        migrate.upgrade(urls, settings)
        yield urls
    finally:
        drop_database(server, name)


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> URL:
    return _server_owner_url(tmp_path_factory.mktemp("pg"))


@pytest.fixture(scope="session")
def database(server_url: URL) -> Iterator[DatabaseUrls]:
    with migrated_database(server_url) as urls:
        yield urls


@pytest.fixture(scope="session")
def settings(database: DatabaseUrls, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = make_settings(database.owner, MPANEL_DATA_DIR=str(tmp_path_factory.mktemp("data")))
    configure_keyring(settings)  # what the app, the worker and the CLI do at startup
    return settings


@pytest.fixture(scope="session")
async def engine(database: DatabaseUrls) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(database.app, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session as the application role, in a transaction rolled back after the test."""
    async with sessionmaker() as session:
        await session.begin()
        yield session
        await session.rollback()


@pytest.fixture
async def app(settings: Settings, database: DatabaseUrls) -> AsyncIterator[FastAPI]:
    application = create_app(settings, urls=database, run_worker=False)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.10", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def mail_settings(settings: Settings, database: DatabaseUrls, smtp_server: SmtpServer) -> Settings:
    """The test settings with the loopback SMTP server as the platform's mail server."""
    return make_settings(
        database.owner,
        SMTP_URL=smtp_server.url,
        SMTP_FROM="billing@mpanel.test",
        MPANEL_PUBLIC_URL="https://panel.example.test",
        MPANEL_DATA_DIR=str(settings.data_dir),
    )


@pytest.fixture
def store(tmp_path: Path) -> ObjectStore:
    return LocalStore(tmp_path / "objects")
