"""The job list: a tenant sees only its own jobs, with the object they serve, their last error
(kept by the worker middleware), and can retry a failed one."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.db.session import tenant_session
from mpanel.jobs import enqueue, runtime
from mpanel.jobs.errors import record_job_errors
from mpanel.settings import Settings
from tests.factories.tenants import bearer, make_tenant, token_for


async def _job(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, status: str = "todo") -> int:
    async with tenant_session(sessionmaker, tenant_id) as session:
        job_id = await enqueue(
            session,
            "hosting.apply",
            queue_name="provisioning",
            tenant_id=tenant_id,
            object_type="dns_zone",
            object_id=uuid.uuid4(),
        )
        if status != "todo":
            await session.execute(
                text("update procrastinate_jobs set status = :s where id = :id"), {"s": status, "id": job_id}
            )
    return job_id


async def test_jobs_are_listed_per_tenant_with_their_entity(
    client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    mine, theirs = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
    my_job = await _job(sessionmaker, mine.id)
    their_job = await _job(sessionmaker, theirs.id)
    headers = bearer(token_for(settings, mine.owner))
    listed = (await client.get("/api/jobs", headers=headers)).json()["items"]
    assert [j["id"] for j in listed] == [my_job]
    assert listed[0]["entity"]["type"] == "dns_zone"
    assert listed[0]["status"] == "todo"
    assert (await client.get(f"/api/jobs/{their_job}", headers=headers)).status_code == 404
    assert (await client.post(f"/api/jobs/{their_job}/retry", headers=headers)).status_code == 404
    filtered = await client.get("/api/jobs", params={"status": "failed"}, headers=headers)
    assert filtered.json()["items"] == []
    assert (await client.get("/api/jobs", params={"status": "bogus"}, headers=headers)).status_code == 422


async def test_the_last_error_is_kept_and_a_failed_job_can_be_retried(
    client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    tenant = await make_tenant(sessionmaker)
    headers = bearer(token_for(settings, tenant.owner))
    job_id = await _job(sessionmaker, tenant.id, status="failed")
    context: Any = SimpleNamespace(job=SimpleNamespace(id=job_id, task_kwargs={"tenant_id": str(tenant.id)}))

    async def failing() -> None:
        raise RuntimeError("the node's agent did not answer within 20 s")

    runtime.sessionmaker = sessionmaker
    try:
        with pytest.raises(RuntimeError):
            await record_job_errors(failing, context, None)
    finally:
        runtime.sessionmaker = None
    shown = (await client.get(f"/api/jobs/{job_id}", headers=headers)).json()
    assert shown["status"] == "failed"
    assert shown["lastError"] == "RuntimeError: the node's agent did not answer within 20 s"

    retried = await client.post(f"/api/jobs/{job_id}/retry", headers=headers)
    assert retried.status_code == 200, retried.text
    assert retried.json()["status"] == "todo"
    again = await client.post(f"/api/jobs/{job_id}/retry", headers=headers)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "job_not_retryable"
    support = await client.get("/api/audit-logs", params={"action": "job.retry"}, headers=headers)
    assert [e["entityId"] for e in support.json()["items"]] == [str(job_id)]
