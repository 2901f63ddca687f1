"""A DNS zone's desired state for the agent's PowerDNS driver: every RRset in full, the SOA
included (MPanel owns its serial, so a replay changes nothing on the server)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.core.time import utcnow
from mpanel.hosting.dns import records
from mpanel.hosting.dns.models import DnsRecord, DnsZone
from mpanel.hosting.dns.records import APEX, Record
from mpanel.hosting.dns.zonefile import Soa
from mpanel.hosting.operations import service as operations
from mpanel.hosting.operations.models import ObjectStatus
from mpanel.hosting.servers.models import Server

OBJECT_TYPE = "dns_zone"


def next_serial(current: int, today: date | None = None) -> int:
    """YYYYMMDDnn, and always greater than the last one (RFC 1912 style)."""
    today = today or utcnow().date()
    return max(current + 1, int(f"{today:%Y%m%d}00"))


async def rows_of(session: AsyncSession, zone: DnsZone) -> list[Record]:
    rows = await session.scalars(select(DnsRecord).where(DnsRecord.zone_id == zone.id))
    return [Record(r.name, r.type, r.ttl, r.content) for r in rows]


def soa_of(zone: DnsZone, rows: list[Record], server: Server | None) -> Soa:
    """Primary name server: the first apex NS record, else the DNS node's host name."""
    apex_ns = sorted(r.content for r in rows if r.name == APEX and r.type == "NS")
    primary = apex_ns[0] if apex_ns else f"{server.hostname if server else 'localhost'}."
    return Soa(primary=primary, hostmaster=f"hostmaster.{zone.name}.", serial=zone.serial, minimum=zone.default_ttl)


def rrsets(zone: DnsZone, rows: list[Record], soa: Soa) -> list[dict[str, Any]]:
    grouped: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for row in rows:
        grouped[(row.name, row.type)].append(row)
    sets = [{"name": f"{zone.name}.", "type": "SOA", "ttl": zone.default_ttl, "records": [soa.content()]}]
    for (name, rtype), members in sorted(grouped.items()):
        sets.append(
            {
                "name": records.fqdn(zone.name, name),
                "type": rtype,
                "ttl": min(m.ttl for m in members),
                "records": sorted(m.content for m in members),
            }
        )
    return sets


class ZoneKind:
    object_type: ClassVar[str] = OBJECT_TYPE
    driver: ClassVar[str] = "powerdns"
    model: ClassVar[type[DnsZone]] = DnsZone

    async def desired_state(self, session: AsyncSession, obj: Any) -> dict[str, Any]:
        zone: DnsZone = obj
        if zone.status is ObjectStatus.DELETING:
            return {"zone": f"{zone.name}.", "state": "absent"}
        rows = await rows_of(session, zone)
        server = await session.get(Server, (zone.tenant_id, zone.server_id))
        return {
            "zone": f"{zone.name}.",
            "state": "present",
            "serial": zone.serial,
            "rrsets": rrsets(zone, rows, soa_of(zone, rows, server)),
        }


operations.register(ZoneKind())
