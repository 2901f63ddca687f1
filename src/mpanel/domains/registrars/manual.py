"""The manual registrar: staff perform the operation at the registry themselves; MPanel only
records it. Every operation succeeds at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mpanel.domains.registrars.base import RegistrarResult


class ManualRegistrar:
    name = "manual"

    async def register(self, domain: str, years: int, nameservers: Sequence[str]) -> RegistrarResult:
        return RegistrarResult(completed=True, message="recorded; register it at the registry by hand")

    async def renew(self, domain: str, years: int, current_expiry: date) -> RegistrarResult:
        return RegistrarResult(completed=True, message="recorded; renew it at the registry by hand")

    async def transfer(self, domain: str, auth_code: str | None, years: int) -> RegistrarResult:
        return RegistrarResult(completed=True, message="recorded; start the transfer at the registry by hand")

    async def set_nameservers(self, domain: str, nameservers: Sequence[str]) -> RegistrarResult:
        return RegistrarResult(completed=True, message="recorded; update the nameservers by hand")
