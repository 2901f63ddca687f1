"""A scratch database for one benchmark run: on the server `DATABASE_URL` names, or on an
embedded PostgreSQL in the temporary folder, migrated, and dropped afterwards."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url
from tests.conftest import make_settings, migrated_database

from mpanel.db.embedded import embedded_owner_url
from mpanel.settings import Settings


@contextmanager
def scratch_database(tmp: Path) -> Iterator[Settings]:
    server = make_url(os.environ.get("DATABASE_URL") or embedded_owner_url(tmp)).set(drivername="postgresql")
    with migrated_database(server) as urls:
        yield make_settings(urls.owner)
