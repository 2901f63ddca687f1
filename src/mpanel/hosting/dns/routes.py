from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status
from fastapi.responses import PlainTextResponse

from mpanel.auth.deps import Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.core.errors import Forbidden, Invalid, NotFound, Unauthorized
from mpanel.core.schemas import Page
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.hosting.dns import service as dns
from mpanel.hosting.dns.models import DnsRecord, DnsTemplate, DnsZone
from mpanel.hosting.dns.schemas import (
    OperationOut,
    RecordCreate,
    RecordOut,
    RecordUpdate,
    TemplateCreate,
    TemplateOut,
    TemplateUpdate,
    ZoneCreate,
    ZoneImport,
    ZoneImported,
    ZoneOut,
    ZoneSort,
    ZoneUpdate,
)
from mpanel.hosting.operations.models import ObjectStatus
from mpanel.hosting.servers.service import NoServerForRole
from mpanel.http.params import Cursor, Limit, SortParam
from mpanel.http.routing import TransactionalRoute, errors

router = APIRouter(prefix="/dns", tags=["dns"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)
ReadDns = Annotated[Principal, Requires(Permission.DNS_READ)]
WriteDns = Annotated[Principal, Requires(Permission.DNS_WRITE)]
WriteTemplates = Annotated[Principal, Requires(Permission.DNS_TEMPLATES)]
RECORD_ERRORS = COMMON | errors(NotFound, Invalid, dns.RecordExists, dns.ZoneDeleting)


@router.get("/zones", response_model=Page[ZoneOut], operation_id="dns-zones-list", responses=COMMON)
async def list_zones(
    session: TenantSession,
    actor: ReadDns,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    q: Annotated[str | None, Query(max_length=253, description="Name contains")] = None,
    customer_id: Annotated[uuid.UUID | None, Query(alias="customerId")] = None,
    server_id: Annotated[uuid.UUID | None, Query(alias="serverId")] = None,
    status: ObjectStatus | None = None,
    sort: SortParam[ZoneSort] = None,
) -> Page[ZoneOut]:
    items, next_cursor = await dns.list_zones(
        session,
        actor,
        limit=limit,
        cursor=cursor,
        sort=sort,
        query=q,
        customer_id=customer_id,
        server_id=server_id,
        status=status,
    )
    return Page[ZoneOut](items=[ZoneOut.model_validate(z) for z in items], next_cursor=next_cursor)


@router.post(
    "/zones",
    response_model=ZoneOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="dns-zones-create",
    responses=COMMON | errors(NotFound, Invalid, dns.ZoneNameTaken, NoServerForRole),
)
async def create_zone(data: ZoneCreate, session: TenantSession, actor: WriteDns) -> DnsZone:
    """Create a zone (its records from the template) and have it served by a DNS node."""
    return await dns.create_zone(session, actor, data)


@router.get(
    "/zones/{zone_id}", response_model=ZoneOut, operation_id="dns-zones-get", responses=COMMON | errors(NotFound)
)
async def get_zone(zone_id: uuid.UUID, session: TenantSession, actor: ReadDns) -> DnsZone:
    return await dns.get_zone(session, actor, zone_id)


@router.patch(
    "/zones/{zone_id}",
    response_model=ZoneOut,
    operation_id="dns-zones-update",
    responses=COMMON | errors(NotFound, Invalid, dns.ZoneDeleting),
)
async def update_zone(zone_id: uuid.UUID, data: ZoneUpdate, session: TenantSession, actor: WriteDns) -> DnsZone:
    return await dns.update_zone(session, actor, zone_id, data)


@router.delete(
    "/zones/{zone_id}",
    response_model=ZoneOut,
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="dns-zones-delete",
    responses=COMMON | errors(NotFound, dns.ZoneDeleting),
)
async def delete_zone(zone_id: uuid.UUID, session: TenantSession, actor: WriteDns) -> DnsZone:
    """The zone is removed from its node, then from MPanel (status `deleting` until then)."""
    return await dns.delete_zone(session, actor, zone_id)


@router.get(
    "/zones/{zone_id}/operations",
    response_model=list[OperationOut],
    operation_id="dns-zones-operations",
    responses=COMMON | errors(NotFound),
)
async def zone_operations(zone_id: uuid.UUID, session: TenantSession, actor: ReadDns) -> list[OperationOut]:
    """The latest operations sent to the zone's node, with their state and errors."""
    return [OperationOut.model_validate(op) for op in await dns.zone_operations(session, actor, zone_id)]


@router.get(
    "/zones/{zone_id}/export",
    operation_id="dns-zones-export",
    responses=COMMON
    | errors(NotFound)
    | {200: {"content": {"text/dns": {"schema": {"type": "string"}}}, "description": "A BIND zone file"}},
)
async def export_zone(zone_id: uuid.UUID, session: TenantSession, actor: ReadDns) -> PlainTextResponse:
    text = await dns.export_zone(session, actor, zone_id)
    return PlainTextResponse(text, media_type="text/dns")


@router.post(
    "/zones/{zone_id}/import",
    response_model=ZoneImported,
    operation_id="dns-zones-import",
    responses=RECORD_ERRORS,
)
async def import_zone(zone_id: uuid.UUID, data: ZoneImport, session: TenantSession, actor: WriteDns) -> ZoneImported:
    imported, skipped = await dns.import_zone(session, actor, zone_id, data)
    return ZoneImported(imported=imported, skipped=skipped)


@router.get(
    "/zones/{zone_id}/records",
    response_model=Page[RecordOut],
    operation_id="dns-records-list",
    responses=COMMON | errors(NotFound),
)
async def list_records(
    zone_id: uuid.UUID,
    session: TenantSession,
    actor: ReadDns,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    type: Annotated[str | None, Query(max_length=10)] = None,
    name: Annotated[str | None, Query(max_length=253, description="Name contains")] = None,
) -> Page[RecordOut]:
    items, next_cursor = await dns.list_records(
        session, actor, zone_id, limit=limit, cursor=cursor, rtype=type, name=name
    )
    return Page[RecordOut](items=[RecordOut.model_validate(r) for r in items], next_cursor=next_cursor)


@router.post(
    "/zones/{zone_id}/records",
    response_model=RecordOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="dns-records-create",
    responses=RECORD_ERRORS,
)
async def create_record(zone_id: uuid.UUID, data: RecordCreate, session: TenantSession, actor: WriteDns) -> DnsRecord:
    return await dns.create_record(session, actor, zone_id, data)


@router.patch(
    "/zones/{zone_id}/records/{record_id}",
    response_model=RecordOut,
    operation_id="dns-records-update",
    responses=RECORD_ERRORS,
)
async def update_record(
    zone_id: uuid.UUID, record_id: uuid.UUID, data: RecordUpdate, session: TenantSession, actor: WriteDns
) -> DnsRecord:
    return await dns.update_record(session, actor, zone_id, record_id, data)


@router.delete(
    "/zones/{zone_id}/records/{record_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="dns-records-delete",
    responses=COMMON | errors(NotFound, dns.ZoneDeleting),
)
async def delete_record(zone_id: uuid.UUID, record_id: uuid.UUID, session: TenantSession, actor: WriteDns) -> None:
    await dns.delete_record(session, actor, zone_id, record_id)


@router.get("/templates", response_model=list[TemplateOut], operation_id="dns-templates-list", responses=COMMON)
async def list_templates(session: TenantSession, actor: ReadDns) -> list[DnsTemplate]:
    return await dns.list_templates(session)


@router.post(
    "/templates",
    response_model=TemplateOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="dns-templates-create",
    responses=COMMON | errors(Invalid, dns.TemplateNameTaken),
)
async def create_template(data: TemplateCreate, session: TenantSession, actor: WriteTemplates) -> DnsTemplate:
    """Records a new zone starts with; placeholders such as {ip}, {ipv6}, {ns1}, {ns2}, {mx},
    {domain} and {server} are filled in when a zone is created."""
    return await dns.create_template(session, actor, data)


@router.get(
    "/templates/{template_id}",
    response_model=TemplateOut,
    operation_id="dns-templates-get",
    responses=COMMON | errors(NotFound),
)
async def get_template(template_id: uuid.UUID, session: TenantSession, actor: ReadDns) -> DnsTemplate:
    return await dns.get_template(session, template_id)


@router.patch(
    "/templates/{template_id}",
    response_model=TemplateOut,
    operation_id="dns-templates-update",
    responses=COMMON | errors(NotFound, Invalid, dns.TemplateNameTaken),
)
async def update_template(
    template_id: uuid.UUID, data: TemplateUpdate, session: TenantSession, actor: WriteTemplates
) -> DnsTemplate:
    return await dns.update_template(session, actor, template_id, data)


@router.delete(
    "/templates/{template_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="dns-templates-delete",
    responses=COMMON | errors(NotFound),
)
async def delete_template(template_id: uuid.UUID, session: TenantSession, actor: WriteTemplates) -> None:
    await dns.delete_template(session, actor, template_id)
