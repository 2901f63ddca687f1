"""BIND zone files (dnspython): export what MPanel serves, import records from another provider."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import dns.exception
import dns.name
import dns.rdataclass
import dns.rdatatype
import dns.zone

from mpanel.hosting.dns import records
from mpanel.hosting.dns.records import APEX, Record, RecordInvalid

MAX_ZONE_FILE = 1_000_000


@dataclass(frozen=True)
class Soa:
    primary: str  # absolute, with the trailing dot
    hostmaster: str  # absolute, with the trailing dot
    serial: int
    refresh: int = 10800
    retry: int = 3600
    expire: int = 604800
    minimum: int = 3600

    def content(self) -> str:
        return (
            f"{self.primary} {self.hostmaster} {self.serial} {self.refresh} {self.retry} {self.expire} {self.minimum}"
        )


def export(zone: str, soa: Soa, default_ttl: int, rows: Iterable[Record]) -> str:
    """The zone as a BIND file: $ORIGIN, $TTL, the SOA, then every record by name and type."""
    lines = [f"$ORIGIN {zone}.", f"$TTL {default_ttl}", f"@ {default_ttl} IN SOA {soa.content()}"]
    for row in sorted(rows, key=lambda r: (r.name != APEX, r.name, r.type, r.content)):
        lines.append(f"{records.fqdn(zone, row.name)} {row.ttl} IN {row.type} {row.content}")
    return "\n".join(lines) + "\n"


@dataclass
class Parsed:
    records: list[Record] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what was left out, and why


def parse(zone: str, text: str) -> Parsed:
    """Records of a BIND zone file for `zone`. The SOA is MPanel's own and types MPanel does not
    serve are skipped (and listed); an unreadable file or an invalid record is refused whole."""
    if len(text) > MAX_ZONE_FILE:
        raise RecordInvalid("zoneFile", f"a zone file has at most {MAX_ZONE_FILE} characters")
    try:
        parsed = dns.zone.from_text(text, origin=f"{zone}.", relativize=False, check_origin=False)
    except (dns.exception.DNSException, ValueError, UnicodeError) as exc:
        raise RecordInvalid("zoneFile", f"not a readable zone file: {exc}") from exc
    result = Parsed()
    origin = dns.name.from_text(f"{zone}.")
    for name, rdataset in parsed.iterate_rdatasets():
        type_name = dns.rdatatype.to_text(rdataset.rdtype)
        owner = name.relativize(origin).to_text() if name.is_subdomain(origin) else name.to_text()
        if rdataset.rdtype == dns.rdatatype.SOA:
            continue
        if type_name not in records.TYPES or rdataset.rdclass != dns.rdataclass.IN:
            result.skipped.append(f"{owner} {type_name}: not a type MPanel serves")
            continue
        ttl = min(max(rdataset.ttl, records.TTL_MIN), records.TTL_MAX)
        for rdata in rdataset:
            try:
                result.records.append(records.record(zone, _owner(name, origin), type_name, ttl, rdata.to_text()))
            except RecordInvalid as exc:
                raise RecordInvalid("zoneFile", f"{owner} {type_name} {rdata.to_text()}: {exc.message}") from exc
    return result


def _owner(name: dns.name.Name, origin: dns.name.Name) -> str:
    if name == origin:
        return APEX
    return str(name.to_text())  # absolute: relative_name checks it is inside the zone
