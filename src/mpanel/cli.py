"""The `mpanel` command: serve, worker, migrate, bootstrap, demo."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import uuid
from pathlib import Path
from typing import Annotated, Any

import typer
import uvicorn
from rich.console import Console

from mpanel.settings import Settings, get_settings

app = typer.Typer(help="MPanel: multi-tenant billing and hosting management.", no_args_is_help=True)
console = Console()
PLATFORM_ACTOR_TENANT = uuid.UUID(int=0)


def _settings(*, keyring: bool = False) -> Settings:
    """The settings, logging configured; `keyring=True` for commands that read or write encrypted
    columns outside the app and the worker (which configure their own)."""
    import mpanel.db.registry  # noqa: F401 (every model mapped before any query)
    from mpanel.observability.logging import configure_logging

    settings = get_settings()
    configure_logging(log_format=settings.log_format, level=settings.log_level)
    if keyring:
        from mpanel.core.crypto import KeyringError
        from mpanel.db.encrypted import configure_keyring

        try:
            configure_keyring(settings)
        except KeyringError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from exc
    return settings


@app.command()
def migrate() -> None:
    """Create the database roles and apply every migration (as the owner)."""
    from mpanel.db import migrate as migrations
    from mpanel.db.urls import resolve

    settings = _settings(keyring=True)
    migrations.upgrade(resolve(settings), settings)
    console.print("[green]Database is up to date.[/green]")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
    worker: Annotated[bool | None, typer.Option("--worker/--no-worker", help="Run a job worker in-process")] = None,
) -> None:
    """Serve the API and the web UI."""
    from mpanel.app import create_app

    settings = _settings()
    application = create_app(settings, run_worker=worker)
    uvicorn.run(
        application,
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    )


@app.command()
def openapi() -> None:
    """Print the OpenAPI document (for the web UI's typed client), without a database."""
    from mpanel.app import create_app

    typer.echo(json.dumps(create_app(get_settings()).openapi(), indent=2, sort_keys=True))


@app.command()
def worker(concurrency: Annotated[int, typer.Option(min=1, max=64)] = 4) -> None:
    """Run a job worker (jobs, periodic tasks)."""
    from mpanel.jobs.worker import run_worker

    asyncio.run(run_worker(_settings(), concurrency=concurrency))


async def _bootstrap(settings: Settings, name: str, slug: str, email: str, password: str, currency: str) -> uuid.UUID:
    from mpanel.auth.principal import Principal
    from mpanel.db.engine import create_engine, create_sessionmaker
    from mpanel.db.session import tenant_session
    from mpanel.db.urls import resolve
    from mpanel.tenants import service as tenants
    from mpanel.tenants.schemas import TenantCreate

    engine = create_engine(resolve(settings).app, pool_size=1)
    try:
        async with tenant_session(create_sessionmaker(engine), PLATFORM_ACTOR_TENANT, platform=True) as session:
            first = await tenants.count(session) == 0
            data = TenantCreate(
                name=name, slug=slug, default_currency=currency, owner_email=email, owner_password=password
            )
            actor = Principal.system(PLATFORM_ACTOR_TENANT, platform=True)
            tenant, _owner = await tenants.create(session, actor, data, platform_operator=first)
            return tenant.id
    finally:
        await engine.dispose()


def _slugify(name: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
    return "-".join(filter(None, slug.split("-")))[:63] or "tenant"


@app.command()
def bootstrap(
    tenant_name: Annotated[str, typer.Option(help="The hosting company's name")],
    owner_email: Annotated[str, typer.Option(help="The owner's login e-mail")],
    owner_password: Annotated[str, typer.Option(help="The owner's password (10+ characters)")],
    tenant_slug: Annotated[str | None, typer.Option(help="URL-safe short name (default: from the name)")] = None,
    currency: Annotated[str, typer.Option(help="Default currency (ISO 4217)")] = "USD",
) -> None:
    """Create a tenant and its owner; prints the tenant id. The first owner ever created is the
    platform operator."""
    from pydantic import ValidationError

    from mpanel.core.errors import AppError

    settings = _settings(keyring=True)
    try:
        tenant_id = asyncio.run(
            _bootstrap(
                settings, tenant_name, tenant_slug or _slugify(tenant_name), owner_email, owner_password, currency
            )
        )
    except (AppError, ValidationError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    typer.echo(str(tenant_id))


@app.command()
def demo(
    host: Annotated[str | None, typer.Option()] = None,
    port: Annotated[int | None, typer.Option()] = None,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Prepare the demo, do not serve")] = False,
) -> None:
    """Migrate, create the demo tenant and its owner once, print the login, and serve."""
    from mpanel.db import migrate as migrations
    from mpanel.db.urls import resolve

    settings = _settings(keyring=True)
    migrations.upgrade(resolve(settings), settings)
    credentials_file = settings.data_dir / "demo-credentials.json"
    credentials = _demo_credentials(settings, credentials_file)
    url = f"http://{host or settings.host}:{port or settings.port}"
    console.rule("[bold]MPanel is ready")
    console.print(f"  URL:      [bold]{url}[/bold]   (API docs: {url}/api/docs)")
    console.print(f"  Tenant:   {credentials['tenant']}")
    console.print(f"  E-mail:   [bold]{credentials['email']}[/bold]")
    console.print(f"  Password: [bold]{credentials['password']}[/bold]")
    console.rule()
    if not no_serve:
        serve(host=host, port=port, worker=None)


def _demo_credentials(settings: Settings, path: Path) -> dict[str, str]:
    if path.is_file():
        stored: dict[str, str] = json.loads(path.read_text())
        return stored
    credentials = {"tenant": "demo", "email": "owner@example.com", "password": secrets.token_urlsafe(12)}
    asyncio.run(_bootstrap(settings, "Demo Hosting", "demo", credentials["email"], credentials["password"], "USD"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(credentials))
    path.chmod(0o600)
    return credentials


billing_app = typer.Typer(help="Billing operations.", no_args_is_help=True)
app.add_typer(billing_app, name="billing")


@billing_app.command("run")
def billing_run(
    day: Annotated[str | None, typer.Option("--date", help="The day to bill for (YYYY-MM-DD); default today")] = None,
    tenant: Annotated[list[str] | None, typer.Option(help="Only these tenant ids (repeatable)")] = None,
) -> None:
    """Run the recurring billing for every active tenant (or the given ones), with progress."""
    from datetime import date as date_type

    settings = _settings(keyring=True)
    try:
        when = date_type.fromisoformat(day) if day else date_type.today()  # noqa: DTZ011 (the operator's day)
        tenant_ids = [uuid.UUID(t) for t in tenant] if tenant else None
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    report = asyncio.run(_billing_run(settings, when, tenant_ids))
    console.print(f"Billed {len(report.tenants)} tenants for {when}: {report.invoices} invoices.")


async def _billing_run(settings: Settings, day: Any, tenant_ids: list[uuid.UUID] | None) -> Any:
    from rich.progress import Progress

    from mpanel.billing.subscriptions.run import run_tenant, tenants_to_bill
    from mpanel.db.engine import create_engine, create_sessionmaker
    from mpanel.db.urls import resolve

    engine = create_engine(resolve(settings).app, pool_size=2)
    sessionmaker = create_sessionmaker(engine)
    try:
        ids = tenant_ids if tenant_ids is not None else await tenants_to_bill(sessionmaker)
        from mpanel.billing.subscriptions.run import RunReport

        report = RunReport(day)
        with Progress(console=console) as progress:
            task = progress.add_task("Billing tenants", total=len(ids))
            for tenant_id in ids:
                tenant_report = await run_tenant(sessionmaker, tenant_id, day)
                report.tenants.append(tenant_report)
                progress.update(task, advance=1, description=f"{tenant_report.invoices} invoices")
        return report
    finally:
        await engine.dispose()


secrets_app = typer.Typer(help="Secrets encrypted at rest.", no_args_is_help=True)
app.add_typer(secrets_app, name="secrets")


@secrets_app.command("rotate")
def secrets_rotate(
    batch_size: Annotated[int, typer.Option(min=1, max=10_000, help="Rows per transaction")] = 500,
) -> None:
    """Re-encrypt every encrypted column under the current key, while the application runs.
    Keep the old key readable (MPANEL_SECRET_KEYS_PREVIOUS or Vault's `previous`) until it is done."""
    from mpanel.core.crypto import KeyringError

    settings = _settings(keyring=True)
    try:
        report = asyncio.run(_secrets_rotate(settings, batch_size))
    except KeyringError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    for column, count in sorted(report.rotated.items()):
        console.print(f"  {column}: {count} re-encrypted")
    if report.changed_meanwhile:
        console.print(f"  {report.changed_meanwhile} changed by the application meanwhile (already current)")
    console.print(f"Every encrypted value is under key {report.key_id}.")


async def _secrets_rotate(settings: Settings, batch_size: int) -> Any:
    from mpanel.db import secrets as stored_secrets
    from mpanel.db.engine import create_engine, create_sessionmaker
    from mpanel.db.urls import resolve

    engine = create_engine(resolve(settings).app, pool_size=1)
    try:
        return await stored_secrets.rotate(create_sessionmaker(engine), batch_size=batch_size)
    finally:
        await engine.dispose()


@secrets_app.command("status")
def secrets_status() -> None:
    """How many stored values each key id encrypts, per encrypted column."""
    from mpanel.core import crypto
    from mpanel.db import secrets as stored_secrets
    from mpanel.db.engine import create_engine, create_sessionmaker
    from mpanel.db.urls import resolve

    settings = _settings(keyring=True)

    async def usage() -> dict[str, dict[str, int]]:
        engine = create_engine(resolve(settings).app, pool_size=1)
        try:
            return await stored_secrets.key_usage(create_sessionmaker(engine))
        finally:
            await engine.dispose()

    keyring = crypto.keyring()
    console.print(f"Current key: {keyring.current.id}; readable: {', '.join(keyring.key_ids)}")
    for column, counts in sorted(asyncio.run(usage()).items()):
        described = ", ".join(f"{key_id}: {n}" for key_id, n in sorted(counts.items())) or "empty"
        console.print(f"  {column}: {described}")


if __name__ == "__main__":
    app()
