"""The job queue: enqueue commits or vanishes with the caller's transaction, and a real worker
runs the jobs."""

from __future__ import annotations

import asyncio
import inspect
import uuid
from datetime import timedelta

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.models import RefreshToken
from mpanel.core.time import utcnow
from mpanel.db.session import tenant_session
from mpanel.db.urls import DatabaseUrls
from mpanel.jobs import enqueue, runtime
from mpanel.jobs.worker import worker_app
from mpanel.settings import Settings
from tests.factories.tenants import make_tenant


async def _job_count(session: AsyncSession, task: str) -> int:
    return (
        await session.scalar(text("select count(*) from procrastinate_jobs where task_name = :t"), {"t": task})
    ) or 0


class TestEnqueue:
    async def test_the_defer_function_has_the_pinned_signature(self, session: AsyncSession) -> None:
        signature = await session.scalar(
            text("select pg_get_function_arguments('procrastinate_defer_jobs_v1'::regproc)")
        )
        assert signature == "jobs procrastinate_job_to_defer_v1[]"

    async def test_a_rolled_back_transaction_takes_its_job_with_it(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        task = f"test.rollback.{uuid.uuid4().hex}"
        async with sessionmaker() as session:
            await session.begin()
            job_id = await enqueue(session, task, tenant_id=uuid.uuid4())
            assert job_id > 0
            await session.rollback()
        async with sessionmaker() as session:
            assert await _job_count(session, task) == 0

    async def test_a_committed_transaction_keeps_its_job(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        task = f"test.commit.{uuid.uuid4().hex}"
        async with sessionmaker() as session, session.begin():
            await enqueue(session, task, queueing_lock=task, value=uuid.UUID(int=7))
        async with sessionmaker() as session:
            args = await session.scalar(text("select args from procrastinate_jobs where task_name = :t"), {"t": task})
        assert args == {"value": str(uuid.UUID(int=7))}


class TestWorker:
    async def test_the_worker_purges_expired_refresh_tokens_per_tenant(
        self, database: DatabaseUrls, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        long_ago = utcnow() - timedelta(days=30)
        async with tenant_session(sessionmaker, tenant.id) as session:
            for expires in (long_ago, utcnow() + timedelta(days=1)):
                session.add(
                    RefreshToken(
                        user_id=tenant.owner.id,
                        family_id=uuid.uuid4(),
                        token_hash=uuid.uuid4().hex,
                        created_at=long_ago,
                        expires_at=expires,
                    )
                )
            await enqueue(session, "auth.purge_refresh_tokens", queue_name="maintenance", tenant_id=tenant.id)
        runtime.settings, runtime.sessionmaker = settings, sessionmaker
        async with worker_app(database) as app:
            await asyncio.wait_for(
                app.run_worker_async(queues=["maintenance"], wait=False, install_signal_handlers=False), 30
            )
        async with tenant_session(sessionmaker, tenant.id) as session:
            remaining = await session.scalar(select(func.count()).select_from(RefreshToken))
            status = await session.scalar(
                text(
                    "select status from procrastinate_jobs where task_name = 'auth.purge_refresh_tokens' "
                    "and args->>'tenant_id' = :t"
                ),
                {"t": str(tenant.id)},
            )
        assert remaining == 1
        assert status == "succeeded"

    def test_tasks_are_registered_by_name(self) -> None:
        from mpanel.jobs import (
            queue,
            registry,  # noqa: F401
        )

        assert {"auth.purge_refresh_tokens", "auth.purge_refresh_tokens_all"} <= set(queue.tasks)
        assert inspect.iscoroutinefunction(queue.tasks["auth.purge_refresh_tokens"].func)
