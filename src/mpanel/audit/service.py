"""The audit trail: every state change records who did what, before and after, in the same
transaction as the change itself."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic.alias_generators import to_camel
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit.models import AuditLog
from mpanel.audit.schemas import AuditLogSort
from mpanel.auth.principal import Principal
from mpanel.core.context import current_request
from mpanel.db.base import Base
from mpanel.db.pagination import keyset_page, sort_by, sort_fields

# Columns whose values never enter the audit trail (secrets and bookkeeping).
AUDIT_LOG_SORT = sort_fields(AuditLogSort, {"createdAt": AuditLog.created_at, "action": AuditLog.action})


SKIPPED_COLUMNS = frozenset(
    {
        "password_hash",
        "totp_secret",
        "token_hash",
        "totp_last_counter",
        "secret_key",
        "webhook_secret",
        "secret",
        "password",
    }
)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(entity: Base) -> dict[str, Any]:
    """The row's column values as JSON with the API's camelCase names, secrets left out."""
    state = inspect(entity)
    return {
        to_camel(key): _jsonable(state.dict[key])
        for key in state.mapper.columns.keys()  # noqa: SIM118 (a ColumnCollection, not a dict)
        if key not in SKIPPED_COLUMNS and key in state.dict
    }


def _entity_id(entity: Base) -> str | None:
    value = getattr(entity, "id", None)
    return str(value) if value is not None else None


async def record(
    session: AsyncSession,
    actor: Principal | None,
    action: str,
    entity: Base | None = None,
    *,
    entity_type: str | None = None,
    entity_id: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Write one audit row. `after` defaults to the entity's snapshot (flushed first, so server
    defaults are in it)."""
    if entity is not None:
        await session.flush()
        if after is None:
            after = snapshot(entity)
    request = current_request()
    session.add(
        AuditLog(
            actor_id=actor.user_id if actor else None,
            actor_email=actor.email if actor else None,
            action=action,
            entity_type=entity_type or (entity.__tablename__ if entity is not None else "system"),
            entity_id=entity_id or (_entity_id(entity) if entity is not None else None),
            before=before,
            after=after,
            ip=request.ip,
            user_agent=(request.user_agent or "")[:500] or None,
            request_id=request.request_id,
        )
    )
    await session.flush()


async def list_logs(
    session: AsyncSession,
    actor: Principal,
    *,
    limit: int,
    cursor: str | None = None,
    action: str | None = None,
    entity_type: str | None = None,
    entity_id: str | None = None,
    actor_id: uuid.UUID | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    sort: str | None = None,
) -> tuple[list[AuditLog], str | None]:
    stmt = select(AuditLog)
    if action:
        stmt = stmt.where(AuditLog.action.startswith(action, autoescape=True))
    if entity_type:
        stmt = stmt.where(AuditLog.entity_type == entity_type)
    if entity_id:
        stmt = stmt.where(AuditLog.entity_id == entity_id)
    if actor_id:
        stmt = stmt.where(AuditLog.actor_id == actor_id)
    if since:
        stmt = stmt.where(AuditLog.created_at >= since)
    if until:
        stmt = stmt.where(AuditLog.created_at < until)
    return await keyset_page(
        session,
        stmt,
        created_at=AuditLog.created_at,
        row_id=AuditLog.id,
        limit=limit,
        cursor=cursor,
        sort=sort_by(sort, AUDIT_LOG_SORT),
    )
