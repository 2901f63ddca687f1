"""Hosting nodes: adding one (with a one-time enrolment token), its agent enrolling for a node
credential, heartbeats with metrics, revoking, maintenance, and the offline sweep."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.core.errors import Conflict, Invalid, Unauthorized
from mpanel.core.schemas import reject_cleared
from mpanel.core.security import tokens_equal
from mpanel.core.time import utcnow
from mpanel.db.lookup import one_or_not_found
from mpanel.db.pagination import NEVER, keyset_page, sort_by, sort_fields
from mpanel.db.session import tenant_session
from mpanel.hosting.servers import credentials
from mpanel.hosting.servers.credentials import NodeToken
from mpanel.hosting.servers.models import Server, ServerMetric, ServerRole, ServerStatus
from mpanel.hosting.servers.schemas import HeartbeatIn, ServerCreate, ServerSort, ServerUpdate
from mpanel.settings import Settings

SERVER_SORT = sort_fields(
    ServerSort,
    {"name": Server.name, "lastHeartbeatAt": Server.last_heartbeat_at, "createdAt": Server.created_at},
    lastHeartbeatAt=NEVER,
)


class ServerNameTaken(Conflict):
    code = "server_name_taken"
    message = "A server with this name already exists."

    def __init__(self) -> None:
        super().__init__(details=[{"field": "name", "message": self.message}])


class ServerInUse(Conflict):
    code = "server_in_use"
    message = "The server still holds objects (zones, sites...): move or delete them first."

    def __init__(self, held: int) -> None:
        super().__init__(f"The server still holds {held} object(s) (DNS zones...): move or delete them first.")


class NodeRefused(Unauthorized):
    code = "node_credential_invalid"
    message = "The node credential is not valid, or was revoked."


class EnrolmentRefused(Unauthorized):
    code = "enrolment_token_invalid"
    message = "The enrolment token is not valid, was used already, or has expired."


async def get(session: AsyncSession, server_id: uuid.UUID, *, for_update: bool = False) -> Server:
    stmt = select(Server).where(Server.id == server_id)
    return await one_or_not_found(session, stmt, "server", server_id, for_update=for_update)


async def list_servers(
    session: AsyncSession,
    *,
    limit: int,
    cursor: str | None,
    role: ServerRole | None = None,
    status: ServerStatus | None = None,
    sort: str | None = None,
) -> tuple[list[Server], str | None]:
    stmt = select(Server)
    if role:
        stmt = stmt.where(Server.roles.contains([role.value]))
    if status:
        stmt = stmt.where(Server.status == status)
    return await keyset_page(
        session,
        stmt,
        created_at=Server.created_at,
        row_id=Server.id,
        limit=limit,
        cursor=cursor,
        sort=sort_by(sort, SERVER_SORT),
    )


async def _ensure_name_free(session: AsyncSession, name: str, *, except_id: uuid.UUID | None = None) -> None:
    stmt = select(Server.id).where(func.lower(Server.name) == name.lower())
    if except_id:
        stmt = stmt.where(Server.id != except_id)
    if await session.scalar(stmt):
        raise ServerNameTaken()


def _issue_enrolment(server: Server, settings: Settings) -> NodeToken:
    token = credentials.issue(credentials.ENROLMENT, server.tenant_id, server.id)
    server.enrolment_token_hash = token.digest
    server.enrolment_expires_at = utcnow() + timedelta(hours=settings.agent_enrolment_ttl_hours)
    return token


async def create(session: AsyncSession, actor: Principal, settings: Settings, data: ServerCreate) -> tuple[Server, str]:
    """The new server and its enrolment token (shown once)."""
    await _ensure_name_free(session, data.name)
    server = Server(
        name=data.name,
        hostname=data.hostname,
        roles=[role.value for role in data.roles],
        capacity=data.capacity.model_dump(exclude_none=True, by_alias=True),
    )
    session.add(server)
    await session.flush()
    token = _issue_enrolment(server, settings)
    await audit.record(session, actor, "server.create", server)
    return server, token.token


async def update_server(session: AsyncSession, actor: Principal, server_id: uuid.UUID, data: ServerUpdate) -> Server:
    server = await get(session, server_id, for_update=True)
    before = audit.snapshot(server)
    changes = data.model_dump(exclude_unset=True)
    reject_cleared(changes, "name", "hostname", "roles", "capacity", "maintenance")
    if "name" in changes:
        await _ensure_name_free(session, changes["name"], except_id=server.id)
        server.name = changes["name"]
    if "hostname" in changes:
        server.hostname = changes["hostname"]
    if "roles" in changes:
        server.roles = [ServerRole(role).value for role in changes["roles"]]
    if data.capacity is not None:
        server.capacity = data.capacity.model_dump(exclude_none=True, by_alias=True)
    if "maintenance" in changes:
        server.status = ServerStatus.MAINTENANCE if changes["maintenance"] else _live_status(server)
    await audit.record(session, actor, "server.update", server, before=before)
    return server


def _live_status(server: Server) -> ServerStatus:
    if server.credential_hash is None:
        return ServerStatus.PENDING
    return ServerStatus.ONLINE if server.last_heartbeat_at else ServerStatus.OFFLINE


async def delete_server(session: AsyncSession, actor: Principal, server_id: uuid.UUID, held: int) -> None:
    """`held` is how many objects still live on it (the caller counts them per kind)."""
    server = await get(session, server_id, for_update=True)
    if held:
        raise ServerInUse(held)
    await audit.record(session, actor, "server.delete", server, after={})
    await session.delete(server)


async def new_enrolment_token(
    session: AsyncSession, actor: Principal, settings: Settings, server_id: uuid.UUID
) -> tuple[Server, str]:
    """A fresh one-time token (to reinstall a node); the current credential keeps working until
    the agent enrols again or it is revoked."""
    server = await get(session, server_id, for_update=True)
    token = _issue_enrolment(server, settings)
    await audit.record(session, actor, "server.enrolment_token", server)
    return server, token.token


async def revoke(session: AsyncSession, actor: Principal, server_id: uuid.UUID) -> Server:
    server = await get(session, server_id, for_update=True)
    before = audit.snapshot(server)
    server.credential_revoked_at = utcnow()
    server.enrolment_token_hash = server.enrolment_expires_at = None
    if server.status is not ServerStatus.MAINTENANCE:
        server.status = ServerStatus.OFFLINE
    await audit.record(session, actor, "server.revoke", server, before=before)
    return server


class NoServerForRole(Conflict):
    code = "no_server_for_role"

    def __init__(self, role: ServerRole) -> None:
        super().__init__(f"Add a server with the '{role.value}' role (not in maintenance) first.")


async def pick(session: AsyncSession, role: ServerRole, server_id: uuid.UUID | None = None) -> Server:
    """The node a new object goes on: the one asked for (it must have the role and be in
    service), else the oldest online node with the role, else any in service (an offline node
    gets the object once its agent is back)."""
    stmt = select(Server).where(Server.roles.contains([role.value]), Server.status != ServerStatus.MAINTENANCE)
    if server_id is not None:
        server: Server | None = await session.scalar(stmt.where(Server.id == server_id))
        if server is None:
            raise Invalid.on_field("serverId", f"no server with the '{role.value}' role and this id is in service")
        return server
    ordered = stmt.order_by((Server.status == ServerStatus.ONLINE).desc(), Server.created_at)
    server = await session.scalar(ordered.limit(1))
    if server is None:
        raise NoServerForRole(role)
    return server


# ---- the agent's calls --------------------------------------------------------------------------


async def enrol(session: AsyncSession, token: NodeToken, *, hostname: str, agent_version: str) -> tuple[Server, str]:
    """Trade a valid enrolment token (once) for a node credential. The session is already scoped
    to the tenant the token names."""
    server: Server | None = await session.scalar(select(Server).where(Server.id == token.server_id).with_for_update())
    now = utcnow()
    if (
        server is None
        or server.enrolment_token_hash is None
        or not tokens_equal(server.enrolment_token_hash, token.digest)
        or server.enrolment_expires_at is None
        or server.enrolment_expires_at < now
    ):
        raise EnrolmentRefused()
    before = audit.snapshot(server)
    credential = credentials.issue(credentials.CREDENTIAL, server.tenant_id, server.id)
    server.credential_hash, server.credential_issued_at, server.credential_revoked_at = credential.digest, now, None
    server.enrolment_token_hash = server.enrolment_expires_at = None
    server.agent_version, server.last_error = agent_version, None
    if server.status is not ServerStatus.MAINTENANCE:
        server.status = ServerStatus.ONLINE
    server.last_heartbeat_at = now
    await audit.record(session, Principal.system(server.tenant_id), "server.enrol", server, before=before)
    return server, credential.token


async def authenticate(session: AsyncSession, token: NodeToken) -> Server:
    """The node a credential belongs to; revoked, replaced or unknown credentials are refused."""
    server: Server | None = await session.scalar(select(Server).where(Server.id == token.server_id))
    if (
        server is None
        or server.credential_hash is None
        or server.credential_revoked_at is not None
        or not tokens_equal(server.credential_hash, token.digest)
    ):
        raise NodeRefused()
    return server


async def heartbeat(session: AsyncSession, server: Server, data: HeartbeatIn) -> Server:
    now = utcnow()
    sample: dict[str, Decimal | int] = {
        name: Decimal(f"{value:.3f}") for name, value in data.metrics.model_dump(exclude={"uptime_seconds"}).items()
    }
    sample["uptime_seconds"] = int(data.metrics.uptime_seconds)
    session.add(ServerMetric(server_id=server.id, resolution=0, at=now, **sample))
    values: dict[str, Any] = {
        "last_heartbeat_at": now,
        "agent_version": data.agent_version,
        "last_metrics": data.metrics.model_dump(by_alias=True),
    }
    if server.status in (ServerStatus.OFFLINE, ServerStatus.PENDING):
        values["status"] = ServerStatus.ONLINE
        await audit.record(
            session, Principal.system(server.tenant_id), "server.online", server, after={"status": "online"}
        )
    await session.execute(update(Server).where(Server.id == server.id).values(**values))
    await session.refresh(server)
    return server


async def mark_silent_offline(session: AsyncSession, settings: Settings) -> int:
    """Online nodes whose last heartbeat is older than the limit become offline (audited)."""
    cutoff = utcnow() - timedelta(seconds=settings.agent_offline_after_seconds)
    silent = (
        await session.scalars(
            select(Server)
            .where(Server.status == ServerStatus.ONLINE, Server.last_heartbeat_at < cutoff)
            .with_for_update(skip_locked=True)
        )
    ).all()
    for server in silent:
        before = audit.snapshot(server)
        server.status = ServerStatus.OFFLINE
        server.last_error = f"no heartbeat since {server.last_heartbeat_at:%Y-%m-%d %H:%M:%S} UTC"
        await audit.record(session, Principal.system(server.tenant_id), "server.offline", server, before=before)
    return len(silent)


async def authenticate_in(sessionmaker: async_sessionmaker[AsyncSession], token: NodeToken) -> Server:
    """`authenticate` in a short transaction of its own (for the agent's long poll)."""
    async with tenant_session(sessionmaker, token.tenant_id) as session:
        return await authenticate(session, token)
