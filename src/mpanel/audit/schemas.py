from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from mpanel.core.schemas import Schema


class AuditLogOut(Schema):
    id: uuid.UUID
    created_at: datetime
    actor_id: uuid.UUID | None
    actor_email: str | None
    action: str
    entity_type: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    ip: str | None
    user_agent: str | None
    request_id: str | None


AuditLogSort = Literal["createdAt", "-createdAt", "action", "-action"]
