"""Forgotten passwords: a request by e-mail always answers the same (202), whether or not the
address has an account; each account gets a single-use link that expires soon, whose token is
stored as SHA-256 only (the e-mail carries it, and the outbox forgets it once sent). Confirming
sets the password, uses up every open link of the user and ends all their sessions."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit import service as audit
from mpanel.auth.models import PasswordResetToken
from mpanel.auth.ratelimit import LoginLimiter
from mpanel.auth.schemas import PasswordResetConfirm, PasswordResetRequest
from mpanel.auth.service import login_candidates, principal_of
from mpanel.core.context import current_request
from mpanel.core.errors import Invalid
from mpanel.core.security import hash_password, hash_token, new_token
from mpanel.core.time import utcnow
from mpanel.db.session import set_scope
from mpanel.notifications import outbox
from mpanel.settings import Settings
from mpanel.users import service as users
from mpanel.users.models import User


class ResetTokenInvalid(Invalid):
    code = "reset_token_invalid"
    message = "This password reset link is not valid any more. Ask for a new one."

    def __init__(self) -> None:
        super().__init__(details=[{"field": "token", "message": self.message}])


async def _use_up(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    )


async def _issue(session: AsyncSession, settings: Settings, user: User) -> None:
    await _use_up(session, user.id)  # only the newest link works
    token = f"{user.tenant_id}.{new_token()}"
    now = utcnow()
    session.add(
        PasswordResetToken(
            user_id=user.id,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + timedelta(seconds=settings.password_reset_ttl_seconds),
            ip=current_request().ip,
        )
    )
    await outbox.queue_user_email(session, "user.password_reset", user, secret=token)
    await audit.record(session, None, "auth.password_reset_request", entity_type="users", entity_id=str(user.id))


async def request_reset(
    session: AsyncSession, settings: Settings, limiter: LoginLimiter, data: PasswordResetRequest
) -> None:
    """Send a reset link to every active account with this address (in the named tenant only,
    when one is named). Says nothing about whether any exists; throttled per IP (429) and,
    silently, per address."""
    await limiter.count_attempt(current_request().ip)
    if not await limiter.take_account(data.email):
        return
    for candidate in await login_candidates(session, data.email):
        if data.tenant and candidate.tenant_slug != data.tenant.lower():
            continue
        await set_scope(session, candidate.tenant_id)
        user = await users.find_by_email(session, data.email)
        if user is not None and user.is_active:
            await _issue(session, settings, user)
    await set_scope(session, None)


def _token_tenant(token: str) -> uuid.UUID:
    try:
        return uuid.UUID(token.split(".", 1)[0])
    except ValueError as exc:
        raise ResetTokenInvalid() from exc


async def confirm_reset(session: AsyncSession, data: PasswordResetConfirm) -> None:
    await set_scope(session, _token_tenant(data.token))
    stored = await session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == hash_token(data.token)).with_for_update()
    )
    if stored is None or stored.used_at is not None or stored.expires_at <= utcnow():
        raise ResetTokenInvalid()
    user = await session.scalar(select(User).where(User.id == stored.user_id).with_for_update())
    if user is None or not user.is_active:
        raise ResetTokenInvalid()
    user.password_hash = hash_password(data.new_password)
    user.password_changed_at = utcnow()
    await _use_up(session, user.id)
    await users.revoke_sessions(session, user.id)
    await audit.record(session, principal_of(user), "auth.password_reset", entity_type="users", entity_id=str(user.id))
