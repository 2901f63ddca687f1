"""The node agent's API. Agents authenticate with their node credential (not a user token); the
credential names its tenant, so the session is scoped before anything is looked up."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mpanel.auth.deps import AppSettings, PublicSession
from mpanel.auth.principal import Principal
from mpanel.core.errors import NotFound
from mpanel.db.session import set_scope
from mpanel.hosting import kinds  # noqa: F401 (every provisioned kind registered)
from mpanel.hosting.operations import service as operations
from mpanel.hosting.servers import credentials
from mpanel.hosting.servers import service as servers
from mpanel.hosting.servers.agent_schemas import OperationBatch, OperationOut, OperationResult, ResyncOut
from mpanel.hosting.servers.credentials import NodeToken
from mpanel.hosting.servers.models import Server
from mpanel.hosting.servers.schemas import EnrolIn, EnrolOut, HeartbeatIn, HeartbeatOut
from mpanel.http.routing import TransactionalRoute, errors

router = APIRouter(prefix="/agent", tags=["agent"], route_class=TransactionalRoute)
_bearer = HTTPBearer(auto_error=False, description="The node credential from enrolment")
AGENT_ERRORS = errors(servers.NodeRefused)


def node_token(credentials_: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> NodeToken:
    token = credentials.parse(credentials.CREDENTIAL, credentials_.credentials) if credentials_ else None
    if token is None:
        raise servers.NodeRefused(headers={"WWW-Authenticate": "Bearer"})
    return token


async def current_node(token: Annotated[NodeToken, Depends(node_token)], session: PublicSession) -> Server:
    await set_scope(session, token.tenant_id)
    return await servers.authenticate(session, token)


Node = Annotated[Server, Depends(current_node)]


@router.post("/enrol", response_model=EnrolOut, operation_id="agent-enrol", responses=errors(servers.EnrolmentRefused))
async def enrol(data: EnrolIn, session: PublicSession, settings: AppSettings) -> EnrolOut:
    """Trade the one-time enrolment token for this node's credential."""
    token = credentials.parse(credentials.ENROLMENT, data.token)
    if token is None:
        raise servers.EnrolmentRefused()
    await set_scope(session, token.tenant_id)
    server, credential = await servers.enrol(session, token, hostname=data.hostname, agent_version=data.agent_version)
    return EnrolOut(server_id=server.id, credential=credential, heartbeat_seconds=settings.agent_heartbeat_seconds)


@router.post("/heartbeat", response_model=HeartbeatOut, operation_id="agent-heartbeat", responses=AGENT_ERRORS)
async def heartbeat(data: HeartbeatIn, node: Node, session: PublicSession, settings: AppSettings) -> HeartbeatOut:
    server = await servers.heartbeat(session, node, data)
    if data.restarted:
        await operations.release(session, server)
    return HeartbeatOut(status=server.status, heartbeat_seconds=settings.agent_heartbeat_seconds)


@router.get("/operations", response_model=OperationBatch, operation_id="agent-operations", responses=AGENT_ERRORS)
async def take_operations(
    request: Request,
    token: Annotated[NodeToken, Depends(node_token)],
    wait: Annotated[float, Query(ge=0, le=30, description="Seconds to wait for work (long poll)")] = 0,
) -> OperationBatch:
    """Long poll: the node's next operations, leased to it for a minute. Runs in short
    transactions of its own, so a waiting agent holds no database connection."""
    sessionmaker = request.app.state.sessionmaker
    await servers.authenticate_in(sessionmaker, token)
    taken = await operations.claim_waiting(sessionmaker, token.tenant_id, token.server_id, wait=wait)
    return OperationBatch(operations=[OperationOut.model_validate(op) for op in taken])


@router.post(
    "/operations/{operation_id}/result",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="agent-operation-result",
    responses=AGENT_ERRORS | errors(NotFound),
)
async def report_result(operation_id: uuid.UUID, data: OperationResult, node: Node, session: PublicSession) -> None:
    await operations.report(session, node, operation_id, ok=data.ok, observed=data.observed, error=data.error)


@router.post("/resync", response_model=ResyncOut, operation_id="agent-resync", responses=AGENT_ERRORS)
async def resync(node: Node, session: PublicSession) -> ResyncOut:
    """`mpanel-agent resync`: the panel re-sends the desired state of every object on this node."""
    return ResyncOut(objects=await operations.resync(session, Principal.system(node.tenant_id), node))
