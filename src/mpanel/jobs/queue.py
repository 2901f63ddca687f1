from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import procrastinate
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.db.session import tenant_session
from mpanel.settings import Settings
from mpanel.storage import ObjectStore

# Tasks register on this app at import time (jobs/registry.py imports every tasks module); the
# worker swaps in a connector for the real database (`jobs.worker.worker_app`).
queue = procrastinate.App(connector=procrastinate.PsycopgConnector(), import_paths=["mpanel.jobs.registry"])

_DEFER = text(
    "select procrastinate_defer_jobs_v1(array[row(:queue, :task, :priority, :lock, :queueing_lock, "
    "cast(:args as jsonb), :scheduled_at)::procrastinate_job_to_defer_v1])"
)


_DEFER_MANY = text(
    "select procrastinate_defer_jobs_v1(array(select row(:queue, :task, :priority, null, null, a, null)"
    "::procrastinate_job_to_defer_v1 from unnest(cast(:args as jsonb[])) with ordinality as u(a, n) order by n))"
)


def _json(value: Any) -> Any:
    if isinstance(value, uuid.UUID | date):
        return str(value)
    raise TypeError(f"cannot send {type(value).__name__} to a job")


async def enqueue(
    session: AsyncSession,
    task_name: str,
    *,
    queue_name: str = "default",
    priority: int = 0,
    lock: str | None = None,
    queueing_lock: str | None = None,
    scheduled_at: datetime | None = None,
    **args: Any,
) -> int:
    """Defer a job inside the caller's transaction. Returns the job id."""
    result = await session.execute(
        _DEFER,
        {
            "queue": queue_name,
            "task": task_name,
            "priority": priority,
            "lock": lock,
            "queueing_lock": queueing_lock,
            "args": json.dumps(args, default=_json),
            "scheduled_at": scheduled_at,
        },
    )
    job_ids: list[int] = result.scalar_one()
    return job_ids[0]


async def enqueue_many(
    session: AsyncSession, task_name: str, jobs: list[dict[str, Any]], *, queue_name: str = "default", priority: int = 0
) -> list[int]:
    """Defer one job per argument set with a single call, inside the caller's transaction (the
    billing run enqueues thousands at once). Returns the job ids."""
    if not jobs:
        return []
    result = await session.execute(
        _DEFER_MANY,
        {
            "queue": queue_name,
            "task": task_name,
            "priority": priority,
            "args": [json.dumps(args, default=_json) for args in jobs],
        },
    )
    job_ids: list[int] = result.scalar_one()
    return job_ids


@dataclass
class Runtime:
    """What tasks need from the process that runs them, set when the worker starts."""

    settings: Settings | None = None
    sessionmaker: async_sessionmaker[AsyncSession] | None = None
    store: ObjectStore | None = None

    @asynccontextmanager
    async def session(self, tenant_id: uuid.UUID | None, *, platform: bool = False) -> AsyncIterator[AsyncSession]:
        if self.sessionmaker is None:
            raise RuntimeError("the job runtime is not started")
        async with tenant_session(self.sessionmaker, tenant_id, platform=platform) as session:
            yield session


runtime = Runtime()
