"""A registrar adapter for tests: speaks the adapter interface, is down for the first `failures`
calls, and records what MPanel sent. `during` runs inside a call (the job holds no transaction
then), to change the domain while the registrar is busy."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date

from mpanel.domains.registrars import RegistrarError, RegistrarResult


class FlakyRegistrar:
    name = "flaky"

    def __init__(self, failures: int) -> None:
        self.failures, self.calls = failures, 0
        self.registered: list[list[str]] = []  # the nameservers sent with each registration
        self.nameservers: list[list[str]] = []  # each set_nameservers call's set
        self.during: Callable[[], Awaitable[None]] | None = None

    async def _answer(self) -> RegistrarResult:
        self.calls += 1
        if self.during is not None:
            during, self.during = self.during, None
            await during()
        if self.calls <= self.failures:
            raise RegistrarError(f"registry timeout (attempt {self.calls})")
        return RegistrarResult(completed=True, reference=f"ROID-{self.calls}")

    def fail_next(self, calls: int = 1) -> None:
        """The next `calls` calls fail."""
        self.failures = self.calls + calls

    async def register(self, domain: str, years: int, nameservers: Sequence[str]) -> RegistrarResult:
        self.registered.append(list(nameservers))
        return await self._answer()

    async def renew(self, domain: str, years: int, current_expiry: date) -> RegistrarResult:
        return await self._answer()

    async def transfer(self, domain: str, auth_code: str | None, years: int) -> RegistrarResult:
        return await self._answer()

    async def set_nameservers(self, domain: str, nameservers: Sequence[str]) -> RegistrarResult:
        self.nameservers.append(list(nameservers))
        return await self._answer()
