from __future__ import annotations

from typing import Any, Protocol


class DriverError(Exception):
    """The software refused the desired state; the message is shown on the object in the panel."""


class Driver(Protocol):
    name: str

    async def apply(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Make the software match `payload` (the whole record, idempotently) and return what was
        observed afterwards."""
        ...

    async def flush(self) -> None:
        """After a batch of operations: one merged reload, if the software needs one."""
        ...
