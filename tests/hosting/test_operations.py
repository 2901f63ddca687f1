"""The desired-state engine with a real PowerDNS: an agent (driven here in-process through the
agent API) takes operations, applies them with the PowerDNS driver and reports back."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import dns.rcode
import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.core.time import utcnow
from mpanel.db.session import tenant_session
from mpanel.hosting.dns.models import DnsRecord
from mpanel.hosting.operations import service as operations
from mpanel.hosting.operations.models import Operation
from mpanel.hosting.operations.tasks import AgentDidNotAnswer, OperationFailed
from mpanel.hosting.operations.tasks import apply as apply_task
from mpanel.jobs import runtime
from mpanel.settings import Settings
from mpanel_agent import runner
from mpanel_agent.client import PanelClient
from mpanel_agent.config import PowerDnsConfig
from mpanel_agent.drivers.powerdns import PowerDnsDriver
from tests.factories.hosting import EnrolledServer, make_enrolled_server
from tests.factories.tenants import bearer, make_tenant, token_for
from tests.integration.powerdns import PowerDns


class Agent:
    """The agent's half of the protocol, in-process: take, apply with the real driver, report."""

    def __init__(self, client: httpx.AsyncClient, node: EnrolledServer, powerdns: PowerDns) -> None:
        self.client, self.node = client, node
        self.drivers: dict[str, Any] = {"powerdns": PowerDnsDriver(PowerDnsConfig(powerdns.api_url, powerdns.api_key))}

    async def take(self, wait: float = 0) -> list[dict[str, Any]]:
        response = await self.client.get("/api/agent/operations", params={"wait": wait}, headers=self.node.headers)
        assert response.status_code == 200, response.text
        taken: list[dict[str, Any]] = response.json()["operations"]
        return taken

    async def report(self, operation: dict[str, Any], ok: bool, error: str | None = None) -> None:
        response = await self.client.post(
            f"/api/agent/operations/{operation['id']}/result",
            json={"ok": ok, "error": error},
            headers=self.node.headers,
        )
        assert response.status_code == 204, response.text

    async def work(self) -> int:
        """One round of the real agent loop (mpanel_agent.runner.work) over the ASGI transport."""
        panel = PanelClient(
            str(self.client.base_url).rstrip("/"), self.node.credential, transport=self.client._transport
        )
        try:
            return await runner.work(panel, self.drivers, wait=0)
        finally:
            await panel.close()


@pytest.fixture
async def setup(
    client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], powerdns: PowerDns
) -> tuple[uuid.UUID, dict[str, str], Agent]:
    tenant = await make_tenant(sessionmaker)
    node = await make_enrolled_server(sessionmaker, settings, tenant.id)
    return tenant.id, bearer(token_for(settings, tenant.owner)), Agent(client, node, powerdns)


async def _prepare(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, zone_id: str) -> None:
    """What the hosting.apply job does first (the job runner is not running in these tests)."""
    async with tenant_session(sessionmaker, tenant_id) as session:
        await operations.prepare(session, "dns_zone", uuid.UUID(zone_id))


async def test_applied_zone_is_served_and_becomes_active(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    powerdns: PowerDns,
    setup: tuple[uuid.UUID, dict[str, str], Agent],
) -> None:
    tenant_id, staff, agent = setup
    name = f"z{uuid.uuid4().hex[:8]}.test"
    zone = (
        await client.post("/api/dns/zones", json={"name": name, "variables": {"ip": "192.0.2.1"}}, headers=staff)
    ).json()
    await _prepare(sessionmaker, tenant_id, zone["id"])
    assert await agent.work() == 1
    [operation] = (await client.get(f"/api/dns/zones/{zone['id']}/operations", headers=staff)).json()
    assert operation["version"] == zone["version"]
    shown = (await client.get(f"/api/dns/zones/{zone['id']}", headers=staff)).json()
    assert shown["status"] == "active"
    assert shown["appliedVersion"] == shown["version"]
    assert powerdns.ask(f"www.{name}.", "A") == (dns.rcode.NOERROR, ["192.0.2.1"])
    assert powerdns.ask(f"{name}.", "SOA")[1][0].split()[2] == str(zone["serial"])

    # A replay of the same version is harmless and changes nothing on the server.
    async with tenant_session(sessionmaker, tenant_id) as session:
        assert await operations.prepare(session, "dns_zone", uuid.UUID(zone["id"])) is None
        again = await operations.prepare(session, "dns_zone", uuid.UUID(zone["id"]), force=True)
        assert again is not None
    assert await agent.work() == 1
    history = (await client.get(f"/api/dns/zones/{zone['id']}/operations", headers=staff)).json()
    assert history[0]["observed"] == {"action": "unchanged", "changed": 0, "rrsets": 4}


async def test_a_newer_version_supersedes_and_a_late_answer_changes_nothing(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    powerdns: PowerDns,
    setup: tuple[uuid.UUID, dict[str, str], Agent],
) -> None:
    tenant_id, staff, agent = setup
    name = f"z{uuid.uuid4().hex[:8]}.test"
    zone = (await client.post("/api/dns/zones", json={"name": name}, headers=staff)).json()
    await _prepare(sessionmaker, tenant_id, zone["id"])
    [old] = await agent.take()  # taken, then the agent is slow
    record = {"name": "new", "type": "A", "content": "192.0.2.7"}
    assert (await client.post(f"/api/dns/zones/{zone['id']}/records", json=record, headers=staff)).status_code == 201
    await _prepare(sessionmaker, tenant_id, zone["id"])
    await agent.report(old, ok=False, error="late failure of an old version")
    shown = (await client.get(f"/api/dns/zones/{zone['id']}", headers=staff)).json()
    assert shown["status"] == "pending"
    assert shown["lastError"] is None
    assert await agent.work() == 1
    assert powerdns.ask(f"new.{name}.", "A") == (dns.rcode.NOERROR, ["192.0.2.7"])
    statuses = [
        op["status"] for op in (await client.get(f"/api/dns/zones/{zone['id']}/operations", headers=staff)).json()
    ]
    assert statuses == ["succeeded", "superseded"]


