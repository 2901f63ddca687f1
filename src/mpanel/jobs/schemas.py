from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from mpanel.core.schemas import Schema


class JobEntity(Schema):
    type: str
    id: str


class JobOut(Schema):
    id: int
    queue_name: str
    task_name: str
    status: str = Field(description="todo, doing, succeeded, failed, cancelled or aborted")
    attempts: int
    scheduled_at: datetime | None
    created_at: datetime | None
    updated_at: datetime | None
    last_error: str | None
    failed_at: datetime | None
    entity: JobEntity | None
    args: dict[str, Any]
