"""A tenant's jobs as procrastinate holds them (through the `tenant_jobs` view, which shows only
jobs whose arguments name the session's tenant), with the last error MPanel recorded."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import and_, column, or_, select, table, text
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.core.errors import Conflict, NotFound
from mpanel.db.pagination import decode_cursor, encode_cursor
from mpanel.jobs.models import JobError

tenant_jobs = table(
    "tenant_jobs",
    column("id"),
    column("queue_name"),
    column("task_name"),
    column("status"),
    column("attempts"),
    column("scheduled_at"),
    column("args", JSONB),
    column("created_at"),
    column("updated_at"),
    column("last_error"),
    column("failed_at"),
)
STATUSES = ("todo", "doing", "succeeded", "failed", "cancelled", "aborted")


class JobNotRetryable(Conflict):
    code = "job_not_retryable"
    message = "Only a failed job can be retried."


def entity_of(args: dict[str, Any]) -> dict[str, str] | None:
    """The object a job serves, read from its arguments: `object_type`/`object_id`, or the first
    `<name>_id` argument other than the tenant."""
    if "object_type" in args and "object_id" in args:
        return {"type": str(args["object_type"]), "id": str(args["object_id"])}
    for key, value in args.items():
        if key.endswith("_id") and key != "tenant_id":
            return {"type": key.removesuffix("_id"), "id": str(value)}
    return None


async def list_jobs(
    session: AsyncSession,
    *,
    limit: int,
    cursor: str | None,
    status: str | None = None,
    task: str | None = None,
    entity_id: uuid.UUID | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    stmt = select(tenant_jobs)
    if status:
        stmt = stmt.where(tenant_jobs.c.status == status)
    if task:
        stmt = stmt.where(tenant_jobs.c.task_name == task)
    if entity_id:
        stmt = stmt.where(tenant_jobs.c.args.contains({"object_id": str(entity_id)}))
    created = tenant_jobs.c.created_at
    if cursor:
        at, last = decode_cursor(cursor)
        last_id = last.int
        stmt = stmt.where(or_(created < at, and_(created == at, tenant_jobs.c.id < last_id)))
    rows = (await session.execute(stmt.order_by(created.desc(), tenant_jobs.c.id.desc()).limit(limit + 1))).all()
    items = [dict(row._mapping) | {"entity": entity_of(row.args)} for row in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last_row = items[-1]
        next_cursor = encode_cursor(last_row["created_at"], uuid.UUID(int=last_row["id"]))
    return items, next_cursor


async def get(session: AsyncSession, job_id: int) -> dict[str, Any]:
    row = (await session.execute(select(tenant_jobs).where(tenant_jobs.c.id == job_id))).one_or_none()
    if row is None:
        raise NotFound("job", job_id)
    return dict(row._mapping) | {"entity": entity_of(row.args)}


async def retry(session: AsyncSession, actor: Principal, job_id: int) -> dict[str, Any]:
    """Put a failed job back in the queue now (its attempts count on)."""
    job = await get(session, job_id)
    if job["status"] != "failed":
        raise JobNotRetryable()
    await session.execute(text("select procrastinate_retry_job_v2(:id, now(), null, null, null)"), {"id": job_id})
    await audit.record(
        session, actor, "job.retry", entity_type="job", entity_id=str(job_id), before={"status": job["status"]}
    )
    return await get(session, job_id)


async def record_error(session: AsyncSession, job_id: int, error: str, failed_at: datetime | None = None) -> None:
    """Remember a job's latest error (the session is scoped to the job's tenant)."""
    values: dict[str, Any] = {"job_id": job_id, "error": error[:4000]}
    if failed_at:
        values["failed_at"] = failed_at
    stmt = insert(JobError).values(**values)
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=[JobError.tenant_id, JobError.job_id],
            set_={"error": stmt.excluded.error, "failed_at": text("clock_timestamp()")},
        )
    )
