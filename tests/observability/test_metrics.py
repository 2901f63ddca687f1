"""/api/metrics beyond HTTP: tenants' business figures, the job queue, billing runs, the metric
objects the hosting work will feed, and the scrape's protection."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.app import create_app
from mpanel.auth.principal import Principal
from mpanel.billing.payments import service as payments
from mpanel.billing.payments.schemas import RefundCreate
from mpanel.db.session import tenant_session
from mpanel.db.urls import DatabaseUrls
from mpanel.settings import Settings
from tests.conftest import make_settings
from tests.factories.billing import make_invoice, make_payment, make_subscription
from tests.factories.catalog import make_product
from tests.factories.customers import make_customer
from tests.factories.tenants import make_tenant

TOKEN = "scrape-token-0123456789"


def samples(body: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    found = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(body: str, name: str, **labels: str) -> float | None:
    return samples(body).get((name, frozenset(labels.items())))


@pytest.fixture
async def scrape(database: DatabaseUrls, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An app whose scrapes always read fresh database figures."""
    application = create_app(make_settings(database.owner, METRICS_CACHE_SECONDS=0), urls=database, run_worker=False)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("10.1.2.3", 1234))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


class TestBusinessMetrics:
    async def test_figures_per_tenant_and_currency(
        self, scrape: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        other = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        product = await make_product(
            sessionmaker,
            tenant.id,
            prices=[{"billingCycle": "monthly", "price": "30.00"}, {"billingCycle": "annual", "price": "120.00"}],
        )
        await make_subscription(sessionmaker, tenant.id, customer.id, product.id, price="30.00")
        await make_subscription(sessionmaker, tenant.id, customer.id, product.id, billingCycle="annual", price="120.00")
        paid = await make_invoice(sessionmaker, tenant.id, customer.id, total="50.00")
        late = await make_invoice(sessionmaker, tenant.id, customer.id, total="20.00")
        payment = await make_payment(sessionmaker, tenant.id, paid.id, "50.00")
        async with tenant_session(sessionmaker, tenant.id) as session:
            await payments.refund(
                session, Principal.system(tenant.id), payment.id, RefundCreate(amount=Decimal("5.00"), reason="x")
            )
            await session.execute(text("update invoices set status = 'overdue' where id = :id"), {"id": late.id})

        body = (await scrape.get("/api/metrics")).text
        slug = tenant.slug
        assert value(body, "mpanel_invoices_generated_total", tenant=slug) == 2
        assert value(body, "mpanel_payments_total", tenant=slug, currency="USD") == 1
        assert value(body, "mpanel_payments_amount_total", tenant=slug, currency="USD") == 50
        assert value(body, "mpanel_refunds_total", tenant=slug, currency="USD") == 1
        assert value(body, "mpanel_refunds_amount_total", tenant=slug, currency="USD") == 5
        assert value(body, "mpanel_active_subscriptions", tenant=slug) == 2
        assert value(body, "mpanel_mrr", tenant=slug, currency="USD") == 40  # 30 + 120 / 12
        assert value(body, "mpanel_overdue_invoices", tenant=slug) == 1
        assert value(body, "mpanel_overdue_amount", tenant=slug, currency="USD") == 20
        assert value(body, "mpanel_invoices_generated_total", tenant=other.slug) is None
        assert value(body, "mpanel_metrics_scrape_error") == 0

    async def test_the_application_role_still_reads_no_other_tenant(
        self, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        """The cross-tenant aggregate is a SECURITY DEFINER function; the tables stay hidden."""
        tenant = await make_tenant(sessionmaker)
        customer = await make_customer(sessionmaker, tenant.id)
        await make_invoice(sessionmaker, tenant.id, customer.id)
        async with tenant_session(sessionmaker, None) as session:
            assert await session.scalar(text("select count(*) from invoices")) == 0
            assert await session.scalar(text("select count(*) from mpanel_platform_metrics()")) > 0


class TestJobMetrics:
    async def test_queue_depth_oldest_waiting_and_failures(
        self, scrape: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        """Two due jobs wait behind a running job holding their lock (so no worker of this test
        process can take them), and one job has failed."""
        queue = f"q{uuid.uuid4().hex[:8]}"
        async with sessionmaker() as session, session.begin():
            for status in ("doing", "todo", "todo", "failed"):
                job = await session.scalar(
                    text(
                        "insert into procrastinate_jobs (queue_name, task_name, status, lock) "
                        "values (:q, :t, cast(:s as procrastinate_job_status), :lock) returning id"
                    ),
                    {"q": queue, "t": f"{queue}.task", "s": status, "lock": queue},
                )
                await session.execute(  # procrastinate's trigger recorded the 'deferred' event
                    text("update procrastinate_events set at = now() - interval '90 seconds' where job_id = :j"),
                    {"j": job},
                )
        try:
            body = (await scrape.get("/api/metrics")).text
            assert value(body, "mpanel_jobs_waiting", queue=queue) == 2
            assert value(body, "mpanel_jobs_running", queue=queue) == 1
            age = value(body, "mpanel_jobs_oldest_waiting_age_seconds", queue=queue)
            assert age is not None
            assert 85 < age < 600
            assert value(body, "mpanel_jobs_failed", task=f"{queue}.task") == 1
        finally:
            async with sessionmaker() as session, session.begin():
                await session.execute(text("delete from procrastinate_jobs where queue_name = :q"), {"q": queue})


class TestDefinedMetrics:
    async def test_every_family_is_described_even_without_samples(self, client: httpx.AsyncClient) -> None:
        body = (await client.get("/api/metrics")).text
        for name in (
            "mpanel_node_heartbeat_age_seconds",
            "mpanel_agent_operations_failed_total",
            "mpanel_billing_run_duration_seconds",
            "mpanel_billing_runs_total",
            "mpanel_mrr",
            "mpanel_jobs_waiting",
        ):
            assert f"# TYPE {name.removesuffix('_total')} " in body or f"# TYPE {name} " in body, name

    async def test_billing_runs_are_timed_and_counted(
        self, client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        from datetime import date

        from mpanel.billing.subscriptions.run import run_tenant

        before = value((await client.get("/api/metrics")).text, "mpanel_billing_runs_total", outcome="succeeded") or 0
        tenant = await make_tenant(sessionmaker)
        await run_tenant(sessionmaker, tenant.id, date(2026, 3, 1))
        body = (await client.get("/api/metrics")).text
        assert value(body, "mpanel_billing_runs_total", outcome="succeeded") == before + 1
        assert (value(body, "mpanel_billing_run_duration_seconds_count") or 0) >= 1


class TestProtection:
    async def _client(self, database: DatabaseUrls, client_ip: str, **env: str) -> tuple[FastAPI, httpx.AsyncClient]:
        application = create_app(make_settings(database.owner, **env), urls=database, run_worker=False)
        transport = httpx.ASGITransport(app=application, client=(client_ip, 1234))
        return application, httpx.AsyncClient(transport=transport, base_url="http://testserver")

    @pytest.mark.parametrize(
        ("env", "ip", "headers", "status", "code"),
        [
            ({"METRICS_TOKEN": TOKEN}, "10.0.0.5", {}, 401, "metrics_token_required"),
            ({"METRICS_TOKEN": TOKEN}, "10.0.0.5", {"Authorization": "Bearer wrong"}, 401, "metrics_token_required"),
            ({"METRICS_TOKEN": TOKEN}, "10.0.0.5", {"Authorization": f"Bearer {TOKEN}"}, 200, None),
            ({"METRICS_ALLOW_FROM": "10.0.0.0/8, ::1/128"}, "10.0.0.5", {}, 200, None),
            ({"METRICS_ALLOW_FROM": "10.0.0.0/8"}, "192.0.2.1", {}, 403, "metrics_address_refused"),
            (
                {"METRICS_ALLOW_FROM": "10.0.0.0/8", "METRICS_TOKEN": TOKEN},
                "10.0.0.5",
                {},
                401,
                "metrics_token_required",
            ),
        ],
    )
    async def test_token_and_allow_list(
        self,
        database: DatabaseUrls,
        env: dict[str, str],
        ip: str,
        headers: dict[str, str],
        status: int,
        code: str | None,
    ) -> None:
        application, client = await self._client(database, ip, **env)
        async with application.router.lifespan_context(application), client:
            response = await client.get("/api/metrics", headers=headers)
        assert response.status_code == status
        if code:
            assert response.json()["error"]["code"] == code
        else:
            assert "mpanel_http_requests_total" in response.text

    def test_a_bad_network_is_refused_at_startup(self, database: DatabaseUrls) -> None:
        with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6 network"):
            make_settings(database.owner, METRICS_ALLOW_FROM="10.0.0.0/8,not-a-network")

    async def test_no_secret_is_ever_exposed(self, database: DatabaseUrls, settings: Settings) -> None:
        application, client = await self._client(
            database, "10.0.0.5", METRICS_TOKEN=TOKEN, MPANEL_SECRET_KEYS_PREVIOUS="an old key 0123456789abcdef"
        )
        async with application.router.lifespan_context(application), client:
            body = (await client.get("/api/metrics", headers={"Authorization": f"Bearer {TOKEN}"})).text
        for secret in (
            TOKEN,
            settings.secret_key.get_secret_value(),
            settings.db_app_password.get_secret_value(),
            "an old key 0123456789abcdef",
        ):
            assert secret not in body
