"""Putting e-mails in the outbox and waking the sender: what other domains call (billing events
reach the outbox by a trigger instead). Imports no other domain's service."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.notifications.kinds import KINDS
from mpanel.notifications.models import OutboxEmail
from mpanel.users.models import User


async def queue_user_email(session: AsyncSession, kind: str, user: User, *, secret: str | None = None) -> OutboxEmail:
    """Queue an e-mail to a user in the caller's transaction (the insert wakes the sender)."""
    if kind not in KINDS:
        raise ValueError(f"unknown e-mail kind {kind!r}")
    email = OutboxEmail(kind=kind, to_address=user.email, user_id=user.id, customer_id=user.customer_id, secret=secret)
    session.add(email)
    await session.flush()
    return email


async def wake(session: AsyncSession, tenant_id: uuid.UUID) -> None:
    """Make sure a send job is waiting for the tenant, in the caller's transaction (the SQL
    function the outbox trigger uses too)."""
    await session.execute(text("select mpanel_email_kick(:tenant)"), {"tenant": tenant_id})


async def due_tenants(session: AsyncSession) -> list[uuid.UUID]:
    """Tenants with e-mail due now (a narrow SECURITY DEFINER lookup across tenants)."""
    return list(await session.scalars(text("select mpanel_email_due_tenants()")))
