"""`mpanel-agent`: enrol once, then run (as a service); resync asks the panel for everything."""

from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path
from typing import Annotated

import typer

from mpanel_agent import runner
from mpanel_agent.client import PanelClient, PanelRefused
from mpanel_agent.config import DEFAULT_CONFIG, AgentConfig, AgentState, ConfigError, load, read_state, write_state

app = typer.Typer(add_completion=False, no_args_is_help=True, help="The MPanel node agent.")
ConfigOption = Annotated[Path, typer.Option("--config", "-c", help="The agent's TOML config file")]


def _config(path: Path) -> AgentConfig:
    try:
        return load(path)
    except ConfigError as exc:
        raise typer.BadParameter(str(exc)) from exc


def _state(config: AgentConfig) -> AgentState:
    try:
        return read_state(config)
    except ConfigError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc


@app.command()
def enrol(
    token: Annotated[str, typer.Option(help="The one-time enrolment token the panel showed")],
    config_path: ConfigOption = DEFAULT_CONFIG,
    hostname: Annotated[str | None, typer.Option(help="Default: this machine's host name")] = None,
) -> None:
    """Trade the enrolment token for this node's credential (kept in the state dir)."""
    config = _config(config_path)

    async def main() -> dict[str, object]:
        client = PanelClient(config.panel_url, verify=config.verify_tls)
        try:
            return await client.enrol(token, hostname or socket.getfqdn())
        finally:
            await client.close()

    try:
        result = asyncio.run(main())
    except PanelRefused as exc:
        typer.echo(f"enrolment refused: {exc}", err=True)
        raise typer.Exit(1) from exc
    write_state(
        config, AgentState(str(result["serverId"]), str(result["credential"]), int(str(result["heartbeatSeconds"])))
    )
    typer.echo(f"enrolled as server {result['serverId']}")


@app.command()
def run(config_path: ConfigOption = DEFAULT_CONFIG, verbose: bool = False) -> None:
    """Heartbeats and operations until stopped."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO, format="%(asctime)s %(levelname)s %(message)s"
    )
    config = _config(config_path)
    state = _state(config)
    try:
        asyncio.run(runner.run(config, state))
    except runner.Revoked as exc:
        typer.echo(f"the panel refused this node's credential: {exc}", err=True)
        raise typer.Exit(3) from exc
    except KeyboardInterrupt:
        pass


@app.command()
def resync(config_path: ConfigOption = DEFAULT_CONFIG) -> None:
    """Ask the panel to re-send the desired state of every object on this node."""
    config = _config(config_path)
    state = _state(config)

    async def main() -> int:
        client = PanelClient(config.panel_url, state.credential, verify=config.verify_tls)
        try:
            return await client.resync()
        finally:
            await client.close()

    try:
        count = asyncio.run(main())
    except PanelRefused as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"the panel re-sends {count} object(s)")


def main() -> None:
    app()
