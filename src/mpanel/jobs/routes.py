from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from mpanel.auth.deps import Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.core.errors import Forbidden, NotFound, Unauthorized
from mpanel.core.schemas import Page
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.http.params import Cursor, Limit
from mpanel.http.routing import TransactionalRoute, errors
from mpanel.jobs import service as jobs
from mpanel.jobs.schemas import JobOut

router = APIRouter(prefix="/jobs", tags=["jobs"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)
JobId = Annotated[int, Path(ge=1, le=2**63 - 1)]
JobStatus = Literal["todo", "doing", "succeeded", "failed", "cancelled", "aborted"]


@router.get("", response_model=Page[JobOut], operation_id="jobs-list", responses=COMMON)
async def list_jobs(
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.JOBS_READ)],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    status: JobStatus | None = None,
    task: Annotated[str | None, Query(max_length=128)] = None,
    entity_id: Annotated[uuid.UUID | None, Query(alias="entityId")] = None,
) -> Page[JobOut]:
    items, next_cursor = await jobs.list_jobs(
        session, limit=limit, cursor=cursor, status=status, task=task, entity_id=entity_id
    )
    return Page[JobOut](items=[JobOut.model_validate(item) for item in items], next_cursor=next_cursor)


@router.get("/{job_id}", response_model=JobOut, operation_id="jobs-get", responses=COMMON | errors(NotFound))
async def get_job(
    job_id: JobId, session: TenantSession, actor: Annotated[Principal, Requires(Permission.JOBS_READ)]
) -> dict[str, Any]:
    return await jobs.get(session, job_id)


@router.post(
    "/{job_id}/retry",
    response_model=JobOut,
    operation_id="jobs-retry",
    responses=COMMON | errors(NotFound, jobs.JobNotRetryable),
)
async def retry_job(
    job_id: JobId, session: TenantSession, actor: Annotated[Principal, Requires(Permission.JOBS_WRITE)]
) -> dict[str, Any]:
    return await jobs.retry(session, actor, job_id)
