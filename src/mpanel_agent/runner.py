"""The agent's loops: heartbeats on a timer, and operations as the panel hands them out. One
object's failure is reported on that object and does not stop the others."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import httpx

from mpanel_agent import metrics
from mpanel_agent.client import PanelClient, PanelRefused
from mpanel_agent.config import AgentConfig, AgentState
from mpanel_agent.drivers.base import Driver, DriverError
from mpanel_agent.drivers.powerdns import PowerDnsDriver

log = logging.getLogger("mpanel_agent")
RETRY_SECONDS = 3.0


class Revoked(Exception):
    """The panel refused this node's credential: stop, an operator must enrol the node again."""


def drivers_for(config: AgentConfig) -> dict[str, Driver]:
    found: dict[str, Driver] = {}
    if config.powerdns is not None:
        found["powerdns"] = PowerDnsDriver(config.powerdns)
    return found


async def apply_one(
    drivers: dict[str, Driver], operation: dict[str, Any]
) -> tuple[bool, dict[str, Any] | None, str | None]:
    driver = drivers.get(operation["driver"])
    if driver is None:
        return False, None, f"this node has no '{operation['driver']}' driver configured"
    try:
        return True, await driver.apply(operation["payload"]), None
    except DriverError as exc:
        return False, None, str(exc)
    except Exception as exc:  # a driver bug must not kill the agent: report it on the object
        log.exception("driver %s failed", operation["driver"])
        return False, None, f"{type(exc).__name__}: {exc}"


async def work(client: PanelClient, drivers: dict[str, Driver], wait: float) -> int:
    """One long poll and the batch it brought. Returns how many operations were applied."""
    batch = await client.operations(wait)
    for operation in batch:
        ok, observed, error = await apply_one(drivers, operation)
        log.info(
            "operation %s %s v%s: %s",
            operation["objectType"],
            operation["objectId"],
            operation["version"],
            "ok" if ok else error,
        )
        await client.report(operation["id"], ok=ok, observed=observed, error=error)
    for driver in drivers.values():
        await driver.flush()
    return len(batch)


async def _guard(refused: PanelRefused) -> None:
    if refused.status == 401:
        raise Revoked(str(refused)) from refused


async def heartbeat_loop(client: PanelClient, config: AgentConfig, interval: int, started: asyncio.Event) -> None:
    """The first heartbeat says the agent restarted, so the panel re-offers what it had taken;
    operations are taken only after that."""
    restarted = True
    while True:
        try:
            await client.heartbeat(metrics.snapshot(config.disk_path), restarted=restarted)
            restarted = False
            started.set()
        except PanelRefused as exc:
            await _guard(exc)
            log.warning("heartbeat refused: %s", exc)
        except httpx.HTTPError as exc:
            log.warning("heartbeat failed: %s", exc)
        await asyncio.sleep(interval)


async def operations_loop(
    client: PanelClient, drivers: dict[str, Driver], config: AgentConfig, started: asyncio.Event
) -> None:
    await started.wait()
    while True:
        try:
            await work(client, drivers, config.poll_wait_seconds)
        except PanelRefused as exc:
            await _guard(exc)
            log.warning("operations refused: %s", exc)
            await asyncio.sleep(RETRY_SECONDS)
        except httpx.HTTPError as exc:
            log.warning("panel unreachable: %s", exc)
            await asyncio.sleep(RETRY_SECONDS)
        except Exception:  # keep serving: the panel re-offers what was not reported
            log.exception("unexpected error while working on operations")
            await asyncio.sleep(RETRY_SECONDS)


async def run(config: AgentConfig, state: AgentState) -> None:
    """Run until cancelled, or until the panel revokes the credential (raises Revoked)."""
    client = PanelClient(config.panel_url, state.credential, verify=config.verify_tls)
    drivers = drivers_for(config)
    started = asyncio.Event()
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(heartbeat_loop(client, config, state.heartbeat_seconds, started))
            group.create_task(operations_loop(client, drivers, config, started))
    except* Revoked as failure:
        raise failure.exceptions[0] from None
    finally:
        await client.close()
        for driver in drivers.values():
            with contextlib.suppress(Exception):
                close = getattr(driver, "close", None)
                if close is not None:
                    await close()
