"""Desired state, applied by agents. A change to a provisioned object bumps its version and, in
the same transaction, enqueues `hosting.apply`; that job writes an operation carrying the object's
full desired state at that version for the object's node, and waits for the agent's answer. The
agent long-polls for operations, applies them with a driver and reports back; only then is the
object active. Operations are ordered per object (a newer version supersedes an unfinished older
one), never globally, so one failing object blocks no other."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar, Protocol

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.core.errors import NotFound
from mpanel.core.time import utcnow
from mpanel.db.lookup import one_or_not_found
from mpanel.db.session import tenant_session
from mpanel.hosting.operations.models import ObjectStatus, Operation, OperationStatus, ProvisionedMixin
from mpanel.hosting.servers.models import Server
from mpanel.jobs import enqueue
from mpanel.observability.metrics import AGENT_OPERATIONS_FAILED

APPLY_TASK = "hosting.apply"
QUEUE = "provisioning"
LEASE = timedelta(seconds=60)  # an operation taken by an agent that never answers is offered again
CLAIM_LIMIT = 20
POLL_SECONDS = 0.2
LIVE = (OperationStatus.QUEUED, OperationStatus.SENT)


class ObjectKind(Protocol):
    """How one kind of object (a DNS zone, later a site or a mailbox) is provisioned."""

    object_type: ClassVar[str]
    driver: ClassVar[str]
    model: ClassVar[type[Any]]

    async def desired_state(self, session: AsyncSession, obj: Any) -> dict[str, Any]:
        """The full record the agent needs, never a diff (a replay must be harmless)."""
        ...


KINDS: dict[str, ObjectKind] = {}


def register(kind: ObjectKind) -> ObjectKind:
    KINDS[kind.object_type] = kind
    return kind


def kind_of(object_type: str) -> ObjectKind:
    try:
        return KINDS[object_type]
    except KeyError:
        raise NotFound("object type", object_type) from None


# ---- the panel side: a change asks for it to be applied ---------------------------------------


def mark_changed(obj: ProvisionedMixin, *, deleting: bool = False) -> None:
    """Call on every change of an object's desired state, then `request_apply`."""
    obj.version += 1
    obj.status = ObjectStatus.DELETING if deleting else ObjectStatus.PENDING


async def request_apply(session: AsyncSession, object_type: str, obj: Any, *, force: bool = False) -> int | None:
    """Enqueue the job that applies `obj`, in the caller's transaction. A job already waiting for
    this object will apply its newest version anyway, so a burst of changes coalesces into one
    waiting job (procrastinate's queueing lock); a resync (`force`) always gets its own job.
    Returns the job id, or None when a waiting job covers the change."""
    args: dict[str, Any] = {"tenant_id": obj.tenant_id, "object_type": object_type, "object_id": obj.id, "force": force}
    if force:
        return await enqueue(session, APPLY_TASK, queue_name=QUEUE, **args)
    try:
        async with session.begin_nested():
            return await enqueue(session, APPLY_TASK, queue_name=QUEUE, queueing_lock=f"{object_type}:{obj.id}", **args)
    except IntegrityError:
        return None


async def _load(session: AsyncSession, kind: ObjectKind, object_id: uuid.UUID, *, lock: bool = False) -> Any:
    stmt = select(kind.model).where(kind.model.id == object_id)
    if lock:
        stmt = stmt.with_for_update()
    return await session.scalar(stmt)


async def prepare(
    session: AsyncSession, object_type: str, object_id: uuid.UUID, *, force: bool = False
) -> Operation | None:
    """The live operation for the object's current version (written if there is none), or None
    when there is nothing to do: the object is gone, or applied and no resync was asked for."""
    kind = kind_of(object_type)
    obj = await _load(session, kind, object_id, lock=True)
    if obj is None or (not force and obj.status is ObjectStatus.ACTIVE and obj.applied_version >= obj.version):
        return None
    await session.execute(
        update(Operation)
        .where(
            Operation.object_type == object_type,
            Operation.object_id == object_id,
            Operation.version < obj.version,
            Operation.status.in_(LIVE),
        )
        .values(status=OperationStatus.SUPERSEDED, finished_at=utcnow())
    )
    current: Operation | None = await session.scalar(
        select(Operation)
        .where(
            Operation.object_type == object_type,
            Operation.object_id == object_id,
            Operation.version == obj.version,
            Operation.status.in_((*LIVE, OperationStatus.FAILED)),
        )
        .order_by(Operation.created_at.desc())
        .limit(1)
    )
    if current is not None:
        if current.status is OperationStatus.FAILED:
            current.status, current.leased_until, current.finished_at = OperationStatus.QUEUED, None, None
        return current
    operation = Operation(
        server_id=obj.server_id,
        object_type=object_type,
        object_id=object_id,
        version=obj.version,
        driver=kind.driver,
        payload=await kind.desired_state(session, obj),
    )
    session.add(operation)
    await session.flush()
    return operation


async def node_is_silent(session: AsyncSession, server_id: uuid.UUID, offline_after_seconds: int) -> bool:
    """No heartbeat for longer than the offline limit (or never): nobody will answer soon."""
    last = await session.scalar(select(Server.last_heartbeat_at).where(Server.id == server_id))
    return last is None or last < utcnow() - timedelta(seconds=offline_after_seconds)


@dataclass(frozen=True)
class Outcome:
    status: OperationStatus
    error: str | None


