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
from mpanel.jobs.queue import queue, runtime
from mpanel.settings import Settings
from mpanel.storage import object_store

log = structlog.get_logger(__name__)


@asynccontextmanager
async def worker_app(urls: DatabaseUrls) -> AsyncIterator[procrastinate.App]:
    """The job app connected to the real database, open. The connector is replaced on the app
    itself: tasks (and the periodic deferrer) defer through their own app, so a copy made with
    the deprecated `with_connector` left periodic jobs on an unopened connector."""
    connector = procrastinate.PsycopgConnector(conninfo=DatabaseUrls.libpq(urls.app), min_size=1, max_size=4)
    with queue.replace_connector(connector) as app:
        async with app.open_async():
            yield app


async def run_worker(
    settings: Settings, *, urls: DatabaseUrls | None = None, concurrency: int = 4, install_signal_handlers: bool = True
) -> None:
    urls = urls or resolve(settings)
    await asyncio.to_thread(configure_keyring, settings)
    engine = create_engine(urls.app, pool_size=concurrency)
    runtime.settings, runtime.sessionmaker = settings, create_sessionmaker(engine)
    runtime.store = object_store(settings)
    log.info("worker.start", concurrency=concurrency)
    try:
        async with worker_app(urls) as app:
            await app.run_worker_async(concurrency=concurrency, install_signal_handlers=install_signal_handlers)
    finally:
        await engine.dispose()
        log.info("worker.stop")
