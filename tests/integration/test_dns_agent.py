"""The whole DNS path with real processes: `mpanel serve` (API + worker), a real `mpanel-agent`
enrolled with a one-time token, and a real PowerDNS answering queries on loopback."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.db.engine import create_engine, create_sessionmaker
from mpanel.db.urls import DatabaseUrls
from mpanel.settings import Settings
from tests.conftest import migrated_database
from tests.factories.tenants import bearer, make_tenant, token_for
from tests.integration.conftest import LiveServer, base_env, start_mpanel, stop
from tests.integration.powerdns import PowerDns, running_powerdns
from tests.servers import free_port

pytestmark = pytest.mark.slow
AGENT = [sys.executable, "-m", "mpanel_agent"]


@pytest.fixture(scope="module")
def powerdns(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PowerDns]:
    with running_powerdns(tmp_path_factory.mktemp("pdns")) as server:
        yield server


@pytest.fixture(scope="module")
def panel_database(server_url: URL) -> Iterator[DatabaseUrls]:
    """A database of its own: jobs other tests left waiting for agents never run here."""
    with migrated_database(server_url) as urls:
        yield urls


@pytest.fixture
async def panel_sessionmaker(panel_database: DatabaseUrls) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(panel_database.app, pool_size=2)
    yield create_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture(scope="module")
def panel(panel_database: DatabaseUrls, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A panel whose jobs give up waiting for an agent after 3 s (then retry with back-off)."""
    port = free_port()
    env = base_env(
        DATABASE_URL=panel_database.owner.render_as_string(hide_password=False),
        MPANEL_ENV="test",
        AGENT_ANSWER_TIMEOUT_SECONDS="3",
        AGENT_HEARTBEAT_SECONDS="2",
    )
    server = start_mpanel(["serve", "--port", str(port)], env, tmp_path_factory.mktemp("panel") / "serve.log", port)
    yield server
    stop(server)


def agent_config(directory: Path, panel: LiveServer, powerdns: PowerDns) -> Path:
    config = directory / "agent.toml"
    config.write_text(
        f'[panel]\nurl = "{panel.url}"\n\n[agent]\nstate_dir = "{directory / "state"}"\npoll_wait_seconds = 2\n\n'
        f'[powerdns]\napi_url = "{powerdns.api_url}"\napi_key = "{powerdns.api_key}"\n'
    )
    return config


