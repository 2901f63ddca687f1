"""Logs as Loki receives them: `mpanel serve` writes one JSON object per line on stdout, and the
access line of a request carries its id, tenant, user, route template, status and duration."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.factories.tenants import PASSWORD, make_tenant
from tests.integration.conftest import LiveServer, base_env

pytestmark = pytest.mark.slow


def json_lines(server: LiveServer) -> list[dict[str, Any]]:
    lines = [line for line in server.log.read_text().splitlines() if line.strip()]
    return [json.loads(line) for line in lines]  # every line must be one JSON object


def access_line(server: LiveServer, request_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [e for e in json_lines(server) if e.get("request_id") == request_id and "route" in e]
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no access line for {request_id}")


class TestJsonLogs:
    async def test_access_lines_name_request_tenant_user_route_status_and_duration(
        self, api_server: LiveServer, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        async with httpx.AsyncClient(base_url=api_server.url) as client:
            login = await client.post("/api/auth/login", json={"email": tenant.owner_email, "password": PASSWORD})
            token = login.json()["accessToken"]
            response = await client.get(
                f"/api/users/{tenant.owner.id}",
                headers={"Authorization": f"Bearer {token}", "X-Request-ID": "log-test-0001"},
            )
        assert response.status_code == 200
        line = access_line(api_server, "log-test-0001")
        assert line["level"] == "info"
        assert line["message"] == "GET /api/users/{user_id} 200"
        assert line["route"] == "/api/users/{user_id}"
        assert line["status"] == 200
        assert isinstance(line["duration_ms"], int | float)
        assert line["tenant"] == str(tenant.id)
        assert line["user"] == str(tenant.owner.id)
        assert line["timestamp"].endswith("Z")
        assert "event" not in line

    def test_anonymous_requests_have_null_tenant_and_user(self, api_server: LiveServer) -> None:
        httpx.get(f"{api_server.url}/api/auth/me", headers={"X-Request-ID": "log-test-0002"})
        line = access_line(api_server, "log-test-0002")
        assert line["status"] == 401
        assert line["tenant"] is None
        assert line["user"] is None

    def test_every_line_is_json_including_startup(self, api_server: LiveServer) -> None:
        entries = json_lines(api_server)
        assert any(e.get("message") == "app.start" for e in entries)
        assert all({"timestamp", "level", "message"} <= set(e) for e in entries)


class TestConsoleLogs:
    def test_log_format_console_is_readable_text(self) -> None:
        program = (
            "import structlog\n"
            "from mpanel.observability.logging import configure_logging\n"
            "configure_logging(log_format='console')\n"
            "structlog.contextvars.bind_contextvars(request_id='abc12345')\n"
            "structlog.get_logger('t').info('hello', route='/api/x')\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", program], env=base_env(), capture_output=True, text=True, timeout=60, check=True
        )
        assert "hello" in result.stdout
        assert "request_id=abc12345" in result.stdout
        assert not result.stdout.lstrip().startswith("{")
