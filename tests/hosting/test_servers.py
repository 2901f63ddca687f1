"""Servers and their agents: the one-time enrolment token, the node credential (hashed, revocable),
heartbeats with metrics, the offline sweep and metric downsampling."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import httpx
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.core.security import hash_token
from mpanel.core.time import utcnow
from mpanel.db.session import tenant_session
from mpanel.hosting.servers import metrics
from mpanel.hosting.servers import service as servers
from mpanel.hosting.servers.models import Server, ServerMetric
from mpanel.settings import Settings
from tests.factories.hosting import make_enrolled_server
from tests.factories.tenants import bearer, make_tenant, token_for

METRICS = {
    "cpuPercent": 12.5,
    "memoryPercent": 40,
    "diskPercent": 55.5,
    "load1": 0.5,
    "load5": 0.4,
    "load15": 0.3,
    "uptimeSeconds": 3600,
}


async def _add_server(client: httpx.AsyncClient, headers: dict[str, str], **body: object) -> dict[str, object]:
    payload = {"name": "dns-1", "hostname": "ns1.example.net", "roles": ["dns"], **body}
    response = await client.post("/api/servers", json=payload, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, object] = response.json()
    return result


async def test_a_node_enrols_once_then_reports_heartbeats(
    client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    tenant = await make_tenant(sessionmaker)
    staff = bearer(token_for(settings, tenant.owner))
    created = await _add_server(client, staff, capacity={"zones": 500, "diskGb": 200})
    server = created["server"]
    assert isinstance(server, dict)
    assert server["capacity"] == {"zones": 500, "diskGb": 200}
    assert server["status"] == "pending"
    assert server["enrolled"] is False
    token = str(created["enrolmentToken"])

    enrolled = await client.post("/api/agent/enrol", json={"token": token, "hostname": "ns1", "agentVersion": "1.0"})
    assert enrolled.status_code == 200, enrolled.text
    credential = enrolled.json()["credential"]
    again = await client.post("/api/agent/enrol", json={"token": token, "hostname": "ns1", "agentVersion": "1.0"})
    assert again.status_code == 401
    assert again.json()["error"]["code"] == "enrolment_token_invalid"

    beat = await client.post(
        "/api/agent/heartbeat",
        json={"agentVersion": "1.0", "metrics": METRICS},
        headers={"Authorization": f"Bearer {credential}"},
    )
    assert beat.status_code == 200, beat.text
    shown = (await client.get(f"/api/servers/{server['id']}", headers=staff)).json()
    assert shown["status"] == "online"
    assert shown["enrolled"] is True
    assert shown["lastMetrics"]["cpuPercent"] == 12.5
    assert shown["agentVersion"] == "1.0"

    async with tenant_session(sessionmaker, tenant.id) as session:
        row = await session.scalar(select(Server).where(Server.id == server["id"]))
        assert row is not None
        # Only the SHA-256 of the credential is stored, never the credential itself.
        assert row.credential_hash == hash_token(credential)
        stored = await session.execute(text("select row_to_json(s)::text from servers s"))
        assert credential not in stored.scalar_one()


async def test_a_revoked_credential_gets_401(
    client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    tenant = await make_tenant(sessionmaker)
    node = await make_enrolled_server(sessionmaker, settings, tenant.id)
    ok = await client.get("/api/agent/operations", headers=node.headers)
    assert ok.status_code == 200
    assert ok.json() == {"operations": []}

    revoked = await client.post(
        f"/api/servers/{node.server.id}/revoke", headers=bearer(token_for(settings, tenant.owner))
    )
    assert revoked.status_code == 200
    assert revoked.json()["status"] == "offline"
    for method, path in (("GET", "/api/agent/operations"), ("POST", "/api/agent/resync")):
        refused = await client.request(method, path, headers=node.headers)
        assert refused.status_code == 401, (path, refused.text)
        assert refused.json()["error"]["code"] == "node_credential_invalid"
    beat = await client.post(
        "/api/agent/heartbeat", json={"agentVersion": "1", "metrics": METRICS}, headers=node.headers
    )
    assert beat.status_code == 401


async def test_forged_and_cross_tenant_credentials_are_refused(
    client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    mine, theirs = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
    node = await make_enrolled_server(sessionmaker, settings, theirs.id)
    _, _, server_hex, secret = node.credential.split(".")
    # Their server id under my tenant id: the lookup runs in my tenant and finds nothing.
    forged = f"mpn1.{mine.id.hex}.{server_hex}.{secret}"
    for credential in (forged, node.credential[:-2] + "xx", "not-a-token", token_for(settings, mine.owner)):
        response = await client.get("/api/agent/operations", headers={"Authorization": f"Bearer {credential}"})
        assert response.status_code == 401, credential


async def test_bad_input_is_refused(
    client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    tenant = await make_tenant(sessionmaker)
    staff = bearer(token_for(settings, tenant.owner))
    await _add_server(client, staff)
    cases = [
        ({"name": "x", "hostname": "ns1.example.net", "roles": []}, 422),
        ({"name": "x", "hostname": "ns1.example.net", "roles": ["dns", "dns"]}, 422),
        ({"name": "x", "hostname": "ns1.example.net", "roles": ["teapot"]}, 422),
        ({"name": "x", "hostname": "not a host", "roles": ["dns"]}, 422),
        ({"name": "x", "hostname": "ns1.example.net", "roles": ["dns"], "capacity": {"sites": -1}}, 422),
        ({"name": "DNS-1", "hostname": "ns1.example.net", "roles": ["dns"]}, 409),
    ]
    for body, expected in cases:
        response = await client.post("/api/servers", json=body, headers=staff)
        assert response.status_code == expected, (body, response.text)
    listed = await client.get("/api/servers", headers=staff)
    assert [s["name"] for s in listed.json()["items"]] == ["dns-1"]
    node = await make_enrolled_server(sessionmaker, settings, tenant.id)
    beat = await client.post(
        "/api/agent/heartbeat",
        json={"agentVersion": "1", "metrics": METRICS | {"cpuPercent": 101}},
        headers=node.headers,
    )
    assert beat.status_code == 422


async def test_maintenance_and_silent_nodes(
    client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    tenant = await make_tenant(sessionmaker)
    staff = bearer(token_for(settings, tenant.owner))
    node = await make_enrolled_server(sessionmaker, settings, tenant.id)
    quiet = await make_enrolled_server(sessionmaker, settings, tenant.id)
    async with tenant_session(sessionmaker, tenant.id) as session:
        long_ago = utcnow() - timedelta(seconds=settings.agent_offline_after_seconds + 5)
        await session.execute(update(Server).where(Server.id == quiet.server.id).values(last_heartbeat_at=long_ago))
    async with tenant_session(sessionmaker, tenant.id) as session:
        assert await servers.mark_silent_offline(session, settings) == 1
    statuses = {s["id"]: s["status"] for s in (await client.get("/api/servers", headers=staff)).json()["items"]}
    assert statuses == {str(node.server.id): "online", str(quiet.server.id): "offline"}

    paused = await client.patch(f"/api/servers/{node.server.id}", json={"maintenance": True}, headers=staff)
    assert paused.json()["status"] == "maintenance"
    back = await client.patch(f"/api/servers/{node.server.id}", json={"maintenance": False}, headers=staff)
    assert back.json()["status"] == "online"
    audit = (await client.get("/api/audit-logs", params={"entityType": "servers"}, headers=staff)).json()["items"]
    assert {"server.offline", "server.update", "server.enrol"} <= {entry["action"] for entry in audit}


async def test_metrics_are_served_per_step_and_downsampled(
    client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    tenant = await make_tenant(sessionmaker)
    staff = bearer(token_for(settings, tenant.owner))
    node = await make_enrolled_server(sessionmaker, settings, tenant.id)
    now = utcnow().replace(microsecond=0)
    start = now - timedelta(hours=3)
    async with tenant_session(sessionmaker, tenant.id) as session:
        for i in range(0, 3 * 3600, 60):  # a sample a minute for three hours: cpu = minute of the hour
            at = start + timedelta(seconds=i)
            session.add(
                ServerMetric(
                    server_id=node.server.id,
                    resolution=0,
                    at=at,
                    cpu_percent=Decimal(at.minute),
                    memory_percent=Decimal(50),
                    disk_percent=Decimal(60),
                    load1=Decimal(1),
                    load5=Decimal(1),
                    load15=Decimal(1),
                    uptime_seconds=i,
                )
            )
    response = await client.get(
        f"/api/servers/{node.server.id}/metrics",
        params={"from": start.isoformat(), "to": now.isoformat(), "step": 3600},
        headers=staff,
    )
    assert response.status_code == 200, response.text
    series = response.json()
    assert series["resolution"] == 0
    full_hours = [p for p in series["points"] if p["cpuPercent"] == 29.5]  # mean of minutes 0..59
    assert len(full_hours) >= 2

    async with tenant_session(sessionmaker, tenant.id) as session:
        written = await metrics.downsample(session, now=now)
        assert written >= 20  # five-minute buckets of the hours older than one
        buckets = (
            await session.scalars(select(ServerMetric).where(ServerMetric.resolution == 300).order_by(ServerMetric.at))
        ).all()
        assert buckets
        assert all(b.at.minute % 5 == 0 for b in buckets)
        assert buckets[1].cpu_percent == buckets[1].at.minute + 2  # mean of 5 consecutive minutes
        assert await metrics.downsample(session, now=now) == 0  # idempotent

    bad: list[dict[str, str | int]] = [
        {"from": now.isoformat(), "to": start.isoformat()},
        {"from": start.isoformat(), "to": now.isoformat(), "step": 5},
        {"from": (now - timedelta(days=10)).isoformat(), "to": now.isoformat(), "step": 10},
        {"from": "2026-01-01T00:00:00", "to": now.isoformat()},  # no time zone
        {"from": "yesterday"},
    ]
    for params in bad:
        refused = await client.get(f"/api/servers/{node.server.id}/metrics", params=params, headers=staff)
        assert refused.status_code == 422, (params, refused.text)
