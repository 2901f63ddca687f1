"""The agent's configuration file (TOML) and the state it keeps (its node credential)."""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_CONFIG = Path("/etc/mpanel-agent/agent.toml")


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class PowerDnsConfig:
    api_url: str  # e.g. http://127.0.0.1:8081
    api_key: str
    server_id: str = "localhost"


@dataclass(frozen=True)
class AgentConfig:
    panel_url: str
    state_dir: Path
    poll_wait_seconds: float = 20.0
    disk_path: str = "/"
    verify_tls: bool | str = True  # False, True, or a CA bundle path
    powerdns: PowerDnsConfig | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def state_file(self) -> Path:
        return self.state_dir / "state.json"


def load(path: Path) -> AgentConfig:
    """Read and check the config file; every problem is a ConfigError naming the key."""
    try:
        raw = tomllib.loads(path.read_text())
    except FileNotFoundError as exc:
        raise ConfigError(f"no config file at {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    panel = raw.get("panel", {})
    if not isinstance(panel.get("url"), str) or not panel["url"].startswith(("http://", "https://")):
        raise ConfigError("[panel] url must be the panel's http(s) address")
    state_dir = Path(raw.get("agent", {}).get("state_dir", path.parent / "state"))
    powerdns = None
    if "powerdns" in raw:
        section = raw["powerdns"]
        if not isinstance(section.get("api_url"), str) or not isinstance(section.get("api_key"), str):
            raise ConfigError("[powerdns] needs api_url and api_key")
        powerdns = PowerDnsConfig(
            section["api_url"].rstrip("/"), section["api_key"], section.get("server_id", "localhost")
        )
    return AgentConfig(
        panel_url=panel["url"].rstrip("/"),
        state_dir=state_dir,
        poll_wait_seconds=float(raw.get("agent", {}).get("poll_wait_seconds", 20.0)),
        disk_path=str(raw.get("agent", {}).get("disk_path", "/")),
        verify_tls=panel.get("ca_bundle", panel.get("verify_tls", True)),
        powerdns=powerdns,
    )


@dataclass(frozen=True)
class AgentState:
    server_id: str
    credential: str
    heartbeat_seconds: int


def read_state(config: AgentConfig) -> AgentState:
    try:
        data = json.loads(config.state_file.read_text())
        return AgentState(data["server_id"], data["credential"], int(data["heartbeat_seconds"]))
    except FileNotFoundError as exc:
        raise ConfigError(f"not enrolled yet: run `mpanel-agent enrol` ({config.state_file} is missing)") from exc
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"{config.state_file} is damaged: enrol again") from exc


def write_state(config: AgentConfig, state: AgentState) -> None:
    """Written owner-only, atomically: the credential is this node's key to the panel."""
    config.state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = config.state_file.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(
            {
                "server_id": state.server_id,
                "credential": state.credential,
                "heartbeat_seconds": state.heartbeat_seconds,
            },
            handle,
        )
    temporary.replace(config.state_file)
