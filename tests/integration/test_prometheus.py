"""A real Prometheus (Debian's) on loopback scrapes a real `mpanel serve` whose /api/metrics wants
a bearer token and a loopback address, and its HTTP API returns MPanel's request counter;
`promtool check metrics` accepts what was scraped."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mpanel.db.urls import DatabaseUrls
from tests.integration.conftest import LiveServer, base_env, mpanel_command, start_mpanel, stop
from tests.servers import free_port, running_http_server

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("prometheus") is None, reason="needs prometheus: bash scripts/ensure-debs.sh"),
]
TOKEN = "prometheus-scrape-token-0123456789"


@pytest.fixture(scope="module")
def guarded_server(database: DatabaseUrls, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    port = free_port()
    env = base_env(
        DATABASE_URL=database.owner.render_as_string(hide_password=False),
        MPANEL_ENV="test",
        METRICS_TOKEN=TOKEN,
        METRICS_ALLOW_FROM="127.0.0.0/8",
    )
    server = start_mpanel(
        ["serve", "--port", str(port), "--no-worker"], env, tmp_path_factory.mktemp("guarded") / "serve.log", port
    )
    yield server
    stop(server)


@pytest.fixture(scope="module")
def prometheus(guarded_server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("prometheus")
    (root / "token").write_text(TOKEN)
    target = guarded_server.url.removeprefix("http://")
    (root / "prometheus.yml").write_text(
        f"""
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: mpanel-api
    metrics_path: /api/metrics
    authorization:
      type: Bearer
      credentials_file: {root / "token"}
    static_configs:
      - targets: ["{target}"]
"""
    )
    port = free_port()
    command = [
        "prometheus",
        f"--config.file={root / 'prometheus.yml'}",
        f"--storage.tsdb.path={root / 'data'}",
        f"--web.listen-address=127.0.0.1:{port}",
    ]
    url = f"http://127.0.0.1:{port}"
    with running_http_server(command, ready_url=f"{url}/-/ready", directory=root):
        yield url


def query(prometheus: str, promql: str, *, timeout: float = 30) -> list[dict[str, Any]]:
    """The first non-empty instant-query result within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        body = httpx.get(f"{prometheus}/api/v1/query", params={"query": promql}, timeout=5).json()
        assert body["status"] == "success", body
        result: list[dict[str, Any]] = body["data"]["result"]
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.5)


class TestPrometheusScrapesMPanel:
    def test_the_request_counter_reaches_prometheus(self, guarded_server: LiveServer, prometheus: str) -> None:
        for _ in range(3):
            httpx.get(f"{guarded_server.url}/api/health", timeout=5)
        result = query(prometheus, 'mpanel_http_requests_total{route="/api/health",status="200"}')
        assert result, "Prometheus has no mpanel_http_requests_total for /api/health"
        assert float(result[0]["value"][1]) >= 3
        assert result[0]["metric"]["job"] == "mpanel-api"
        up = query(prometheus, 'up{job="mpanel-api"}')
        assert up[0]["value"][1] == "1"
        # The scrapes themselves passed the bearer token check.
        scrapes = query(prometheus, 'mpanel_http_requests_total{route="/api/metrics",status="200"}')
        assert scrapes
        assert query(prometheus, "mpanel_metrics_scrape_error")[0]["value"][1] == "0"

    def test_promtool_accepts_the_exposition(self, guarded_server: LiveServer) -> None:
        scraped = httpx.get(
            f"{guarded_server.url}/api/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
        )
        assert scraped.status_code == 200
        assert "mpanel_http_requests_total" in scraped.text
        check = subprocess.run(
            ["promtool", "check", "metrics"], input=scraped.text, capture_output=True, text=True, timeout=60
        )
        assert check.returncode == 0, check.stdout + check.stderr

    def test_without_the_token_the_scrape_is_refused(self, guarded_server: LiveServer) -> None:
        response = httpx.get(f"{guarded_server.url}/api/metrics", timeout=10)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "metrics_token_required"


class TestWorkerMetrics:
    def test_mpanel_worker_serves_its_metrics_on_worker_metrics_port(
        self, database: DatabaseUrls, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        port = free_port()
        env = base_env(
            DATABASE_URL=database.owner.render_as_string(hide_password=False),
            MPANEL_ENV="test",
            WORKER_METRICS_PORT=str(port),
        )
        log = tmp_path_factory.mktemp("worker") / "worker.log"
        with log.open("wb") as out:
            process = subprocess.Popen(mpanel_command("worker"), env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            body = ""
            while time.monotonic() < deadline and "mpanel_billing_runs_total" not in body:
                try:
                    body = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2).text
                except httpx.HTTPError:
                    time.sleep(0.3)
            assert "# TYPE mpanel_billing_run_duration_seconds histogram" in body, log.read_text()[-2000:]
            assert "# TYPE mpanel_billing_runs_total counter" in body
        finally:
            process.terminate()
            process.wait(timeout=20)
