from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import create_engine

from mpanel.db.base import Money
from mpanel.db.encrypted import EncryptedText
from mpanel.db.registry import Base

config = context.config


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """procrastinate's tables come from its own schema file, not from our models."""
    return not (type_ == "table" and (name or "").startswith("procrastinate"))


def render_item(type_: str, obj: object, autogen_context: Any) -> str | Literal[False]:
    """Migrations spell Money as plain numeric(18,4) and EncryptedText as text, so they never import
    application types."""
    if type_ == "type" and isinstance(obj, Money):
        return "sa.Numeric(18, 4)"
    if type_ == "type" and isinstance(obj, EncryptedText):
        return "sa.Text()"
    return False


def run_migrations_online() -> None:
    engine = create_engine(config.attributes["owner_url"])
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            compare_type=True,
            include_object=include_object,
            render_item=render_item,
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations(app_role=config.attributes["app_role"])
    engine.dispose()


run_migrations_online()
