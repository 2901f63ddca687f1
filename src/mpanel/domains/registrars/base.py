"""The registrar adapter interface. The domains service calls one of these for every operation
and stores what it answers; adapters know nothing of sessions, tenants or HTTP."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RegistrarResult:
    """What a registrar answered. `completed` False means it accepted the request and will
    confirm later (the domain stays pending until then)."""

    completed: bool
    reference: str | None = None
    # The registry's expiry date when the registrar reports it; the service computes it otherwise.
    expires_at: date | None = None
    message: str = ""


class RegistrarError(Exception):
    """The registrar refused or failed the operation; the message is shown to staff."""


class Registrar(Protocol):
    name: str

    async def register(self, domain: str, years: int, nameservers: Sequence[str]) -> RegistrarResult: ...

    async def renew(self, domain: str, years: int, current_expiry: date) -> RegistrarResult: ...

    async def transfer(self, domain: str, auth_code: str | None, years: int) -> RegistrarResult: ...

    async def set_nameservers(self, domain: str, nameservers: Sequence[str]) -> RegistrarResult: ...
