"""create_app(settings): the FastAPI application with its middleware, errors, routes and UI."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import structlog
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from mpanel import __version__
from mpanel.api import api_router
from mpanel.auth.ratelimit import LoginLimiter
from mpanel.db.encrypted import configure_keyring
from mpanel.db.engine import create_engine, create_sessionmaker
from mpanel.db.urls import DatabaseUrls, resolve
from mpanel.http.errors import error_response, install_error_handlers
from mpanel.observability.metrics import DB_POOLS
from mpanel.observability.middleware import RequestMiddleware
from mpanel.settings import Settings
from mpanel.storage import object_store

log = structlog.get_logger(__name__)
STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings, *, urls: DatabaseUrls | None = None, run_worker: bool | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resolved: DatabaseUrls = urls if urls is not None else await asyncio.to_thread(resolve, settings)
        await asyncio.to_thread(configure_keyring, settings)  # Vault is read here when configured
        engine = create_engine(resolved.app, pool_size=settings.db_pool_size)
        DB_POOLS.track("app", engine)
        app.state.engine = engine
        app.state.sessionmaker = create_sessionmaker(engine)
        worker = None
        if settings.run_worker_in_process if run_worker is None else run_worker:
            from mpanel.jobs.worker import run_worker as worker_main

            worker = asyncio.create_task(worker_main(settings, urls=resolved, install_signal_handlers=False))
        log.info("app.start", version=__version__)
        try:
            yield
        finally:
            if worker is not None:
                worker.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await worker
            await engine.dispose()

    app = FastAPI(
        title="MPanel",
        version=__version__,
        description="Multi-tenant billing and hosting management platform.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # served below from local files: no CDN, works offline
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.object_store = object_store(settings)
    app.state.login_limiter = LoginLimiter.from_settings(
        settings.redis_url, per_ip=settings.login_limit_per_ip, per_account=settings.login_limit_per_account
    )
    app.state.reset_limiter = LoginLimiter.from_settings(
        settings.redis_url,
        per_ip=settings.password_reset_limit_per_ip,
        per_account=settings.password_reset_limit_per_account,
        namespace="password-reset",
    )
    install_error_handlers(app)
    app.include_router(api_router)
    mount_docs(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After"],
        )
    app.add_middleware(RequestMiddleware, hsts=settings.secure_cookies)
    if settings.serve_static:
        mount_ui(app)
    return app


def mount_docs(app: FastAPI) -> None:
    """Swagger UI at /api/docs, its assets from the swagger-ui-bundle package."""
    app.mount("/api/docs/assets", StaticFiles(directory=swagger_ui_path), name="swagger-assets")

    @app.get("/api/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="MPanel API",
            swagger_js_url="/api/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/api/docs/assets/swagger-ui.css",
            swagger_favicon_url="/api/docs/assets/favicon-32x32.png",
        )


def mount_ui(app: FastAPI) -> None:
    """Serve the built web UI at /, with deep links falling back to index.html."""
    index = STATIC_DIR / "index.html"
    if (STATIC_DIR / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=STATIC_DIR / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    async def spa(path: str) -> FileResponse:
        if path.startswith("api/") or path == "api":
            return error_response(404, "not_found", "Not found.")  # type: ignore[return-value]
        candidate = (STATIC_DIR / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(STATIC_DIR.resolve()):
            return FileResponse(candidate)
        if index.is_file():
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        return error_response(404, "ui_not_built", "The web UI is not built: run `make ui`.")  # type: ignore[return-value]
