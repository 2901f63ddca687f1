"""DNS zones and records. Every change bumps the zone's serial and version and, in the same
transaction, asks for the zone to be applied on its DNS node (hosting.operations)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.core.errors import Conflict, Forbidden, Invalid
from mpanel.core.schemas import reject_cleared
from mpanel.core.text import contains_pattern
from mpanel.customers import service as customers
from mpanel.db.lookup import one_or_not_found
from mpanel.db.pagination import keyset_page, sort_by, sort_fields
from mpanel.domains import service as domains
from mpanel.hosting.dns import records, zonefile
from mpanel.hosting.dns.models import DnsRecord, DnsTemplate, DnsZone
from mpanel.hosting.dns.provisioning import OBJECT_TYPE, next_serial, rows_of, soa_of
from mpanel.hosting.dns.records import Record, RecordInvalid
from mpanel.hosting.dns.schemas import (
    RecordCreate,
    RecordUpdate,
    TemplateCreate,
    TemplateRecord,
    TemplateUpdate,
    ZoneCreate,
    ZoneImport,
    ZoneSort,
    ZoneUpdate,
)
from mpanel.hosting.operations import service as operations
from mpanel.hosting.operations.models import ObjectStatus, Operation
from mpanel.hosting.servers import service as servers
from mpanel.hosting.servers.models import Server, ServerRole
from mpanel.users.models import Role

ZONE_SORT = sort_fields(ZoneSort, {"name": DnsZone.name, "serial": DnsZone.serial, "createdAt": DnsZone.created_at})


class ZoneNameTaken(Conflict):
    code = "zone_exists"
    message = "A zone with this name exists already."

    def __init__(self) -> None:
        super().__init__(details=[{"field": "name", "message": self.message}])


class ZoneDeleting(Conflict):
    code = "zone_deleting"
    message = "The zone is being deleted."


class RecordExists(Conflict):
    code = "record_exists"
    message = "This record exists already."


class TemplateNameTaken(Conflict):
    code = "template_exists"
    message = "A template with this name exists already."


def refused(exc: RecordInvalid) -> Invalid | Conflict:
    """A record refusal as the API's error: a duplicate is a conflict, anything else invalid."""
    if exc.message == "this record exists already":
        return RecordExists()
    return Invalid.on_field(exc.field, exc.message, code="record_invalid")


# ---- zones --------------------------------------------------------------------------------------


def _scope(stmt: Any, actor: Principal) -> Any:
    return actor.narrow_to_customer(stmt, DnsZone.customer_id)


async def get_zone(session: AsyncSession, actor: Principal, zone_id: uuid.UUID, *, for_update: bool = False) -> DnsZone:
    stmt = _scope(select(DnsZone).where(DnsZone.id == zone_id), actor)
    return await one_or_not_found(session, stmt, "zone", zone_id, for_update=for_update)


async def list_zones(
    session: AsyncSession,
    actor: Principal,
    *,
    limit: int,
    cursor: str | None,
    query: str | None = None,
    customer_id: uuid.UUID | None = None,
    server_id: uuid.UUID | None = None,
    status: ObjectStatus | None = None,
    sort: str | None = None,
) -> tuple[list[DnsZone], str | None]:
    stmt = _scope(select(DnsZone), actor)
    if server_id:
        stmt = stmt.where(DnsZone.server_id == server_id)
    if query:
        stmt = stmt.where(DnsZone.name.ilike(contains_pattern(query), escape="\\"))
    if customer_id:
        stmt = stmt.where(DnsZone.customer_id == customer_id)
    if status:
        stmt = stmt.where(DnsZone.status == status)
    return await keyset_page(
        session,
        stmt,
        created_at=DnsZone.created_at,
        row_id=DnsZone.id,
        limit=limit,
        cursor=cursor,
        sort=sort_by(sort, ZONE_SORT),
    )


async def _zone_owner(
    session: AsyncSession, actor: Principal, data: ZoneCreate
) -> tuple[str, uuid.UUID | None, uuid.UUID | None]:
    """(name, customer id, domain id) of a new zone: from the billing domain when one is given."""
    customer_id = actor.customer_id if actor.role is Role.CLIENT else data.customer_id
    if data.domain_id:
        domain = await domains.get(session, actor, data.domain_id)
        if data.name and data.name != domain.name:
            raise Invalid.on_field("name", "leave name out, or give the domain's own name")
        return domain.name, domain.customer_id, domain.id
    if not data.name:
        raise Invalid.on_field("name", "name is required (or give domainId)")
    if customer_id is not None:
        await customers.get(session, actor, customer_id)
    return data.name, customer_id, None


