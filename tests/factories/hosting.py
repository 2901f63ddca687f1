from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.principal import Principal
from mpanel.db.session import tenant_session
from mpanel.hosting.dns import service as dns
from mpanel.hosting.dns.models import DnsZone
from mpanel.hosting.dns.schemas import ZoneCreate
from mpanel.hosting.servers import credentials
from mpanel.hosting.servers import service as servers
from mpanel.hosting.servers.models import Server
from mpanel.hosting.servers.schemas import ServerCreate
from mpanel.settings import Settings


@dataclass
class EnrolledServer:
    server: Server
    credential: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.credential}"}


async def make_server(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    tenant_id: uuid.UUID,
    *,
    roles: tuple[str, ...] = ("dns",),
    hostname: str = "ns1.example.net",
) -> tuple[Server, str]:
    """A server as staff add it: (server, its one-time enrolment token)."""
    data = ServerCreate.model_validate(
        {"name": f"node-{uuid.uuid4().hex[:8]}", "hostname": hostname, "roles": list(roles)}
    )
    async with tenant_session(sessionmaker, tenant_id) as session:
        return await servers.create(session, Principal.system(tenant_id), settings, data)


async def make_enrolled_server(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, tenant_id: uuid.UUID, **kwargs: Any
) -> EnrolledServer:
    _, token = await make_server(sessionmaker, settings, tenant_id, **kwargs)
    parsed = credentials.parse(credentials.ENROLMENT, token)
    assert parsed is not None
    async with tenant_session(sessionmaker, tenant_id) as session:
        server, credential = await servers.enrol(session, parsed, hostname="node.example.net", agent_version="test")
    return EnrolledServer(server, credential)


async def make_zone(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, name: str | None = None, **fields: Any
) -> DnsZone:
    data = ZoneCreate.model_validate({"name": name or f"zone-{uuid.uuid4().hex[:8]}.test", **fields})
    async with tenant_session(sessionmaker, tenant_id) as session:
        return await dns.create_zone(session, Principal.system(tenant_id), data)