def start_agent(config: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen([*AGENT, "run", "-c", str(config)], stdout=out, stderr=subprocess.STDOUT)


async def eventually(check: Callable[[], Any], *, seconds: float = 45, what: str = "") -> Any:
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached in {seconds} s: {what}")
        await asyncio.sleep(0.2)


async def test_zones_made_in_mpanel_are_served_by_powerdns(
    panel: LiveServer,
    powerdns: PowerDns,
    settings: Settings,
    panel_sessionmaker: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    tenant = await make_tenant(panel_sessionmaker)
    staff = bearer(token_for(settings, tenant.owner))
    api = httpx.AsyncClient(base_url=f"{panel.url}/api", headers=staff, timeout=30)
    created = (
        await api.post("/servers", json={"name": "dns-1", "hostname": "ns1.mpanel.test", "roles": ["dns"]})
    ).json()
    config = agent_config(tmp_path, panel, powerdns)
    enrolled = await asyncio.to_thread(
        subprocess.run,
        [*AGENT, "enrol", "--token", created["enrolmentToken"], "-c", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert enrolled.returncode == 0, enrolled.stderr
    assert (tmp_path / "state" / "state.json").stat().st_mode & 0o077 == 0  # the credential file is owner-only
    log = tmp_path / "agent.log"
    agent = start_agent(config, log)
    try:
        server_id = created["server"]["id"]

        async def online() -> bool:
            return bool((await api.get(f"/servers/{server_id}")).json()["status"] == "online")

        assert await online()
        zone = (await api.post("/dns/zones", json={"name": "shop.test", "variables": {"ip": "192.0.2.80"}})).json()
        long_txt = "v=DKIM1; k=rsa; p=" + "Q" * 380
        records = {
            ("@", "AAAA"): "2001:db8::80",
            ("@", "MX"): "10 mail",
            ("sel._domainkey", "TXT"): long_txt,
            ("_sip._tcp", "SRV"): "10 5 5060 sip.shop.test",
            ("@", "CAA"): '0 issue "letsencrypt.org"',
        }
        ids = {}
        for (name, rtype), content in records.items():
            response = await api.post(
                f"/dns/zones/{zone['id']}/records", json={"name": name, "type": rtype, "content": content}
            )
            assert response.status_code == 201, response.text
            ids[(name, rtype)] = response.json()["id"]

        def answers(name: str, rtype: str) -> list[str]:
            return powerdns.ask(name, rtype)[1]

        await eventually(lambda: answers("www.shop.test.", "A") == ["192.0.2.80"], what="A")
        await eventually(lambda: answers("shop.test.", "CAA") == ['0 issue "letsencrypt.org"'], what="CAA")
        assert answers("shop.test.", "AAAA") == ["2001:db8::80"]
        assert answers("shop.test.", "MX") == ["10 mail.shop.test."]
        assert answers("_sip._tcp.shop.test.", "SRV") == ["10 5 5060 sip.shop.test."]
        [txt] = answers("sel._domainkey.shop.test.", "TXT")
        assert txt.count('" "') == 1  # two strings on the wire: 255 bytes + the rest
        assert txt.replace('" "', "").strip('"') == long_txt

        deleted = await api.delete(f"/dns/zones/{zone['id']}/records/{ids[('@', 'CAA')]}")
        assert deleted.status_code == 204
        await eventually(lambda: answers("shop.test.", "CAA") == [], what="CAA gone")

        async def applied() -> dict[str, Any]:
            shown: dict[str, Any] = (await api.get(f"/dns/zones/{zone['id']}")).json()
            return shown

        shown = await applied()
        deadline = time.monotonic() + 30
        while shown["status"] != "active" or shown["appliedVersion"] != shown["version"]:
            assert time.monotonic() < deadline, shown
            await asyncio.sleep(0.2)
            shown = await applied()
        served_serial = powerdns.ask("shop.test.", "SOA")[1][0].split()[2]
        assert served_serial == str(shown["serial"])

        # Kill the agent in the middle of a burst of changes, start it again: it converges.
        for i in range(10):
            body = {"name": f"burst{i}", "type": "A", "content": f"192.0.2.{100 + i}"}
            assert (await api.post(f"/dns/zones/{zone['id']}/records", json=body)).status_code == 201
            if i == 3:
                await asyncio.sleep(0.3)
                agent.send_signal(signal.SIGKILL)
                await asyncio.to_thread(agent.wait, 10)
        agent = start_agent(config, log)
        burst = {f"burst{i}.shop.test.": [f"192.0.2.{100 + i}"] for i in range(10)}

        def converged() -> bool:
            return all(answers(name, "A") == expected for name, expected in burst.items())

        await eventually(converged, seconds=90, what="the burst after the restart")
        shown = await applied()
        deadline = time.monotonic() + 60
        while shown["status"] != "active" or shown["appliedVersion"] != shown["version"]:
            assert time.monotonic() < deadline, shown
            await asyncio.sleep(0.3)
            shown = await applied()

        resync = await asyncio.to_thread(
            subprocess.run, [*AGENT, "resync", "-c", str(config)], capture_output=True, text=True, check=False
        )
        assert resync.returncode == 0, resync.stderr
        assert "1 object" in resync.stdout

        # A revoked node: the running agent is refused and stops; its credential gets 401.
        assert (await api.post(f"/servers/{server_id}/revoke")).status_code == 200
        assert await asyncio.to_thread(agent.wait, 30) == 3, log.read_text()[-2000:]
        state = (tmp_path / "state" / "state.json").read_text()
        credential = state.split('"credential": "')[1].split('"')[0]
        refused = await api.get("/agent/operations", headers={"Authorization": f"Bearer {credential}"})
        assert refused.status_code == 401
    finally:
        if agent.poll() is None:
            agent.kill()
        await api.aclose()
