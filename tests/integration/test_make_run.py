"""The `make run` path: an empty data dir, the embedded PostgreSQL, the demo tenant, a login."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.integration.conftest import base_env, mpanel_command, start_mpanel, stop
from tests.servers import free_port

pytestmark = pytest.mark.slow


def test_demo_starts_embedded_postgres_from_an_empty_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "var"
    port = free_port()
    env = base_env(MPANEL_DATA_DIR=str(data), LOG_FORMAT="console")
    server = start_mpanel(["demo", "--port", str(port)], env, tmp_path / "demo.log", port)
    try:
        assert (data / "postgres" / "PG_VERSION").is_file()
        output = server.log.read_text()
        credentials = json.loads((data / "demo-credentials.json").read_text())
        assert credentials["password"] in output
        assert f"http://127.0.0.1:{port}" in output
        health = httpx.get(f"{server.url}/api/health").json()
        assert health["checks"]["database"]["status"] == "ok"
        login = httpx.post(
            f"{server.url}/api/auth/login", json={"email": credentials["email"], "password": credentials["password"]}
        )
        assert login.status_code == 200
        me = httpx.get(f"{server.url}/api/auth/me", headers={"Authorization": f"Bearer {login.json()['accessToken']}"})
        assert me.json()["tenantSlug"] == "demo"
        assert me.json()["isPlatformOperator"] is True
    finally:
        stop(server)

    # A second start reuses the data dir and the same demo login.
    again = subprocess.run(
        mpanel_command("demo", "--no-serve"), env=env, capture_output=True, text=True, timeout=120, check=True
    )
    assert credentials["password"] in again.stdout


def test_bootstrap_prints_the_tenant_id_and_refuses_bad_input(tmp_path: Path) -> None:
    env = base_env(MPANEL_DATA_DIR=str(tmp_path / "var"), LOG_FORMAT="console")
    subprocess.run(mpanel_command("migrate"), env=env, check=True, capture_output=True, timeout=120)
    ok = subprocess.run(
        mpanel_command(
            "bootstrap",
            "--tenant-name",
            "Acme Hosting",
            "--owner-email",
            "boss@example.com",
            "--owner-password",
            "long enough secret",
        ),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    tenant_id = ok.stdout.strip().splitlines()[-1]
    assert len(tenant_id) == 36
    bad = subprocess.run(
        mpanel_command("bootstrap", "--tenant-name", "X", "--owner-email", "nope", "--owner-password", "short"),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
