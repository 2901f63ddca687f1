"""FastAPI dependencies: who is calling, what they may do, and their tenant-scoped session.

Use the aliases in route signatures:
    actor: Annotated[Principal, Requires(Permission.USERS_WRITE)], session: TenantSession
"""

from __future__ import annotations

from typing import Annotated, Any

import structlog
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.auth.ratelimit import LoginLimiter
from mpanel.auth.tokens import decode_access_token
from mpanel.core.errors import Forbidden, Unauthorized
from mpanel.db.session import set_scope
from mpanel.settings import Settings

_bearer = HTTPBearer(auto_error=False, description="An access token from /api/auth/login")


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(get_settings_dep)]


async def current_principal(
    request: Request,
    settings: AppSettings,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized(headers={"WWW-Authenticate": "Bearer"})
    principal = decode_access_token(credentials.credentials, secret=settings.secret_key.get_secret_value())
    request.state.principal = principal
    # Every log line of the rest of the request names whose request it is.
    structlog.contextvars.bind_contextvars(
        tenant=str(principal.tenant_id), user=str(principal.user_id) if principal.user_id else None
    )
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class PermissionCheck:
    """The one authorization check. Routes declare it with `Requires(permission)`; the route
    test walks every route and reads `.permission` from here."""

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    async def __call__(self, principal: CurrentPrincipal) -> Principal:
        if not principal.can(self.permission):
            raise Forbidden(f"This needs the '{self.permission}' permission.", code="permission_denied")
        return principal


def Requires(permission: Permission) -> Any:  # noqa: N802 (reads as a type in signatures)
    return Depends(PermissionCheck(permission))


def request_session(request: Request) -> AsyncSession:
    """The request's session (opened by http.routing.TransactionalRoute), not yet scoped."""
    session: AsyncSession = request.state.db
    return session


async def tenant_session(principal: CurrentPrincipal, request: Request) -> AsyncSession:
    session = request_session(request)
    await set_scope(session, principal.tenant_id, platform=principal.is_platform_operator)
    return session


TenantSession = Annotated[AsyncSession, Depends(tenant_session)]
# For the few routes that run before anyone is known (login, refresh): services scope it.
PublicSession = Annotated[AsyncSession, Depends(request_session)]


def get_login_limiter(request: Request) -> LoginLimiter:
    limiter: LoginLimiter = request.app.state.login_limiter
    return limiter


Limiter = Annotated[LoginLimiter, Depends(get_login_limiter)]


def get_reset_limiter(request: Request) -> LoginLimiter:
    limiter: LoginLimiter = request.app.state.reset_limiter
    return limiter


ResetLimiter = Annotated[LoginLimiter, Depends(get_reset_limiter)]
