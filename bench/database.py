"""A scratch database for one benchmark run: on the server `DATABASE_URL` names, or on an
embedded PostgreSQL in the temporary folder, migrated, and dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url
from tests.conftest import create_database, drop_database

from mpanel.db import migrate
from mpanel.db.embedded import embedded_owner_url
from mpanel.db.urls import resolve
from mpanel.settings import Settings


@contextmanager
def scratch_database(tmp: Path) -> Iterator[Settings]:
    server = make_url(os.environ.get("DATABASE_URL") or embedded_owner_url(tmp)).set(drivername="postgresql")
    name = f"mpanel_bench_{uuid.uuid4().hex[:8]}"
    owner = create_database(server, name)
    settings = Settings(DATABASE_URL=owner.render_as_string(hide_password=False), MPANEL_ENV="test")  # type: ignore[call-arg]
    try:
        migrate.upgrade(resolve(settings), settings)
        yield settings
    finally:
        drop_database(server, name)
