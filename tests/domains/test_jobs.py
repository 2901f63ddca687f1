"""Registrar operations run as jobs on a real worker: the request leaves the domain pending with a
job enqueued in its transaction; the job calls the registrar, retries failures and shows the last
one on the domain."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.core.time import utcnow
from mpanel.db.session import tenant_session
from mpanel.db.urls import DatabaseUrls
from mpanel.domains import registrars
from mpanel.domains.models import Domain, DomainEvent, IcannFee
from mpanel.domains.registrars import RegistrarError, RegistrarResult
from mpanel.jobs import runtime
from mpanel.jobs.worker import worker_app
from tests.conftest import make_settings
from tests.factories.catalog import make_tld
from tests.factories.customers import make_customer
from tests.factories.tenants import bearer, make_tenant, token_for


class FlakyRegistrar:
    """A registry that is down for the first `failures` calls (speaks the adapter interface)."""

    name = "flaky"

    def __init__(self, failures: int) -> None:
        self.failures, self.calls = failures, 0

    def _answer(self) -> RegistrarResult:
        self.calls += 1
        if self.calls <= self.failures:
            raise RegistrarError(f"registry timeout (attempt {self.calls})")
        return RegistrarResult(completed=True, reference=f"ROID-{self.calls}")

    async def register(self, domain: str, years: int, nameservers: Sequence[str]) -> RegistrarResult:
        return self._answer()

    async def renew(self, domain: str, years: int, current_expiry: date) -> RegistrarResult:
        return self._answer()

    async def transfer(self, domain: str, auth_code: str | None, years: int) -> RegistrarResult:
        return self._answer()

    async def set_nameservers(self, domain: str, nameservers: Sequence[str]) -> RegistrarResult:
        return self._answer()


@pytest.fixture
def flaky() -> Iterator[FlakyRegistrar]:
    registrar = FlakyRegistrar(failures=1)
    registrars.REGISTRARS["flaky"] = registrar
    yield registrar
    del registrars.REGISTRARS["flaky"]


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
