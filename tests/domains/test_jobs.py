"""Registrar operations run as jobs on a real worker: the request leaves the domain pending (or its
nameservers waiting) with a job enqueued in its transaction; the job calls the registrar, retries
failures and shows the last one on the domain."""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.core.time import utcnow
from mpanel.db.session import tenant_session
from mpanel.db.urls import DatabaseUrls
from mpanel.domains.models import Domain, DomainEvent, IcannFee
from mpanel.jobs import runtime
from mpanel.jobs.worker import worker_app
from tests.conftest import make_settings
from tests.factories.catalog import make_tld
from tests.factories.customers import make_customer
from tests.factories.tenants import bearer, make_tenant, token_for
from tests.fakes.registrar import FlakyRegistrar


async def _work(database: DatabaseUrls, sessionmaker: async_sessionmaker[AsyncSession], **settings: str) -> None:
    """One pass of a real worker over the domains queue, until nothing is due."""
    runtime.settings, runtime.sessionmaker = make_settings(database.owner, **settings), sessionmaker
    async with worker_app(database) as app:
        await asyncio.wait_for(app.run_worker_async(queues=["domains"], wait=False, install_signal_handlers=False), 30)


async def _domain(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> Domain:
    async with tenant_session(sessionmaker, tenant_id) as session:
        domain: Domain | None = await session.scalar(select(Domain))
        assert domain is not None
        return domain


class TestRegistrarJobs:
    async def test_the_worker_registers_the_domain_with_the_platform_icann_fee(
        self,
        client: httpx.AsyncClient,
        database: DatabaseUrls,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        settings = make_settings(database.owner)
        tenant = await make_tenant(sessionmaker)
        await make_tld(sessionmaker, tenant.id, "com")
        customer = await make_customer(sessionmaker, tenant.id)
        response = await client.post(
            "/api/domains",
            json={"name": "priced.com", "customerId": str(customer.id), "years": 3},
            headers=bearer(token_for(settings, tenant.owner)),
        )
        assert response.status_code == 201, response.text
        assert (await _domain(sessionmaker, tenant.id)).status == "pending"
        await _work(database, sessionmaker, ICANN_FEE_USD="0.18")
        domain = await _domain(sessionmaker, tenant.id)
        assert (domain.status, domain.pending_operation, domain.registered_at) == ("active", None, utcnow().date())
        async with tenant_session(sessionmaker, tenant.id) as session:
            fees = (await session.scalars(select(IcannFee))).all()
        assert [(f.fee_per_year, f.amount) for f in fees] == [(Decimal("0.18"), Decimal("0.54"))]

    async def test_a_failure_is_shown_on_the_domain_and_retried_until_it_succeeds(
        self,
        client: httpx.AsyncClient,
        database: DatabaseUrls,
        sessionmaker: async_sessionmaker[AsyncSession],
        flaky: FlakyRegistrar,
    ) -> None:
        settings = make_settings(database.owner)
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        await make_tld(sessionmaker, tenant.id, "net", registrar="flaky")
        customer = await make_customer(sessionmaker, tenant.id)
        response = await client.post(
            "/api/domains", json={"name": "shaky.net", "customerId": str(customer.id)}, headers=headers
        )
        assert response.status_code == 201, response.text
        domain_id = response.json()["domain"]["id"]

        await _work(database, sessionmaker)
        shown = (await client.get(f"/api/domains/{domain_id}", headers=headers)).json()
        assert (shown["status"], shown["pendingOperation"]) == ("pending", "register")
        assert shown["lastError"] == "registry timeout (attempt 1)"
        assert shown["lastErrorAt"] is not None
        async with tenant_session(sessionmaker, tenant.id) as session:
            job = (
                await session.execute(
                    text(
                        "select status, attempts, scheduled_at > now() as later from procrastinate_jobs "
                        "where task_name = 'domains.registrar_operation' and args->>'domain_id' = :id"
                    ),
                    {"id": domain_id},
                )
            ).one()
            assert (job.status, job.attempts, job.later) == ("todo", 1, True)  # retried, after a wait
            await session.execute(
                text(
                    "update procrastinate_jobs set scheduled_at = now() "
                    "where task_name = 'domains.registrar_operation' and args->>'domain_id' = :id"
                ),
                {"id": domain_id},
            )

        await _work(database, sessionmaker)
        shown = (await client.get(f"/api/domains/{domain_id}", headers=headers)).json()
        assert (shown["status"], shown["lastError"], shown["registrarReference"]) == ("active", None, "ROID-2")
        async with tenant_session(sessionmaker, tenant.id) as session:
            actions = (await session.scalars(select(DomainEvent.action).order_by(DomainEvent.occurred_at))).all()
        assert actions == ["register", "registrar_failed", "registrar_done"]
        assert flaky.calls == 2

    async def test_a_renewal_request_only_enqueues_and_a_second_worker_pass_does_nothing(
        self,
        client: httpx.AsyncClient,
        database: DatabaseUrls,
        sessionmaker: async_sessionmaker[AsyncSession],
        flaky: FlakyRegistrar,
    ) -> None:
        flaky.failures = 0
        settings = make_settings(database.owner)
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(settings, tenant.owner))
        await make_tld(sessionmaker, tenant.id, "net", registrar="flaky")
        customer = await make_customer(sessionmaker, tenant.id)
        created = await client.post(
            "/api/domains", json={"name": "steady.net", "customerId": str(customer.id)}, headers=headers
        )
        domain_id = created.json()["domain"]["id"]
        await _work(database, sessionmaker)
        expiry = (await _domain(sessionmaker, tenant.id)).expires_at
        assert expiry is not None
        renewed = await client.post(f"/api/domains/{domain_id}/renew", json={"years": 2}, headers=headers)
        assert renewed.status_code == 200, renewed.text
        assert flaky.calls == 1  # the request did not call the registrar
        await _work(database, sessionmaker)
        await _work(database, sessionmaker)
        domain = await _domain(sessionmaker, tenant.id)
        assert (domain.expires_at, domain.pending_operation) == (expiry.replace(year=expiry.year + 2), None)
        assert flaky.calls == 2


async def _jobs(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, domain_id: str) -> list[Any]:
    """The domain's registrar jobs, oldest first."""
    async with tenant_session(sessionmaker, tenant_id) as session:
        rows = await session.execute(
            text(
                "select status, attempts, scheduled_at > now() as later from procrastinate_jobs "
                "where task_name = 'domains.registrar_operation' and args->>'domain_id' = :id order by id"
            ),
            {"id": domain_id},
        )
        return list(rows.all())


async def _registered(
    client: httpx.AsyncClient,
    database: DatabaseUrls,
    sessionmaker: async_sessionmaker[AsyncSession],
    headers: dict[str, str],
    tenant_id: uuid.UUID,
    name: str,
) -> str:
    """An active domain on the flaky registrar, registered through the API and the worker."""
    await make_tld(sessionmaker, tenant_id, "net", registrar="flaky")
    customer = await make_customer(sessionmaker, tenant_id)
    created = await client.post("/api/domains", json={"name": name, "customerId": str(customer.id)}, headers=headers)
    assert created.status_code == 201, created.text
    await _work(database, sessionmaker)
    domain_id: str = created.json()["domain"]["id"]
    assert (await client.get(f"/api/domains/{domain_id}", headers=headers)).json()["status"] == "active"
    return domain_id


class TestNameserverJobs:
    async def test_a_change_answers_at_once_and_the_job_retries_the_registrar_until_it_takes_it(
        self,
        client: httpx.AsyncClient,
        database: DatabaseUrls,
        sessionmaker: async_sessionmaker[AsyncSession],
        flaky: FlakyRegistrar,
    ) -> None:
        flaky.failures = 0
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(make_settings(database.owner), tenant.owner))
        domain_id = await _registered(client, database, sessionmaker, headers, tenant.id, "moving-ns.net")
        flaky.fail_next()
        ns = ["ns1.new-host.example", "ns2.new-host.example"]
        changed = await client.patch(f"/api/domains/{domain_id}", json={"nameservers": ns}, headers=headers)
        assert changed.status_code == 200, changed.text
        assert (changed.json()["nameservers"], changed.json()["nameserversPending"]) == (ns, True)
        assert flaky.calls == 1  # the request did not call the registrar

        await _work(database, sessionmaker)
        shown = (await client.get(f"/api/domains/{domain_id}", headers=headers)).json()
        assert (shown["nameserversPending"], shown["lastError"]) == (True, "registry timeout (attempt 2)")
        assert shown["lastErrorAt"] is not None
        job = (await _jobs(sessionmaker, tenant.id, domain_id))[-1]
        assert (job.status, job.attempts, job.later) == ("todo", 1, True)  # retried, after a wait
        async with tenant_session(sessionmaker, tenant.id) as session:
            await session.execute(
                text(
                    "update procrastinate_jobs set scheduled_at = now() "
                    "where task_name = 'domains.registrar_operation' and args->>'domain_id' = :id and status = 'todo'"
                ),
                {"id": domain_id},
            )

        await _work(database, sessionmaker)
        shown = (await client.get(f"/api/domains/{domain_id}", headers=headers)).json()
        assert (shown["nameserversPending"], shown["lastError"], shown["nameservers"]) == (False, None, ns)
        assert flaky.nameservers == [ns, ns]
        async with tenant_session(sessionmaker, tenant.id) as session:
            actions = (await session.scalars(select(DomainEvent.action).order_by(DomainEvent.occurred_at))).all()
        assert actions == ["register", "registrar_done", "registrar_failed", "nameservers"]
        assert [j.status for j in await _jobs(sessionmaker, tenant.id, domain_id)] == ["succeeded", "succeeded"]

    async def test_two_quick_changes_send_only_the_latest_set(
        self,
        client: httpx.AsyncClient,
        database: DatabaseUrls,
        sessionmaker: async_sessionmaker[AsyncSession],
        flaky: FlakyRegistrar,
    ) -> None:
        flaky.failures = 0
        tenant = await make_tenant(sessionmaker)
        headers = bearer(token_for(make_settings(database.owner), tenant.owner))
        domain_id = await _registered(client, database, sessionmaker, headers, tenant.id, "fickle.net")
        first, latest = ["a.ns.example", "b.ns.example"], ["c.ns.example", "d.ns.example"]
        for ns in (first, latest):
            response = await client.patch(f"/api/domains/{domain_id}", json={"nameservers": ns}, headers=headers)
            assert response.status_code == 200, response.text
        await _work(database, sessionmaker)
        assert flaky.nameservers == [latest]  # the second job found the registrar in sync and did nothing
        assert [j.status for j in await _jobs(sessionmaker, tenant.id, domain_id)] == ["succeeded"] * 3
        shown = (await client.get(f"/api/domains/{domain_id}", headers=headers)).json()
        assert (shown["nameservers"], shown["nameserversPending"]) == (latest, False)
