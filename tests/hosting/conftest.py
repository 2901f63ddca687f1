from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.powerdns import PowerDns, running_powerdns


@pytest.fixture(scope="module")
def powerdns(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PowerDns]:
    """A real PowerDNS Authoritative on loopback (scripts/debs/dns.txt installs it)."""
    with running_powerdns(Path(tmp_path_factory.mktemp("pdns"))) as server:
        yield server
