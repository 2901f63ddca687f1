"""`hosting.apply`: hand an object's desired state to its node's agent and wait for the answer.
An agent error or silence raises, so procrastinate retries with exponential back-off (2, 4, 8...
seconds) and the job list shows the attempts and the last error."""

from __future__ import annotations

import uuid

from procrastinate import RetryStrategy

from mpanel.db.session import tenant_session
from mpanel.hosting import kinds  # noqa: F401 (every provisioned kind registered)
from mpanel.hosting.operations import service as operations
from mpanel.hosting.operations.models import OperationStatus
from mpanel.jobs import queue, runtime


class OperationFailed(Exception):
    """The agent could not apply the operation (its error is the message)."""


class AgentDidNotAnswer(Exception):
    """The node's agent did not take or answer the operation in time (offline, busy, killed)."""


@queue.task(
    name=operations.APPLY_TASK,
    queue=operations.QUEUE,
    retry=RetryStrategy(max_attempts=12, exponential_wait=2),
)
async def apply(tenant_id: str, object_type: str, object_id: str, force: bool = False) -> str:
    if runtime.sessionmaker is None or runtime.settings is None:
        raise RuntimeError("the job runtime is not started")
    tenant = uuid.UUID(tenant_id)
    async with tenant_session(runtime.sessionmaker, tenant) as session:
        operation = await operations.prepare(session, object_type, uuid.UUID(object_id), force=force)
        operation_id = operation.id if operation else None
        silent = operation is not None and await operations.node_is_silent(
            session, operation.server_id, runtime.settings.agent_offline_after_seconds
        )
    if operation_id is None:
        return "up to date"
    if silent:  # don't hold a worker slot waiting for a node that stopped talking
        raise AgentDidNotAnswer("the node is offline: the operation waits for its agent")
    outcome = await operations.wait_for(
        runtime.sessionmaker, tenant, operation_id, seconds=runtime.settings.agent_answer_timeout_seconds
    )
    if outcome.status is OperationStatus.FAILED:
        raise OperationFailed(outcome.error or "the agent reported a failure without a message")
    if outcome.status in operations.LIVE:
        raise AgentDidNotAnswer(
            f"the node's agent did not answer within {runtime.settings.agent_answer_timeout_seconds:g} s"
        )
    return outcome.status.value
