"""Which PostgreSQL to talk to, and as whom. The owner runs migrations; the application connects
as a role that owns nothing and is not a superuser, so row-level security applies to it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url

from mpanel.db.embedded import embedded_owner_url
from mpanel.settings import Settings


@dataclass(frozen=True)
class DatabaseUrls:
    owner: URL
    app: URL

    def for_driver(self, url: URL, driver: str) -> URL:
        return url.set(drivername=f"postgresql+{driver}")

    @staticmethod
    def libpq(url: URL) -> str:
        """A plain libpq URI (psycopg, procrastinate, psql)."""
        return url.set(drivername="postgresql").render_as_string(hide_password=False)


def resolve(settings: Settings) -> DatabaseUrls:
    raw = settings.database_url.get_secret_value() if settings.database_url else None
    owner = make_url(raw or embedded_owner_url(settings.data_dir)).set(drivername="postgresql")
    app = owner.set(
        username=settings.db_app_role,
        password=settings.db_app_password.get_secret_value(),
    )
    return DatabaseUrls(owner=owner, app=app)
