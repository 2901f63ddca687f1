from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from mpanel.db.registry import Base

config = context.config


def run_migrations_online() -> None:
    engine = create_engine(config.attributes["owner_url"])
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            compare_type=True,
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations(app_role=config.attributes["app_role"])
    engine.dispose()


run_migrations_online()
