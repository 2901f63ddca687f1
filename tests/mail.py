"""Helpers for e-mail tests: settings pointing at the loopback SMTP server, an object store, the
outbox as the tenant sees it, and the parts of a delivered message."""

from __future__ import annotations

import uuid
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.db.session import tenant_session
from mpanel.notifications.models import OutboxEmail
from mpanel.notifications.sending import SendReport, send_due
from mpanel.settings import Settings
from mpanel.storage import ObjectStore


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
