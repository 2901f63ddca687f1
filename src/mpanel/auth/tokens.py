"""Access tokens: short-lived HS256 JWTs carrying user, tenant and role. Only HS256 is accepted,
so `alg: none` and algorithm-confusion tokens are refused."""

from __future__ import annotations

import uuid
from datetime import timedelta

import jwt

from mpanel.auth.principal import Principal
from mpanel.core.errors import Unauthorized
from mpanel.core.time import utcnow
from mpanel.users.models import Role

ALGORITHM = "HS256"
ISSUER = "mpanel"


class TokenInvalid(Unauthorized):
    code = "token_invalid"
    message = "The access token is invalid or has expired."


def issue_access_token(principal: Principal, *, secret: str, ttl_seconds: int) -> str:
    now = utcnow()
    claims: dict[str, object] = {
        "iss": ISSUER,
        "typ": "access",
        "sub": str(principal.user_id),
        "tid": str(principal.tenant_id),
        "role": principal.role.value,
        "plat": principal.is_platform_operator,
        "email": principal.email,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(seconds=ttl_seconds),
        "jti": uuid.uuid4().hex,
    }
    if principal.customer_id is not None:
        claims["cid"] = str(principal.customer_id)
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def decode_access_token(token: str, *, secret: str) -> Principal:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "tid", "role", "typ"]},
            leeway=5,
        )
        if claims["typ"] != "access":
            raise TokenInvalid()
        customer = claims.get("cid")
        return Principal.for_user(
            user_id=uuid.UUID(claims["sub"]),
            tenant_id=uuid.UUID(claims["tid"]),
            role=Role(claims["role"]),
            email=claims.get("email"),
            is_platform_operator=bool(claims.get("plat", False)),
            customer_id=uuid.UUID(customer) if customer else None,
        )
    except (jwt.PyJWTError, ValueError, KeyError, TypeError) as exc:
        raise TokenInvalid() from exc
