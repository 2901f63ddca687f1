from __future__ import annotations

import re
from typing import Protocol

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")


class ObjectMissing(LookupError):
    """No object under this key."""


def validate_key(key: str) -> str:
    """Keys are relative paths of plain segments (no '..', no leading '/', no empty segment),
    so a key can never leave the store's folder or bucket prefix."""
    if len(key) > 900 or not _KEY.match(key) or any(part in {".", ".."} for part in key.split("/")):
        raise ValueError(f"not a valid object key: {key!r}")
    return key


class ObjectStore(Protocol):
    async def put(self, key: str, data: bytes, *, content_type: str) -> None: ...

    async def get(self, key: str) -> bytes:
        """The object's bytes; raises ObjectMissing."""
        ...

    async def exists(self, key: str) -> bool: ...

    async def delete(self, key: str) -> None:
        """Remove the object; a missing one is not an error."""
        ...
