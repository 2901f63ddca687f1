"""Node secrets. Both the one-time enrolment token and the node credential name their tenant and
server (so the panel scopes the session before looking anything up: no lookup crosses tenants)
and end in 32 random bytes; only their SHA-256 is stored."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from mpanel.core.security import hash_token, new_token

ENROLMENT = "mpe1"
CREDENTIAL = "mpn1"


@dataclass(frozen=True)
class NodeToken:
    kind: str
    tenant_id: uuid.UUID
    server_id: uuid.UUID
    token: str

    @property
    def digest(self) -> str:
        return hash_token(self.token)


def issue(kind: str, tenant_id: uuid.UUID, server_id: uuid.UUID) -> NodeToken:
    token = f"{kind}.{tenant_id.hex}.{server_id.hex}.{new_token(32)}"
    return NodeToken(kind, tenant_id, server_id, token)


def parse(kind: str, token: str) -> NodeToken | None:
    """The token's parts, or None when it is not a well-formed token of this kind."""
    parts = token.split(".")
    if len(parts) != 4 or parts[0] != kind or not 40 <= len(parts[3]) <= 64:
        return None
    try:
        return NodeToken(kind, uuid.UUID(hex=parts[1]), uuid.UUID(hex=parts[2]), token)
    except ValueError:
        return None
