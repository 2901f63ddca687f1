from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Cookie, Response, status

from mpanel.auth import reset
from mpanel.auth import service as auth
from mpanel.auth.deps import AppSettings, CurrentPrincipal, Limiter, PublicSession, ResetLimiter, TenantSession
from mpanel.auth.schemas import (
    LoginIn,
    MeOut,
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
    RefreshIn,
    TokenPair,
    TotpCodeIn,
    TotpEnrollment,
)
from mpanel.core.errors import RateLimited, Unauthorized
from mpanel.http.routing import TransactionalRoute, errors
from mpanel.settings import Settings

router = APIRouter(prefix="/auth", tags=["auth"], route_class=TransactionalRoute)

REFRESH_COOKIE = "mpanel_refresh"


def _set_refresh_cookie(response: Response, settings: Settings, tokens: TokenPair) -> None:
    response.set_cookie(
        REFRESH_COOKIE,
        tokens.refresh_token,
        max_age=settings.refresh_token_ttl_seconds,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="strict",
        path="/api/auth",
    )


@router.post(
    "/login",
    response_model=TokenPair,
    operation_id="auth-login",
    responses=errors(auth.InvalidCredentials, auth.TenantRequired, RateLimited),
)
async def login(
    data: LoginIn, session: PublicSession, settings: AppSettings, limiter: Limiter, response: Response
) -> TokenPair:
    tokens = await auth.login(session, settings, limiter, data)
    _set_refresh_cookie(response, settings, tokens)
    return tokens


@router.post(
    "/refresh",
    response_model=TokenPair,
    operation_id="auth-refresh",
    responses=errors(auth.RefreshTokenInvalid),
)
async def refresh(
    session: PublicSession,
    settings: AppSettings,
    response: Response,
    data: Annotated[RefreshIn | None, Body()] = None,
    cookie: Annotated[str | None, Cookie(alias=REFRESH_COOKIE, include_in_schema=False)] = None,
) -> TokenPair:
    token = (data.refresh_token if data else None) or cookie
    tokens = await auth.refresh(session, settings, token)
    _set_refresh_cookie(response, settings, tokens)
    return tokens


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, operation_id="auth-logout")
async def logout(
    session: PublicSession,
    response: Response,
    data: Annotated[RefreshIn | None, Body()] = None,
    cookie: Annotated[str | None, Cookie(alias=REFRESH_COOKIE, include_in_schema=False)] = None,
) -> None:
    await auth.logout(session, (data.refresh_token if data else None) or cookie)
    response.delete_cookie(REFRESH_COOKIE, path="/api/auth")


@router.get("/me", response_model=MeOut, operation_id="auth-me", responses=errors(Unauthorized))
async def me(session: TenantSession, actor: CurrentPrincipal) -> MeOut:
    return await auth.me(session, actor)


@router.post(
    "/password",
    response_model=TokenPair,
    operation_id="auth-change-password",
    responses=errors(Unauthorized, auth.PasswordIncorrect),
)
async def change_password(
    data: PasswordChange, session: TenantSession, actor: CurrentPrincipal, settings: AppSettings, response: Response
) -> TokenPair:
    tokens = await auth.change_password(session, settings, actor, data)
    _set_refresh_cookie(response, settings, tokens)
    return tokens


@router.post(
    "/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    response_class=Response,
    operation_id="auth-password-reset-request",
    responses=errors(RateLimited) | {202: {"description": "Accepted (whether or not the address has an account)"}},
)
async def request_password_reset(
    data: PasswordResetRequest, session: PublicSession, settings: AppSettings, limiter: ResetLimiter
) -> Response:
    """E-mail a reset link to the account(s) with this address. Always 202: the answer does not
    tell whether an account exists."""
    await reset.request_reset(session, settings, limiter, data)
    return Response(status_code=status.HTTP_202_ACCEPTED)


@router.post(
    "/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="auth-password-reset-confirm",
    responses=errors(reset.ResetTokenInvalid),
)
async def confirm_password_reset(data: PasswordResetConfirm, session: PublicSession) -> None:
    """Set a new password with the link's token; every session of the account ends."""
    await reset.confirm_reset(session, data)


@router.post(
    "/totp/enroll",
    response_model=TotpEnrollment,
    operation_id="auth-totp-enroll",
    responses=errors(Unauthorized, auth.TotpAlreadyEnabled),
)
async def enroll_totp(session: TenantSession, actor: CurrentPrincipal) -> TotpEnrollment:
    return await auth.enroll_totp(session, actor)


@router.post(
    "/totp/verify",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="auth-totp-verify",
    responses=errors(Unauthorized, auth.TotpAlreadyEnabled, auth.TotpNotEnrolled),
)
async def verify_totp(data: TotpCodeIn, session: TenantSession, actor: CurrentPrincipal) -> None:
    await auth.verify_totp(session, actor, data.code)


@router.post(
    "/totp/disable",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="auth-totp-disable",
    responses=errors(Unauthorized, auth.TotpNotEnrolled),
)
async def disable_totp(data: TotpCodeIn, session: TenantSession, actor: CurrentPrincipal) -> None:
    await auth.disable_totp(session, actor, data.code)
