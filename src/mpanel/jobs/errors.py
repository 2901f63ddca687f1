"""A worker middleware that keeps each tenant job's latest error (procrastinate logs errors but
does not store them), so the job list can show why a job is retrying or failed."""

from __future__ import annotations

import uuid
from typing import Any

import structlog
from procrastinate import JobContext
from procrastinate.middleware import AsyncCallNext

from mpanel.jobs import service as jobs
from mpanel.jobs.queue import runtime

log = structlog.get_logger(__name__)


async def record_job_errors(call_next: AsyncCallNext, context: JobContext, worker: Any) -> Any:
    try:
        return await call_next()
    except Exception as exc:
        await _remember(context, f"{type(exc).__name__}: {exc}")
        raise


async def _remember(context: JobContext, error: str) -> None:
    job = context.job
    tenant = job.task_kwargs.get("tenant_id")
    if job.id is None or not isinstance(tenant, str) or runtime.sessionmaker is None:
        return
    try:
        async with runtime.session(uuid.UUID(tenant)) as session:
            await jobs.record_error(session, job.id, error)
    except Exception:  # the job's own error matters more than failing to note it
        log.exception("jobs.record_error_failed", job_id=job.id)
