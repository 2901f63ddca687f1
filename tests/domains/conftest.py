from __future__ import annotations

from collections.abc import Iterator

import pytest

from mpanel.domains import registrars
from tests.fakes.registrar import FlakyRegistrar


@pytest.fixture
def flaky() -> Iterator[FlakyRegistrar]:
    """The `flaky` registrar (down for its first call), for TLDs made with `registrar="flaky"`."""
    registrar = FlakyRegistrar(failures=1)
    registrars.REGISTRARS["flaky"] = registrar
    yield registrar
    del registrars.REGISTRARS["flaky"]
