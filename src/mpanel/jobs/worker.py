"""Running the worker: `mpanel worker`, or in-process beside the API (`mpanel serve`)."""

from __future__ import annotations

import asyncio

import procrastinate
import structlog

import mpanel.db.registry  # noqa: F401 (every model mapped before any query)
from mpanel.db.encrypted import configure_keyring
from mpanel.db.engine import create_engine, create_sessionmaker
from mpanel.db.urls import DatabaseUrls, resolve
from mpanel.jobs.queue import queue, runtime
from mpanel.settings import Settings

log = structlog.get_logger(__name__)


def worker_app(urls: DatabaseUrls) -> procrastinate.App:
    connector = procrastinate.PsycopgConnector(conninfo=DatabaseUrls.libpq(urls.app), min_size=1, max_size=4)
    return queue.with_connector(connector)


async def run_worker(
    settings: Settings, *, urls: DatabaseUrls | None = None, concurrency: int = 4, install_signal_handlers: bool = True
) -> None:
    urls = urls or resolve(settings)
    await asyncio.to_thread(configure_keyring, settings)
    engine = create_engine(urls.app, pool_size=concurrency)
    runtime.settings, runtime.sessionmaker = settings, create_sessionmaker(engine)
    log.info("worker.start", concurrency=concurrency)
    try:
        async with worker_app(urls).open_async() as app:
            await app.run_worker_async(concurrency=concurrency, install_signal_handlers=install_signal_handlers)
    finally:
        await engine.dispose()
        log.info("worker.stop")
