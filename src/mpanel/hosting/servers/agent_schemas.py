"""What the node agent receives and reports (its side of the protocol is mpanel_agent.client)."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import Field

from mpanel.core.schemas import InputSchema, Schema


class OperationOut(Schema):
    id: uuid.UUID
    object_type: str
    object_id: uuid.UUID
    version: int
    driver: str
    payload: dict[str, Any]
    attempt: int


class OperationBatch(Schema):
    operations: list[OperationOut]


class OperationResult(InputSchema):
    ok: bool
    observed: dict[str, Any] | None = None
    error: str | None = Field(None, max_length=8000)


class ResyncOut(Schema):
    objects: int
