"""Cluster-level roles. PostgreSQL roles are shared by every database on a server, so these are
created idempotently by `mpanel migrate` before the migrations run, never dropped by them."""

from __future__ import annotations

from psycopg import sql
from sqlalchemy import Connection

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


def ensure_roles(connection: Connection, app_role: str, app_password: str) -> None:
    app, lookup = ident(app_role), lookup_role(app_role)
    connection.exec_driver_sql(_ENSURE_ROLES.replace("{app}", app).replace("{lookup}", lookup))
    # sql.Literal quotes the password safely; ALTER ROLE takes no bind parameters.
    dbapi = connection.connection.driver_connection
    assert dbapi is not None
    statement = sql.SQL("alter role {} password {}").format(sql.Identifier(app), sql.Literal(app_password))
    connection.exec_driver_sql(statement.as_string(dbapi))
    connection.exec_driver_sql(f"grant {lookup} to current_user")
