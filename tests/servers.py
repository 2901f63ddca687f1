"""Real servers the tests start on loopback, each on a free port: moto's S3 server, an aiosmtpd
SMTP server that keeps what it receives, and any HTTP daemon (`running_http_server`)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes] | None = None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


@contextmanager
def running_http_server(
    command: list[str],
    *,
    ready_url: str,
    directory: Path,
    headers: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 30,
) -> Iterator[None]:
    """A server process started in `directory` (its output in `server.log` there), yielded once
    `ready_url` answers 200 (asked with `headers`), terminated after."""
    log_path = directory / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=directory, env=env)
        try:
            deadline = time.monotonic() + timeout
            while not _answers(ready_url, headers or {}):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"{command[0]} did not start:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.1)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _answers(url: str, headers: dict[str, str]) -> bool:
    try:
        return httpx.get(url, headers=headers, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    access_key: str = "test-access"
    secret_key: str = "test-secret"

    def create_bucket(self, name: str) -> str:
        client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
        )
        client.create_bucket(Bucket=name)
        return name


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """moto's standalone server: a real S3 HTTP API on loopback."""
    command = shutil.which("moto_server")
    assert command, "moto[server] is a dev dependency: run uv sync"
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with Path(log).open("wb") as out:
        process = subprocess.Popen([command, "-H", "127.0.0.1", "-p", str(port)], stdout=out, stderr=out)
    try:
        wait_for_port(port, process)
        yield S3Server(endpoint=f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)


@dataclass
class Mailbox:
    """What the SMTP server received, parsed."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    # Refuse this many DATA commands with `fail_reply` (a server in trouble), then accept again.
    fail_next: int = 0
    fail_reply: str = "451 4.3.0 try again later"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 (aiosmtpd)
        if self.fail_next > 0:
            self.fail_next -= 1
            return self.fail_reply
        raw = envelope.content if isinstance(envelope.content, bytes) else str(envelope.content).encode()
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.envelopes.append((str(envelope.mail_from), [str(r) for r in envelope.rcpt_tos]))
        return "250 OK"

    def clear(self) -> None:
        self.messages.clear()
        self.envelopes.clear()
        self.fail_next = 0

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m, (_, rcpts) in zip(self.messages, self.envelopes, strict=True) if address in rcpts]


@dataclass
class SmtpServer:
    host: str
    port: int
    mailbox: Mailbox
    controller: Any

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def stop(self) -> None:
        self.controller.stop()

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname=self.host, port=self.port)
        self.controller.start()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """aiosmtpd on a free loopback port (its own thread and event loop)."""
    mailbox = Mailbox()
    server = SmtpServer("127.0.0.1", free_port(), mailbox, None)
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def wait_until(predicate: Any, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.05)