async def test_one_failing_zone_does_not_block_another(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    powerdns: PowerDns,
    setup: tuple[uuid.UUID, dict[str, str], Agent],
) -> None:
    tenant_id, staff, agent = setup
    good, bad = (f"z{uuid.uuid4().hex[:8]}.test" for _ in range(2))
    zones = {}
    for name in (good, bad):
        zones[name] = (
            await client.post("/api/dns/zones", json={"name": name, "variables": {"ip": "192.0.2.2"}}, headers=staff)
        ).json()
    # Data PowerDNS refuses (422), put in behind the API's back, stands for any refusal.
    async with tenant_session(sessionmaker, tenant_id) as session:
        session.add(DnsRecord(zone_id=uuid.UUID(zones[bad]["id"]), name="x", type="MX", ttl=3600, content="10 -bad-."))
    for zone in zones.values():
        await _prepare(sessionmaker, tenant_id, zone["id"])
    assert await agent.work() == 2
    shown = {n: (await client.get(f"/api/dns/zones/{z['id']}", headers=staff)).json() for n, z in zones.items()}
    assert shown[good]["status"] == "active"
    assert powerdns.ask(f"www.{good}.", "A")[1] == ["192.0.2.2"]
    assert shown[bad]["status"] == "error"
    assert "PowerDNS refused the change (422)" in shown[bad]["lastError"]
    jobs = (await client.get("/api/jobs", params={"entityId": zones[bad]["id"]}, headers=staff)).json()["items"]
    assert jobs  # the job that will retry it is listed with the zone


async def test_an_operation_taken_and_never_answered_is_offered_again(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    setup: tuple[uuid.UUID, dict[str, str], Agent],
) -> None:
    tenant_id, staff, agent = setup
    zone = (await client.post("/api/dns/zones", json={"name": f"z{uuid.uuid4().hex[:8]}.test"}, headers=staff)).json()
    await _prepare(sessionmaker, tenant_id, zone["id"])
    [first] = await agent.take()
    assert await agent.take() == []  # leased: not handed out twice
    async with tenant_session(sessionmaker, tenant_id) as session:
        await session.execute(
            update(Operation).where(Operation.id == first["id"]).values(leased_until=utcnow() - timedelta(seconds=1))
        )
    [second] = await agent.take()
    assert second["id"] == first["id"]
    assert second["attempt"] == 2


async def test_deleting_a_zone_removes_it_from_the_server_then_from_mpanel(
    client: httpx.AsyncClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    powerdns: PowerDns,
    setup: tuple[uuid.UUID, dict[str, str], Agent],
) -> None:
    tenant_id, staff, agent = setup
    name = f"z{uuid.uuid4().hex[:8]}.test"
    zone = (
        await client.post("/api/dns/zones", json={"name": name, "variables": {"ip": "192.0.2.3"}}, headers=staff)
    ).json()
    await _prepare(sessionmaker, tenant_id, zone["id"])
    await agent.work()
    deleting = await client.delete(f"/api/dns/zones/{zone['id']}", headers=staff)
    assert deleting.status_code == 202
    assert deleting.json()["status"] == "deleting"
    refused = await client.post(
        f"/api/dns/zones/{zone['id']}/records", json={"name": "x", "type": "A", "content": "192.0.2.1"}, headers=staff
    )
    assert refused.status_code == 409
    await _prepare(sessionmaker, tenant_id, zone["id"])
    await agent.work()
    assert (await client.get(f"/api/dns/zones/{zone['id']}", headers=staff)).status_code == 404
    assert powerdns.ask(f"www.{name}.", "A")[0] == dns.rcode.REFUSED


async def test_the_apply_job_waits_for_the_agent_and_raises_for_retries(
    client: httpx.AsyncClient,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    setup: tuple[uuid.UUID, dict[str, str], Agent],
) -> None:
    tenant_id, staff, agent = setup
    zone = (await client.post("/api/dns/zones", json={"name": f"z{uuid.uuid4().hex[:8]}.test"}, headers=staff)).json()
    runtime.settings, runtime.sessionmaker = (
        settings.model_copy(update={"agent_answer_timeout_seconds": 1.0}),
        sessionmaker,
    )
    try:
        with pytest.raises(AgentDidNotAnswer):  # nobody takes it
            await apply_task(str(tenant_id), "dns_zone", zone["id"])

        async def refuse() -> None:
            await asyncio.sleep(0.2)
            [operation] = await agent.take()
            await agent.report(operation, ok=False, error="PowerDNS refused the change (422): bad data")

        with pytest.raises(OperationFailed, match="bad data"):
            await asyncio.gather(apply_task(str(tenant_id), "dns_zone", zone["id"]), refuse())
        shown = (await client.get(f"/api/dns/zones/{zone['id']}", headers=staff)).json()
        assert shown["status"] == "error"
        assert "bad data" in shown["lastError"]

        async def succeed() -> None:
            await asyncio.sleep(0.2)
            await agent.work()

        outcome, _ = await asyncio.gather(apply_task(str(tenant_id), "dns_zone", zone["id"]), succeed())
        assert outcome == "succeeded"
        assert await apply_task(str(tenant_id), "dns_zone", zone["id"]) == "up to date"
    finally:
        runtime.settings = runtime.sessionmaker = None
