"""A real PowerDNS Authoritative (Debian's pdns-server, SQLite backend) on loopback ports, and a
resolver that asks it directly (dnspython), for tests and the DNS benchmark."""

from __future__ import annotations

import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype

from tests.servers import free_port, running_http_server

SCHEMA = Path("/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql")


@dataclass
class PowerDns:
    api_url: str
    api_key: str
    dns_port: int

    def ask(self, name: str, rtype: str) -> tuple[int, list[str]]:
        """(rcode, answer texts) straight from this server, no recursion, no cache."""
        query = dns.message.make_query(name, dns.rdatatype.from_text(rtype))
        query.flags &= ~dns.flags.RD
        response = dns.query.udp(query, "127.0.0.1", port=self.dns_port, timeout=2)
        answers = [
            rdata.to_text() for rrset in response.answer for rdata in rrset if rrset.rdtype == query.question[0].rdtype
        ]
        return response.rcode(), sorted(answers)


@contextmanager
def running_powerdns(directory: Path) -> Iterator[PowerDns]:
    if shutil.which("pdns_server") is None or not SCHEMA.exists():
        raise RuntimeError("PowerDNS is not installed: run scripts/ensure-debs.sh (scripts/debs/dns.txt)")
    database = directory / "pdns.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.executescript(SCHEMA.read_text())
    api_port, dns_port, key = free_port(), free_port(), secrets.token_hex(16)
    command = [
        "pdns_server",
        "--no-config",
        "--daemon=no",
        "--guardian=no",
        "--disable-syslog",
        "--loglevel=4",
        f"--socket-dir={directory}",
        "--launch=gsqlite3",
        f"--gsqlite3-database={database}",
        "--local-address=127.0.0.1",
        f"--local-port={dns_port}",
        "--api=yes",
        f"--api-key={key}",
        "--webserver=yes",
        "--webserver-address=127.0.0.1",
        f"--webserver-port={api_port}",
        "--webserver-allow-from=127.0.0.1",
        "--cache-ttl=0",
        "--negquery-cache-ttl=0",
        "--query-cache-ttl=0",
        "--zone-cache-refresh-interval=0",
    ]
    server = PowerDns(f"http://127.0.0.1:{api_port}", key, dns_port)
    with running_http_server(
        command,
        ready_url=f"{server.api_url}/api/v1/servers/localhost",
        headers={"X-API-Key": key},
        directory=directory,
        timeout=20,
    ):
        yield server
