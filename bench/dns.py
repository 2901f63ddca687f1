"""make bench-dns: 200 DNS record changes through the API, each timed from the API call returning
to PowerDNS answering the new data. Real processes: `mpanel serve` (API + worker) on its own
database, a real `mpanel-agent`, a real PowerDNS. Prints p50 and p95. Target: p95 under 2 s."""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from tests.factories.tenants import bearer, make_tenant
from tests.integration.conftest import base_env, start_mpanel, stop
from tests.integration.powerdns import PowerDns, running_powerdns
from tests.servers import free_port

from bench.database import scratch_database
from mpanel.auth.principal import Principal
from mpanel.auth.tokens import issue_access_token
from mpanel.db.engine import create_engine, create_sessionmaker
from mpanel.db.urls import resolve
from mpanel.settings import Settings

CHANGES = int(os.environ.get("BENCH_DNS_CHANGES", "200"))
AGENT = [sys.executable, "-m", "mpanel_agent"]


async def _owner_token(settings: Settings) -> dict[str, str]:
    engine = create_engine(resolve(settings).app, pool_size=2)
    try:
        tenant = await make_tenant(create_sessionmaker(engine))
    finally:
        await engine.dispose()
    owner = tenant.owner
    principal = Principal.for_user(
        user_id=owner.id, tenant_id=owner.tenant_id, role=owner.role, email=owner.email, is_platform_operator=False
    )
    return bearer(issue_access_token(principal, secret=settings.secret_key.get_secret_value(), ttl_seconds=3600))


async def _until(check: object, seconds: float = 30) -> float:
    """Seconds until `check()` is true, polling every 5 ms."""
    started = time.perf_counter()
    while not check():  # type: ignore[operator]
        if time.perf_counter() - started > seconds:
            raise TimeoutError("PowerDNS did not answer the change in time")
        await asyncio.sleep(0.005)
    return time.perf_counter() - started


async def measure(api: httpx.AsyncClient, zone_id: str, zone: str, powerdns: PowerDns) -> list[float]:
    latencies = []
    for i in range(CHANGES):
        name, address = f"r{i}", f"10.{i // 250}.{i % 250}.1"
        response = await api.post(f"/dns/zones/{zone_id}/records", json={"name": name, "type": "A", "content": address})
        response.raise_for_status()
        latencies.append(await _until(lambda n=name, a=address: powerdns.ask(f"{n}.{zone}.", "A")[1] == [a]))
    return latencies


async def _bench(tmp: Path, settings: Settings) -> list[float]:
    headers = await _owner_token(settings)
    port = free_port()
    env = base_env(DATABASE_URL=settings.database_url.get_secret_value(), MPANEL_ENV="test")  # type: ignore[union-attr]
    panel = start_mpanel(["serve", "--port", str(port)], env, tmp / "serve.log", port)
    agent = None
    try:
        with running_powerdns(tmp) as powerdns:
            api = httpx.AsyncClient(base_url=f"{panel.url}/api", headers=headers, timeout=30)
            node = (
                await api.post("/servers", json={"name": "dns", "hostname": "ns1.bench.test", "roles": ["dns"]})
            ).json()
            config = tmp / "agent.toml"
            config.write_text(
                f'[panel]\nurl = "{panel.url}"\n[agent]\nstate_dir = "{tmp / "agent"}"\n'
                f'[powerdns]\napi_url = "{powerdns.api_url}"\napi_key = "{powerdns.api_key}"\n'
            )
            subprocess.run([*AGENT, "enrol", "--token", node["enrolmentToken"], "-c", str(config)], check=True)
            agent = subprocess.Popen(
                [*AGENT, "run", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
            )
            zone = (await api.post("/dns/zones", json={"name": "bench.test"})).json()
            await _until(lambda: bool(powerdns.ask("bench.test.", "SOA")[1]))
            latencies = await measure(api, zone["id"], "bench.test", powerdns)
            await api.aclose()
            return latencies
    finally:
        if agent is not None:
            agent.terminate()
        stop(panel)


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name, scratch_database(Path(tmp_name)) as settings:
        latencies = await _bench(Path(tmp_name), settings)
    ordered = sorted(latencies)
    p95 = ordered[int(0.95 * len(ordered)) - 1]
    print(f"changes:        {len(latencies)} (each: API call returned -> PowerDNS answers the new record)")
    print(f"p50:            {statistics.median(latencies):.3f} s")
    print(f"p95:            {p95:.3f} s   (target < 2 s)")
    print(f"max:            {ordered[-1]:.3f} s")


if __name__ == "__main__":
    asyncio.run(main())