async def create_zone(session: AsyncSession, actor: Principal, data: ZoneCreate) -> DnsZone:
    if data.server_id and actor.role is Role.CLIENT:
        raise Forbidden("Only staff choose the server a zone lives on.")
    name, customer_id, domain_id = await _zone_owner(session, actor, data)
    if await session.scalar(select(DnsZone.id).where(DnsZone.name == name)):
        raise ZoneNameTaken()
    server = await servers.pick(session, ServerRole.DNS, data.server_id)
    zone = DnsZone(
        name=name,
        customer_id=customer_id,
        domain_id=domain_id,
        server_id=server.id,
        serial=next_serial(0),
        default_ttl=data.default_ttl or 3600,
    )
    session.add(zone)
    await session.flush()
    placed: list[Record] = []
    for entry in await _template_records(session, data.template_id, zone, server, data.variables):
        await _add(session, zone, entry, placed)
    await audit.record(session, actor, "dns_zone.create", zone, after=_zone_snapshot(zone, placed))
    await operations.request_apply(session, OBJECT_TYPE, zone)
    return zone


def _zone_snapshot(zone: DnsZone, rows: list[Record]) -> dict[str, Any]:
    return audit.snapshot(zone) | {"records": [f"{r.name} {r.ttl} {r.type} {r.content}" for r in rows]}


async def update_zone(session: AsyncSession, actor: Principal, zone_id: uuid.UUID, data: ZoneUpdate) -> DnsZone:
    zone = await _zone_for_change(session, actor, zone_id)
    before = audit.snapshot(zone)
    changes = data.model_dump(exclude_unset=True)
    reject_cleared(changes, "default_ttl")
    if "customer_id" in changes:
        if actor.role is Role.CLIENT:
            raise Forbidden("Only staff move a zone to another customer.")
        if data.customer_id is not None:
            await customers.get(session, actor, data.customer_id)
        zone.customer_id = data.customer_id
    if data.default_ttl is not None:
        zone.default_ttl = data.default_ttl
    await _changed(session, zone)
    await audit.record(session, actor, "dns_zone.update", zone, before=before)
    return zone


async def delete_zone(session: AsyncSession, actor: Principal, zone_id: uuid.UUID) -> DnsZone:
    """Ask the node to remove the zone; the row goes once the agent confirmed it."""
    zone = await _zone_for_change(session, actor, zone_id)
    before = audit.snapshot(zone)
    operations.mark_changed(zone, deleting=True)
    await audit.record(session, actor, "dns_zone.delete", zone, before=before)
    await operations.request_apply(session, OBJECT_TYPE, zone)
    return zone


async def _zone_for_change(session: AsyncSession, actor: Principal, zone_id: uuid.UUID) -> DnsZone:
    """The zone, locked (changes to one zone are serialised, so serials never collide)."""
    zone = await get_zone(session, actor, zone_id, for_update=True)
    if zone.status is ObjectStatus.DELETING:
        raise ZoneDeleting()
    return zone


async def _changed(session: AsyncSession, zone: DnsZone) -> None:
    zone.serial = next_serial(zone.serial)
    operations.mark_changed(zone)
    await operations.request_apply(session, OBJECT_TYPE, zone)


async def zone_operations(session: AsyncSession, actor: Principal, zone_id: uuid.UUID) -> list[Operation]:
    zone = await get_zone(session, actor, zone_id)
    return await operations.operations_for(session, OBJECT_TYPE, zone.id)


# ---- records ------------------------------------------------------------------------------------


async def list_records(
    session: AsyncSession,
    actor: Principal,
    zone_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
    rtype: str | None = None,
    name: str | None = None,
) -> tuple[list[DnsRecord], str | None]:
    zone = await get_zone(session, actor, zone_id)
    stmt = select(DnsRecord).where(DnsRecord.zone_id == zone.id)
    if rtype:
        stmt = stmt.where(DnsRecord.type == rtype.upper())
    if name:
        stmt = stmt.where(DnsRecord.name.ilike(contains_pattern(name), escape="\\"))
    return await keyset_page(
        session,
        stmt,
        created_at=DnsRecord.created_at,
        row_id=DnsRecord.id,
        limit=limit,
        cursor=cursor,
        newest_first=False,
    )


def _checked(zone: DnsZone, name: str, rtype: str, ttl: int | None, content: str, others: list[Record]) -> Record:
    try:
        new = records.record(zone.name, name, rtype, ttl if ttl is not None else zone.default_ttl, content)
    except RecordInvalid as exc:
        raise refused(exc) from exc
    problem = records.conflicts(new, others)
    if problem is not None:
        raise refused(problem)
    return new


async def _add(session: AsyncSession, zone: DnsZone, new: Record, placed: list[Record]) -> DnsRecord:
    problem = records.conflicts(new, placed)
    if problem is not None:
        raise refused(problem)
    row = DnsRecord(zone_id=zone.id, name=new.name, type=new.type, ttl=new.ttl, content=new.content)
    session.add(row)
    placed.append(new)
    return row


