"""Logging in and staying logged in: passwords, rotating refresh tokens, TOTP."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pyotp
from sqlalchemy import delete, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit import service as audit
from mpanel.auth.models import RefreshToken
from mpanel.auth.permissions import permissions_for
from mpanel.auth.principal import Principal
from mpanel.auth.ratelimit import LoginLimiter
from mpanel.auth.schemas import LoginIn, MeOut, PasswordChange, TokenPair, TotpEnrollment
from mpanel.auth.tokens import issue_access_token
from mpanel.core.context import current_request
from mpanel.core.errors import Conflict, Invalid, Unauthorized
from mpanel.core.security import hash_password, hash_token, new_token, password_needs_rehash, verify_password
from mpanel.core.time import utcnow
from mpanel.db.session import set_scope
from mpanel.settings import Settings
from mpanel.tenants.models import Tenant
from mpanel.users import service as users
from mpanel.users.models import User


class InvalidCredentials(Unauthorized):
    code = "invalid_credentials"
    message = "The e-mail address or password is not correct."
    keep_changes = True  # the failed attempt stays in the audit trail


class TotpRequired(Unauthorized):
    code = "totp_required"
    message = "Enter the 6-digit code from your authenticator app."


class TotpInvalid(Unauthorized):
    code = "totp_invalid"
    message = "The authentication code is not correct."
    keep_changes = True


class TenantRequired(Invalid):
    code = "tenant_required"
    message = "This e-mail address is used with several companies: choose one."


class RefreshTokenInvalid(Unauthorized):
    code = "refresh_token_invalid"
    message = "The session has ended. Log in again."


class RefreshTokenReused(Unauthorized):
    code = "refresh_token_reused"
    message = "This session was ended because its refresh token was used twice. Log in again."
    keep_changes = True  # the revocation of the whole family must persist


class TotpAlreadyEnabled(Conflict):
    code = "totp_already_enabled"
    message = "Two-factor authentication is already on."


class TotpNotEnrolled(Conflict):
    code = "totp_not_enrolled"
    message = "Start two-factor enrolment first."


class PasswordIncorrect(Invalid):
    code = "password_incorrect"
    message = "The current password is not correct."

    def __init__(self) -> None:
        super().__init__(details=[{"field": "currentPassword", "message": self.message}])


@dataclass(frozen=True)
class LoginCandidate:
    tenant_id: uuid.UUID
    tenant_slug: str


def principal_of(user: User) -> Principal:
    return Principal.for_user(
        user_id=user.id,
        tenant_id=user.tenant_id,
        role=user.role,
        email=user.email,
        is_platform_operator=user.is_platform_operator,
        customer_id=user.customer_id,
    )


async def login_candidates(session: AsyncSession, email: str) -> list[LoginCandidate]:
    rows = await session.execute(text("select * from mpanel_login_candidates(:email)"), {"email": email})
    return [LoginCandidate(tenant_id=row.tenant_id, tenant_slug=row.tenant_slug) for row in rows]


def _choose_tenant(candidates: list[LoginCandidate], slug: str | None) -> LoginCandidate | None:
    if slug:
        return next((c for c in candidates if c.tenant_slug == slug.lower()), None)
    if len(candidates) > 1:
        raise TenantRequired()
    return candidates[0] if candidates else None


async def _start_session(session: AsyncSession, settings: Settings, user: User, family: uuid.UUID) -> TokenPair:
    """Issue an access token and a new refresh token in `family`."""
    secret = new_token()
    token = f"{user.tenant_id}.{secret}"
    request = current_request()
    now = utcnow()
    session.add(
        RefreshToken(
            user_id=user.id,
            family_id=family,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + timedelta(seconds=settings.refresh_token_ttl_seconds),
            user_agent=(request.user_agent or "")[:500] or None,
            ip=request.ip,
        )
    )
    await session.flush()
    access = issue_access_token(
        principal_of(user),
        secret=settings.secret_key.get_secret_value(),
        ttl_seconds=settings.access_token_ttl_seconds,
    )
    return TokenPair(access_token=access, refresh_token=token, expires_in=settings.access_token_ttl_seconds)


def _totp_counter(secret: str, code: str, last_counter: int | None) -> int | None:
    """The time step the code belongs to (one step of clock drift allowed), or None. A code
    already used (at or before `last_counter`) is refused, so a seen code cannot be replayed."""
    totp = pyotp.TOTP(secret)
    now = totp.timecode(utcnow())
    for counter in (now - 1, now, now + 1):
        if (last_counter is None or counter > last_counter) and pyotp.utils.strings_equal(
            totp.generate_otp(counter), code
        ):
            return counter
    return None


async def login(session: AsyncSession, settings: Settings, limiter: LoginLimiter, data: LoginIn) -> TokenPair:
    await limiter.count_attempt(current_request().ip)
    await limiter.ensure_account_open(data.email)
    candidate = _choose_tenant(await login_candidates(session, data.email), data.tenant)
    if candidate is None:
        verify_password(None, data.password)  # same cost as a real check
        await limiter.count_failure(data.email)
        raise InvalidCredentials()
    await set_scope(session, candidate.tenant_id)
    user = await users.find_by_email(session, data.email)
    if user is None or not user.is_active or not verify_password(user.password_hash, data.password):
        await limiter.count_failure(data.email)
        await audit.record(
            session, None, "auth.login_failed", entity_type="users", entity_id=str(user.id) if user else None
        )
        raise InvalidCredentials()
    if user.totp_enabled:
        if not data.totp_code:
            raise TotpRequired()
        counter = _totp_counter(user.totp_secret or "", data.totp_code, user.totp_last_counter)
        if counter is None:
            await limiter.count_failure(data.email)
            await audit.record(session, None, "auth.totp_failed", entity_type="users", entity_id=str(user.id))
            raise TotpInvalid()
        user.totp_last_counter = counter
    await limiter.clear_account(data.email)
    if password_needs_rehash(user.password_hash):
        user.password_hash = hash_password(data.password)
    user.last_login_at = utcnow()
    tokens = await _start_session(session, settings, user, uuid.uuid4())
    await audit.record(session, principal_of(user), "auth.login", entity_type="users", entity_id=str(user.id))
    return tokens


def _token_tenant(token: str) -> uuid.UUID:
    try:
        return uuid.UUID(token.split(".", 1)[0])
    except ValueError as exc:
        raise RefreshTokenInvalid() from exc


async def _revoke_family(session: AsyncSession, family: uuid.UUID) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


async def refresh(session: AsyncSession, settings: Settings, token: str | None) -> TokenPair:
    """Rotate: the presented token is used up and a new one of the same family is issued.
    A token presented twice means it leaked: the whole family is revoked."""
    if not token:
        raise RefreshTokenInvalid()
    await set_scope(session, _token_tenant(token))
    stored = await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == hash_token(token)).with_for_update()
    )
    now = utcnow()
    if stored is None or stored.revoked_at is not None or stored.expires_at <= now:
        raise RefreshTokenInvalid()
    if stored.used_at is not None:
        await _revoke_family(session, stored.family_id)
        await audit.record(session, None, "auth.refresh_reuse", entity_type="users", entity_id=str(stored.user_id))
        raise RefreshTokenReused()
    stored.used_at = now
    user = await session.scalar(select(User).where(User.id == stored.user_id))
    if user is None or not user.is_active:
        raise RefreshTokenInvalid()
    return await _start_session(session, settings, user, stored.family_id)


async def logout(session: AsyncSession, token: str | None) -> None:
    """End the session the refresh token belongs to. Unknown tokens are ignored."""
    if not token:
        return
    try:
        await set_scope(session, _token_tenant(token))
    except RefreshTokenInvalid:
        return
    stored = await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == hash_token(token)))
    if stored is not None:
        await _revoke_family(session, stored.family_id)
        user = await session.scalar(select(User).where(User.id == stored.user_id))
        actor = principal_of(user) if user else None
        await audit.record(session, actor, "auth.logout", entity_type="users", entity_id=str(stored.user_id))


async def _current_user(session: AsyncSession, actor: Principal) -> User:
    user = await session.scalar(select(User).where(User.id == actor.user_id))
    if user is None or not user.is_active:
        raise Unauthorized()
    return user


async def me(session: AsyncSession, actor: Principal) -> MeOut:
    user = await _current_user(session, actor)
    tenant = await session.scalar(select(Tenant).where(Tenant.id == user.tenant_id))
    assert tenant is not None
    return MeOut(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        tenant_id=tenant.id,
        tenant_slug=tenant.slug,
        tenant_name=tenant.name,
        is_platform_operator=user.is_platform_operator,
        totp_enabled=user.totp_enabled,
        customer_id=user.customer_id,
        permissions=sorted(permissions_for(user.role, platform_operator=user.is_platform_operator)),
    )


async def change_password(
    session: AsyncSession, settings: Settings, actor: Principal, data: PasswordChange
) -> TokenPair:
    """Set a new password, end every other session, and start a fresh one."""
    user = await _current_user(session, actor)
    if not verify_password(user.password_hash, data.current_password):
        raise PasswordIncorrect()
    user.password_hash = hash_password(data.new_password)
    user.password_changed_at = utcnow()
    await users.revoke_sessions(session, user.id)
    await audit.record(session, actor, "auth.password_change", entity_type="users", entity_id=str(user.id))
    return await _start_session(session, settings, user, uuid.uuid4())


async def enroll_totp(session: AsyncSession, actor: Principal, *, issuer: str = "MPanel") -> TotpEnrollment:
    user = await _current_user(session, actor)
    if user.totp_enabled:
        raise TotpAlreadyEnabled()
    user.totp_secret = pyotp.random_base32()
    await audit.record(session, actor, "auth.totp_enroll", entity_type="users", entity_id=str(user.id))
    uri = pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=issuer)
    return TotpEnrollment(secret=user.totp_secret, otpauth_uri=uri)


async def verify_totp(session: AsyncSession, actor: Principal, code: str) -> None:
    user = await _current_user(session, actor)
    if user.totp_enabled:
        raise TotpAlreadyEnabled()
    if not user.totp_secret:
        raise TotpNotEnrolled()
    counter = _totp_counter(user.totp_secret, code, None)
    if counter is None:
        raise TotpInvalid()
    user.totp_enabled, user.totp_last_counter = True, counter
    await audit.record(session, actor, "auth.totp_enable", entity_type="users", entity_id=str(user.id))


async def disable_totp(session: AsyncSession, actor: Principal, code: str) -> None:
    user = await _current_user(session, actor)
    if not user.totp_enabled or not user.totp_secret:
        raise TotpNotEnrolled()
    if _totp_counter(user.totp_secret, code, user.totp_last_counter) is None:
        raise TotpInvalid()
    user.totp_enabled, user.totp_secret, user.totp_last_counter = False, None, None
    await audit.record(session, actor, "auth.totp_disable", entity_type="users", entity_id=str(user.id))


async def purge_refresh_tokens(session: AsyncSession, *, keep_days: int = 7) -> int:
    """Delete refresh tokens that expired or were revoked more than `keep_days` ago."""
    cutoff = utcnow() - timedelta(days=keep_days)
    result = await session.execute(
        delete(RefreshToken).where(or_(RefreshToken.expires_at < cutoff, RefreshToken.revoked_at < cutoff))
    )
    return result.rowcount or 0  # type: ignore[attr-defined]
