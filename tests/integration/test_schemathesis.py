"""Property-based fuzzing of the whole API with schemathesis, against a running `mpanel serve`:
no 5xx, and every response matches the OpenAPI document."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.principal import Principal
from mpanel.auth.tokens import issue_access_token
from mpanel.settings import Settings
from tests.factories.tenants import make_tenant
from tests.integration.conftest import LiveServer

pytestmark = pytest.mark.slow

SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")


async def test_no_server_errors_and_responses_match_the_schema(
    api_server: LiveServer, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    tenant = await make_tenant(sessionmaker, platform_operator=True)
    owner = tenant.owner
    token = issue_access_token(
        Principal.for_user(
            user_id=owner.id, tenant_id=owner.tenant_id, role=owner.role, email=owner.email, is_platform_operator=True
        ),
        secret=settings.secret_key.get_secret_value(),
        ttl_seconds=3600,
    )
    report = tmp_path / "junit.xml"
    process = await asyncio.create_subprocess_exec(
        SCHEMATHESIS,
        "run",
        f"{api_server.url}/api/openapi.json",
        "--checks",
        "not_a_server_error,response_schema_conformance,content_type_conformance",
        "--max-examples",
        "30",
        "--header",
        f"Authorization: Bearer {token}",
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
        "--no-color",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=600)
    text = output.decode(errors="replace")
    assert process.returncode == 0, text[-6000:]
    assert "passed" in text.lower()
