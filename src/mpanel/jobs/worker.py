"""Running the worker: `mpanel worker`, or in-process beside the API (`mpanel serve`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import procrastinate
import structlog

import mpanel.db.registry  # noqa: F401 (every model mapped before any query)
from mpanel.db.encrypted import configure_keyring
from mpanel.db.engine import create_engine, create_sessionmaker
from mpanel.db.urls import DatabaseUrls, resolve
from mpanel.jobs.errors import record_job_errors
from mpanel.jobs.queue import queue, runtime
from mpanel.settings import Settings
from mpanel.storage import object_store

log = structlog.get_logger(__name__)


@asynccontextmanager
async def worker_app(urls: DatabaseUrls) -> AsyncIterator[procrastinate.App]:
    """The task app, opened on this database. Tasks and periodic tasks point back at the one app
    they were declared on (`queue`), so the worker runs that very app with its connector swapped
    in; a copy (`App.with_connector`) made the periodic deferrer fail with AppNotOpen."""
    connector = procrastinate.PsycopgConnector(conninfo=DatabaseUrls.libpq(urls.app), min_size=1, max_size=6)
    with queue.replace_connector(connector) as app:
        async with app.open_async():
            yield app


async def run_worker(
    settings: Settings,
    *,
    urls: DatabaseUrls | None = None,
    concurrency: int | None = None,
    install_signal_handlers: bool = True,
) -> None:
    """Provisioning jobs wait for an agent's answer (asleep, not busy), so run several at once."""
    concurrency = concurrency or settings.worker_concurrency
    urls = urls or resolve(settings)
    await asyncio.to_thread(configure_keyring, settings)
    engine = create_engine(urls.app, pool_size=concurrency)
    runtime.settings, runtime.sessionmaker = settings, create_sessionmaker(engine)
    runtime.store = object_store(settings)
    log.info("worker.start", concurrency=concurrency)
    try:
        async with worker_app(urls) as app:
            await app.run_worker_async(
                concurrency=concurrency,
                install_signal_handlers=install_signal_handlers,
                worker_middleware=[record_job_errors],
            )
    finally:
        await engine.dispose()
        log.info("worker.stop")
