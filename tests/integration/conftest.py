"""Real processes: `mpanel` started as a user would start it, on a free loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from mpanel.db.urls import DatabaseUrls
from tests.servers import free_port


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def mpanel_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "mpanel.cli", *args]


def wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"mpanel exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"mpanel did not become healthy:\n{log.read_text()[-3000:]}")


def start_mpanel(args: list[str], env: dict[str, str], log: Path, port: int) -> LiveServer:
    with log.open("wb") as out:
        process = subprocess.Popen(mpanel_command(*args), env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, process, log)
    return LiveServer(url=url, process=process, log=log)


def stop(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MPANEL_", "DATABASE_"))}
    env.update({"LOG_FORMAT": "json", "MPANEL_SERVE_UI": "false", **extra})
    return env


@pytest.fixture(scope="session")
def api_server(database: DatabaseUrls, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`mpanel serve --no-worker` on the test database: no in-process worker competes for the jobs
    that other tests of this process run themselves."""
    port = free_port()
    env = base_env(DATABASE_URL=database.owner.render_as_string(hide_password=False), MPANEL_ENV="test")
    log = tmp_path_factory.mktemp("api") / "serve.log"
    server = start_mpanel(["serve", "--port", str(port), "--no-worker"], env, log, port)
    yield server
    stop(server)
