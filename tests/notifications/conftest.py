from __future__ import annotations

import uuid
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.db.session import tenant_session
from mpanel.notifications.models import OutboxEmail
from mpanel.notifications.sending import SendReport, send_due
from mpanel.settings import Settings
from mpanel.storage import LocalStore, ObjectStore
from tests.conftest import make_settings
from tests.servers import SmtpServer


@pytest.fixture
def mail_settings(settings: Settings, smtp_server: SmtpServer) -> Settings:
    """The test settings with the loopback SMTP server as the platform's mail server."""
    assert settings.database_url is not None
    return make_settings(
        make_url(settings.database_url.get_secret_value()),
        SMTP_URL=smtp_server.url,
        SMTP_FROM="billing@mpanel.test",
        MPANEL_PUBLIC_URL="https://panel.example.test",
        MPANEL_DATA_DIR=str(settings.data_dir),
    )


@pytest.fixture
def store(tmp_path: Path) -> ObjectStore:
    return LocalStore(tmp_path / "objects")


async def send(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, settings: Settings, store: ObjectStore
) -> SendReport:
    return await send_due(sessionmaker, tenant_id, settings, store)


async def outbox(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> list[OutboxEmail]:
    async with tenant_session(sessionmaker, tenant_id) as session:
        return list(await session.scalars(select(OutboxEmail).order_by(OutboxEmail.created_at, OutboxEmail.id)))


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None
    assert html is not None
    return str(text.get_content()), str(html.get_content())
