"""Cluster-level roles. PostgreSQL roles are shared by every database on a server, so these are
created idempotently by `mpanel migrate` before the migrations run, never dropped by them."""

from __future__ import annotations

import random
import time

from psycopg import sql
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError, InternalError

from mpanel.db.rls import ident

_ENSURE_ROLES = """
do $$ begin
  if not exists (select from pg_roles where rolname = '{app}') then
    create role {app} login nosuperuser nocreatedb nocreaterole nobypassrls;
  end if;
  if not exists (select from pg_roles where rolname = '{lookup}') then
    create role {lookup} nologin nosuperuser nobypassrls;
  end if;
end $$;
"""


def lookup_role(app_role: str) -> str:
    """The role that owns the few SECURITY DEFINER lookups crossing tenants (login by e-mail)."""
    return ident(f"{app_role}_lookup")


# Roles are rows of the whole server: two `mpanel migrate` at once (two databases of one server, or
# replicas starting together) can race on them, which PostgreSQL reports as "tuple concurrently
# updated" or a unique violation in pg_authid; the loser tries again after a random pause (so
# losers do not collide again) with what the winner made.
ROLE_ATTEMPTS = 8


def ensure_roles(engine: Engine, app_role: str, app_password: str) -> None:
    """Create the app and lookup roles if missing and set the app role's password, in a
    transaction of its own, retried when another migration touches the same roles at once."""
    for attempt in range(1, ROLE_ATTEMPTS + 1):
        try:
            with engine.begin() as connection:
                _ensure_roles(connection, app_role, app_password)
            return
        except (InternalError, IntegrityError):
            if attempt == ROLE_ATTEMPTS:
                raise
            time.sleep(random.uniform(0, 0.05 * 2**attempt))  # noqa: S311 (jitter, not a secret)


def _ensure_roles(connection: Connection, app_role: str, app_password: str) -> None:
    app, lookup = ident(app_role), lookup_role(app_role)
    connection.exec_driver_sql(_ENSURE_ROLES.replace("{app}", app).replace("{lookup}", lookup))
    # sql.Literal quotes the password safely; ALTER ROLE takes no bind parameters.
    dbapi = connection.connection.driver_connection
    assert dbapi is not None
    statement = sql.SQL("alter role {} password {}").format(sql.Identifier(app), sql.Literal(app_password))
    connection.exec_driver_sql(statement.as_string(dbapi))
    connection.exec_driver_sql(f"grant {lookup} to current_user")