async def wait_for(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, operation_id: uuid.UUID, *, seconds: float
) -> Outcome:
    """Poll (short transactions, no connection held while asleep) until the agent answered."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        async with tenant_session(sessionmaker, tenant_id) as session:
            row = (
                await session.execute(
                    select(Operation.status, Operation.last_error).where(Operation.id == operation_id)
                )
            ).one_or_none()
        if row is None:
            return Outcome(OperationStatus.SUPERSEDED, None)
        if row.status not in LIVE or asyncio.get_running_loop().time() >= deadline:
            return Outcome(row.status, row.last_error)
        await asyncio.sleep(POLL_SECONDS)


async def resync(session: AsyncSession, actor: Principal, server: Server) -> int:
    """Re-send every object's desired state to the node (after a reinstall, or to repair drift)."""
    count = 0
    for object_type, kind in KINDS.items():
        objects = (await session.scalars(select(kind.model).where(kind.model.server_id == server.id))).all()
        for obj in objects:
            await request_apply(session, object_type, obj, force=True)
            count += 1
    await audit.record(session, actor, "server.resync", server, after={"objects": count})
    return count


async def objects_on(session: AsyncSession, server_id: uuid.UUID) -> int:
    """How many provisioned objects of every kind live on a node."""
    total = 0
    for kind in KINDS.values():
        total += (
            await session.scalar(select(func.count()).select_from(kind.model).where(kind.model.server_id == server_id))
            or 0
        )
    return total


# ---- the agent side: take operations, report what happened ------------------------------------


async def claim(session: AsyncSession, server: Server, *, limit: int = CLAIM_LIMIT) -> list[Operation]:
    """Queued operations for this node (and those whose lease ran out), leased to its agent."""
    now = utcnow()
    operations = list(
        (
            await session.scalars(
                select(Operation)
                .where(
                    Operation.server_id == server.id,
                    or_(
                        Operation.status == OperationStatus.QUEUED,
                        and_(Operation.status == OperationStatus.SENT, Operation.leased_until < now),
                    ),
                )
                .order_by(Operation.created_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
    )
    for operation in operations:
        operation.status, operation.leased_until = OperationStatus.SENT, now + LEASE
        operation.attempts += 1
    return operations


async def release(session: AsyncSession, server: Server) -> int:
    """A restarted agent lost what it had taken: offer it again now, not when the lease ends."""
    result = await session.execute(
        update(Operation)
        .where(Operation.server_id == server.id, Operation.status == OperationStatus.SENT)
        .values(status=OperationStatus.QUEUED, leased_until=None)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


async def claim_waiting(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, server_id: uuid.UUID, *, wait: float
) -> list[dict[str, Any]]:
    """Long poll: operations as soon as there are some, or an empty list after `wait` seconds."""
    deadline = asyncio.get_running_loop().time() + wait
    while True:
        async with tenant_session(sessionmaker, tenant_id) as session:
            server = await session.get(Server, (tenant_id, server_id))
            if server is None:
                return []
            operations = await claim(session, server)
            taken = [_for_agent(op) for op in operations]
        if taken or asyncio.get_running_loop().time() >= deadline:
            return taken
        await asyncio.sleep(POLL_SECONDS)


def _for_agent(operation: Operation) -> dict[str, Any]:
    return {
        "id": operation.id,
        "object_type": operation.object_type,
        "object_id": operation.object_id,
        "version": operation.version,
        "driver": operation.driver,
        "payload": operation.payload,
        "attempt": operation.attempts,
    }


async def report(
    session: AsyncSession,
    server: Server,
    operation_id: uuid.UUID,
    *,
    ok: bool,
    observed: dict[str, Any] | None,
    error: str | None,
) -> Operation:
    """Record the agent's answer. A late or repeated answer changes nothing; an answer for an
    older version does not touch the object (a newer version is on its way)."""
    operation = await one_or_not_found(
        session,
        select(Operation).where(Operation.id == operation_id, Operation.server_id == server.id),
        "operation",
        operation_id,
        for_update=True,
    )
    if operation.status not in LIVE:
        return operation
    operation.status = OperationStatus.SUCCEEDED if ok else OperationStatus.FAILED
    if not ok:
        AGENT_OPERATIONS_FAILED.labels(tenant=str(server.tenant_id), driver=operation.driver).inc()
    operation.observed, operation.last_error, operation.finished_at = observed, None if ok else error, utcnow()
    kind = kind_of(operation.object_type)
    obj = await _load(session, kind, operation.object_id, lock=True)
    if obj is not None and obj.version == operation.version:
        await _settle(session, kind, obj, ok=ok, error=error)
    return operation


async def _settle(session: AsyncSession, kind: ObjectKind, obj: Any, *, ok: bool, error: str | None) -> None:
    actor = Principal.system(obj.tenant_id)
    before = audit.snapshot(obj)
    if not ok:
        obj.status, obj.last_error = ObjectStatus.ERROR, error
        await audit.record(session, actor, f"{kind.object_type}.apply_failed", obj, before=before)
        return
    obj.applied_version, obj.last_error = obj.version, None
    if obj.status is ObjectStatus.DELETING:
        await audit.record(session, actor, f"{kind.object_type}.removed", obj, before=before, after={})
        await session.execute(delete(kind.model).where(kind.model.id == obj.id))
        return
    obj.status = ObjectStatus.ACTIVE
    await audit.record(session, actor, f"{kind.object_type}.applied", obj, before=before)


async def operations_for(
    session: AsyncSession, object_type: str, object_id: uuid.UUID, *, limit: int = 20
) -> list[Operation]:
    """The latest operations of one object, newest first (shown with the object)."""
    return list(
        (
            await session.scalars(
                select(Operation)
                .where(Operation.object_type == object_type, Operation.object_id == object_id)
                .order_by(Operation.created_at.desc())
                .limit(limit)
            )
        ).all()
    )
