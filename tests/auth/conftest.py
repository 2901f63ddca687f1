from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from mpanel.app import create_app
from mpanel.db.urls import DatabaseUrls
from mpanel.settings import Settings
from tests.conftest import make_settings


@pytest.fixture
async def app_with_low_ip_limit(database: DatabaseUrls, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    limited = make_settings(database.owner, LOGIN_RATE_LIMIT_IP="3/minute")
    application = create_app(limited, urls=database, run_worker=False)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("198.51.100.7", 1234))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client
