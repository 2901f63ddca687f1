"""procrastinate 3.10.0 job queue schema

The schema file beside the migrations is procrastinate's own `sql/schema.sql` for the pinned
version (pyproject pins procrastinate==3.10.0); a version bump adds procrastinate's own
migration scripts as new revisions here.

Revision ID: 20261125_0002
Revises: 20261125_0001
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "20261125_0002"
down_revision: str | None = "20261125_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = Path(__file__).parent.parent / "procrastinate-3.10.0-schema.sql"


def upgrade(app_role: str) -> None:
    op.execute(SCHEMA.read_text())


def downgrade(app_role: str) -> None:
    op.execute(
        """
        do $$ declare r record; begin
          for r in select tablename from pg_tables where schemaname = 'public' and tablename like 'procrastinate%' loop
            execute format('drop table %I cascade', r.tablename);
          end loop;
          for r in select p.oid::regprocedure as sig from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                   where n.nspname = 'public' and p.proname like 'procrastinate%' loop
            execute format('drop function %s cascade', r.sig);
          end loop;
          for r in select t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace
                   where n.nspname = 'public' and t.typname like 'procrastinate%' and t.typtype in ('e', 'c') loop
            execute format('drop type if exists %I cascade', r.typname);
          end loop;
        end $$;
        """
    )
