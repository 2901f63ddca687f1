"""The base for every API schema: camelCase aliases, ORM attributes, no NUL characters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic.alias_generators import to_camel

from mpanel.core.errors import Invalid

T = TypeVar("T")


class Schema(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        from_attributes=True,
        str_strip_whitespace=True,
    )

    @field_validator("*", mode="before")
    @classmethod
    def _reject_nul(cls, value: Any) -> Any:
        """PostgreSQL text and jsonb hold neither NUL characters nor lone UTF-16 surrogates."""
        if _unstorable(value):
            raise ValueError("must not contain NUL characters or invalid Unicode")
        return value


def _unstorable(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return "\x00" in value
    if isinstance(value, dict):
        return any(_unstorable(k) or _unstorable(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_unstorable(v) for v in value)
    return False


def reject_cleared(changes: Mapping[str, Any], *fields: str) -> None:
    """A partial update may leave a field out, but may not set a required one to null."""
    for name in fields:
        if name in changes and changes[name] is None:
            raise Invalid.on_field(name, f"{name} cannot be empty")


class InputSchema(Schema):
    """Request bodies: unknown fields are refused so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid")


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = None