async def create_record(session: AsyncSession, actor: Principal, zone_id: uuid.UUID, data: RecordCreate) -> DnsRecord:
    zone = await _zone_for_change(session, actor, zone_id)
    existing = await rows_of(session, zone)
    new = _checked(zone, data.name, data.type, data.ttl, data.content, existing)
    row = await _add(session, zone, new, existing)
    await _changed(session, zone)
    await audit.record(session, actor, "dns_record.create", row)
    return row


async def _record(session: AsyncSession, zone: DnsZone, record_id: uuid.UUID) -> DnsRecord:
    return await one_or_not_found(
        session, select(DnsRecord).where(DnsRecord.id == record_id, DnsRecord.zone_id == zone.id), "record", record_id
    )


async def update_record(
    session: AsyncSession, actor: Principal, zone_id: uuid.UUID, record_id: uuid.UUID, data: RecordUpdate
) -> DnsRecord:
    zone = await _zone_for_change(session, actor, zone_id)
    row = await _record(session, zone, record_id)
    before = audit.snapshot(row)
    changes = data.model_dump(exclude_unset=True)
    reject_cleared(changes, "name", "type", "ttl", "content")
    others = [
        r for r in await rows_of(session, zone) if (r.name, r.type, r.content) != (row.name, row.type, row.content)
    ]
    new = _checked(
        zone,
        changes.get("name", row.name),
        changes.get("type", row.type),
        changes.get("ttl", row.ttl),
        changes.get("content", row.content),
        others,
    )
    row.name, row.type, row.ttl, row.content = new.name, new.type, new.ttl, new.content
    await _changed(session, zone)
    await audit.record(session, actor, "dns_record.update", row, before=before)
    return row


async def delete_record(session: AsyncSession, actor: Principal, zone_id: uuid.UUID, record_id: uuid.UUID) -> None:
    zone = await _zone_for_change(session, actor, zone_id)
    row = await _record(session, zone, record_id)
    await audit.record(session, actor, "dns_record.delete", row, before=audit.snapshot(row), after={})
    await session.delete(row)
    await _changed(session, zone)


# ---- zone files ---------------------------------------------------------------------------------


async def export_zone(session: AsyncSession, actor: Principal, zone_id: uuid.UUID) -> str:
    zone = await get_zone(session, actor, zone_id)
    rows = await rows_of(session, zone)
    server = await session.get(Server, (zone.tenant_id, zone.server_id))
    return zonefile.export(zone.name, soa_of(zone, rows, server), zone.default_ttl, rows)


async def import_zone(
    session: AsyncSession, actor: Principal, zone_id: uuid.UUID, data: ZoneImport
) -> tuple[int, list[str]]:
    """Add (or, with `replace`, swap in) the records of a BIND file; refused whole if any is bad."""
    zone = await _zone_for_change(session, actor, zone_id)
    try:
        parsed = zonefile.parse(zone.name, data.zone_file)
    except RecordInvalid as exc:
        raise refused(exc) from exc
    placed = [] if data.replace else await rows_of(session, zone)
    if data.replace:
        await session.execute(delete(DnsRecord).where(DnsRecord.zone_id == zone.id))
    for new in parsed.records:
        await _add(session, zone, new, placed)
    await _changed(session, zone)
    await audit.record(
        session,
        actor,
        "dns_zone.import",
        zone,
        after={"imported": len(parsed.records), "replace": data.replace, "skipped": parsed.skipped},
    )
    return len(parsed.records), parsed.skipped


# ---- templates ----------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,30})\}")
# Used when the tenant has no default template: a record is kept when its placeholders are given.
BUILTIN_TEMPLATE = [
    TemplateRecord(name="@", type="NS", content="{ns1}"),
    TemplateRecord(name="@", type="NS", content="{ns2}"),
    TemplateRecord(name="@", type="A", content="{ip}"),
    TemplateRecord(name="www", type="A", content="{ip}"),
    TemplateRecord(name="@", type="AAAA", content="{ipv6}"),
    TemplateRecord(name="www", type="AAAA", content="{ipv6}"),
    TemplateRecord(name="@", type="MX", content="10 {mx}"),
]
SAMPLE_VARIABLES = {"domain": "example.com", "ip": "192.0.2.10", "ipv6": "2001:db8::10", "server": "ns1.example.net"}


def _fill(text: str, variables: dict[str, str]) -> tuple[str, set[str]]:
    missing: set[str] = set()

    def value(match: re.Match[str]) -> str:
        if match.group(1) not in variables:
            missing.add(match.group(1))
            return match.group(0)
        return variables[match.group(1)]

    return _PLACEHOLDER.sub(value, text), missing


async def _template_records(
    session: AsyncSession,
    template_id: uuid.UUID | None,
    zone: DnsZone,
    server: Server,
    given: dict[str, str],
) -> list[Record]:
    variables = {"domain": zone.name, "server": server.hostname, "ns1": server.hostname} | given
    template = await _template(session, template_id) if template_id else await _default_template(session)
    entries = [TemplateRecord.model_validate(r) for r in template.records] if template else BUILTIN_TEMPLATE
    rendered: list[Record] = []
    for entry in entries:
        name, missing_name = _fill(entry.name, variables)
        content, missing_content = _fill(entry.content, variables)
        missing = missing_name | missing_content
        if missing and template is None:
            continue  # the built-in template only holds what it was given
        if missing:
            raise Invalid.on_field(
                "variables", f"the template needs: {', '.join(sorted(missing))}", code="template_variables_missing"
            )
        try:
            rendered.append(records.record(zone.name, name, entry.type, entry.ttl or zone.default_ttl, content))
        except RecordInvalid as exc:
            raise Invalid.on_field("variables", f"template record {entry.name} {entry.type}: {exc.message}") from exc
    return rendered


async def _template(session: AsyncSession, template_id: uuid.UUID) -> DnsTemplate:
    return await one_or_not_found(
        session, select(DnsTemplate).where(DnsTemplate.id == template_id), "template", template_id
    )


async def _default_template(session: AsyncSession) -> DnsTemplate | None:
    template: DnsTemplate | None = await session.scalar(select(DnsTemplate).where(DnsTemplate.is_default))
    return template


async def get_template(session: AsyncSession, template_id: uuid.UUID) -> DnsTemplate:
    return await _template(session, template_id)


async def list_templates(session: AsyncSession) -> list[DnsTemplate]:
    return list((await session.scalars(select(DnsTemplate).order_by(DnsTemplate.name))).all())


def _check_template(entries: list[TemplateRecord]) -> list[dict[str, Any]]:
    """Each record must be valid once its placeholders are filled with sample values."""
    placed: list[Record] = []
    sample = SAMPLE_VARIABLES | {
        name: "ns1.example.net"
        for entry in entries
        for name in _PLACEHOLDER.findall(entry.name + entry.content)
        if name not in SAMPLE_VARIABLES
    }
    for index, entry in enumerate(entries):
        try:
            new = records.record(
                "example.com",
                _fill(entry.name, sample)[0],
                entry.type,
                entry.ttl or 3600,
                _fill(entry.content, sample)[0],
            )
        except RecordInvalid as exc:
            raise Invalid.on_field(f"records.{index}.{exc.field}", exc.message, code="record_invalid") from exc
        problem = records.conflicts(new, placed)
        if problem is not None:
            raise Invalid.on_field(f"records.{index}.{problem.field}", problem.message, code="record_invalid")
        placed.append(new)
    return [entry.model_dump(exclude_none=True) for entry in entries]


async def _ensure_template_name_free(session: AsyncSession, name: str, except_id: uuid.UUID | None = None) -> None:
    stmt = select(DnsTemplate.id).where(func.lower(DnsTemplate.name) == name.lower())
    if except_id:
        stmt = stmt.where(DnsTemplate.id != except_id)
    if await session.scalar(stmt):
        raise TemplateNameTaken()


async def _clear_default(session: AsyncSession, except_id: uuid.UUID | None = None) -> None:
    current = await _default_template(session)
    if current is not None and current.id != except_id:
        current.is_default = False
        await session.flush()


async def create_template(session: AsyncSession, actor: Principal, data: TemplateCreate) -> DnsTemplate:
    await _ensure_template_name_free(session, data.name)
    stored = _check_template(data.records)
    if data.is_default:
        await _clear_default(session)
    template = DnsTemplate(name=data.name, is_default=data.is_default, records=stored)
    session.add(template)
    await audit.record(session, actor, "dns_template.create", template)
    return template


async def update_template(
    session: AsyncSession, actor: Principal, template_id: uuid.UUID, data: TemplateUpdate
) -> DnsTemplate:
    template = await _template(session, template_id)
    before = audit.snapshot(template)
    changes = data.model_dump(exclude_unset=True)
    reject_cleared(changes, "name", "is_default", "records")
    if data.name is not None:
        await _ensure_template_name_free(session, data.name, template.id)
        template.name = data.name
    if data.records is not None:
        template.records = _check_template(data.records)
    if data.is_default is not None:
        if data.is_default:
            await _clear_default(session, template.id)
        template.is_default = data.is_default
    await audit.record(session, actor, "dns_template.update", template, before=before)
    return template


async def delete_template(session: AsyncSession, actor: Principal, template_id: uuid.UUID) -> None:
    template = await _template(session, template_id)
    await audit.record(session, actor, "dns_template.delete", template, before=audit.snapshot(template), after={})
    await session.delete(template)
