"""DNS names and record data (pure): what a person types becomes the stored form, or a reason.

Names are stored relative to their zone ("@" for the apex, "www", "_dmarc", "*.dev"), lower-case
ASCII (IDN labels in punycode). Content is stored in presentation form with absolute names, the
way PowerDNS takes it: MX "10 mail.example.com.", SRV "10 5 5060 sip.example.com.", CAA
'0 issue "letsencrypt.org"', TXT as quoted strings of at most 255 bytes each.

In content, a target with a dot and no trailing dot is taken as a full name ("mail.example.net"),
a single label as a name in the zone ("mail"), "@" as the apex: what people mean, not what
zone-file syntax says."""

from __future__ import annotations

import re
from dataclasses import dataclass

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.TXT
import idna

from mpanel.core.hostnames import MAX_LABEL, MAX_NAME

TYPES = ("A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA", "NS")
TTL_MIN, TTL_MAX = 60, 604_800
TXT_MAX_BYTES = 4096
TXT_CHUNK = 255
CAA_TAGS = ("issue", "issuewild", "iodef", "issuemail")
APEX = "@"

_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# Which whitespace-separated fields of the content are domain names, per type.
_NAME_FIELDS = {"CNAME": (0,), "NS": (0,), "MX": (1,), "SRV": (3,)}
_FIELD_COUNTS = {"A": 1, "AAAA": 1, "CNAME": 1, "NS": 1, "MX": 2, "SRV": 4}


class RecordInvalid(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Record:
    name: str
    type: str
    ttl: int
    content: str


def fqdn(zone: str, name: str) -> str:
    """The absolute name (with the trailing dot) of a stored relative name."""
    return f"{zone}." if name == APEX else f"{name}.{zone}."


def _ascii_label(label: str, field: str) -> str:
    if label.isascii():
        return label.lower()
    try:
        return idna.encode(label, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError) as exc:
        raise RecordInvalid(field, f"label {label!r} is not a valid internationalised label: {exc}") from exc


def relative_name(zone: str, name: str) -> str:
    """A record name as stored. Accepts "@", "", "www", "www.example.com" and "www.example.com."
    (the last two must be inside the zone)."""
    text = name.strip()
    if text in ("", APEX):
        return APEX
    absolute = text.endswith(".")
    labels = [_ascii_label(label, "name") for label in text.removesuffix(".").split(".")] if text != "." else []
    if any(not label for label in labels):
        raise RecordInvalid("name", "a name cannot contain empty labels")
    joined = ".".join(labels)
    if joined == zone:
        return APEX
    if joined.endswith("." + zone):
        labels = joined[: -len(zone) - 1].split(".")
    elif absolute:
        raise RecordInvalid("name", f"{text} is not inside the zone {zone}")
    for index, label in enumerate(labels):
        if label == "*" and index == 0:
            continue
        if len(label) > MAX_LABEL:
            raise RecordInvalid("name", f"each label has at most {MAX_LABEL} characters")
        if not _LABEL.match(label):
            raise RecordInvalid(
                "name", f"label {label!r} may hold only letters, digits, '-' and '_' ('*' only as the first label)"
            )
    relative = ".".join(labels)
    if len(relative) + 1 + len(zone) > MAX_NAME:
        raise RecordInvalid("name", f"the full name has at most {MAX_NAME} characters")
    return relative


def _target(zone: str, field: str, rtype: str) -> str:
    """One name field of the content, made absolute."""
    if field == APEX:
        return f"{zone}."
    if field == "." and rtype in ("MX", "SRV"):
        return "."  # "null MX" (RFC 7505) / "service not available" (RFC 2782)
    bare = field.removesuffix(".")
    labels = [_ascii_label(label, "content") for label in bare.split(".")] if bare else []
    if not labels or any(not _HOST_LABEL.match(label) for label in labels):
        raise RecordInvalid("content", f"{field!r} is not a valid host name for a {rtype} record")
    absolute = ".".join(labels)
    if not field.endswith(".") and len(labels) == 1:
        absolute = f"{absolute}.{zone}"
    if len(absolute) > MAX_NAME:
        raise RecordInvalid("content", f"a host name has at most {MAX_NAME} characters")
    return absolute + "."


def _txt(content: str) -> str:
    """Unquoted text is split into 255-byte strings; quoted presentation form is taken as is."""
    if content.startswith('"'):
        try:
            rdata = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.TXT, content)
        except dns.exception.DNSException as exc:
            raise RecordInvalid("content", f"not valid quoted TXT data: {exc}") from exc
        strings = list(rdata.strings)  # type: ignore[attr-defined]
    else:
        data = content.encode("utf-8")
        strings = [data[i : i + TXT_CHUNK] for i in range(0, len(data), TXT_CHUNK)]
    if not strings or sum(len(s) for s in strings) == 0:
        raise RecordInvalid("content", "a TXT record needs some text")
    if sum(len(s) for s in strings) > TXT_MAX_BYTES:
        raise RecordInvalid("content", f"a TXT record holds at most {TXT_MAX_BYTES} bytes")
    return str(dns.rdtypes.ANY.TXT.TXT(dns.rdataclass.IN, dns.rdatatype.TXT, strings).to_text())


def _caa(rdata: dns.rdata.Rdata) -> None:
    flags, tag = rdata.flags, rdata.tag.decode("ascii", "replace").lower()  # type: ignore[attr-defined]
    if flags not in (0, 128):
        raise RecordInvalid("content", "CAA flags are 0, or 128 (critical)")
    if tag not in CAA_TAGS:
        raise RecordInvalid("content", f"CAA tag must be one of {', '.join(CAA_TAGS)}")


def content(zone: str, rtype: str, text: str) -> str:
    """The stored content of a record, or RecordInvalid naming what is wrong."""
    text = text.strip()
    if not text:
        raise RecordInvalid("content", "content is required")
    if rtype == "TXT":
        return _txt(text)
    fields = text.split()
    expected = _FIELD_COUNTS.get(rtype)
    if expected is not None and len(fields) != expected:
        raise RecordInvalid("content", _SHAPES[rtype])
    for index in _NAME_FIELDS.get(rtype, ()):
        fields[index] = _target(zone, fields[index], rtype)
    try:
        rdata = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rtype), " ".join(fields))
    except (dns.exception.DNSException, ValueError) as exc:
        raise RecordInvalid("content", _SHAPES[rtype]) from exc
    if rtype == "CAA":
        _caa(rdata)
    return str(rdata.to_text())


# What each type's content is, as a sentence for the form: shown whenever the content does not fit.
_SHAPES = {
    "A": "An A record is one IPv4 address, like 192.0.2.10.",
    "AAAA": "An AAAA record is one IPv6 address, like 2001:db8::10.",
    "CNAME": "A CNAME record is one host name, like www.example.com.",
    "NS": "An NS record is one name server's host name, like ns1.example.com.",
    "MX": "An MX record is a priority and a host name, like 10 mail.example.com.",
    "SRV": "An SRV record is a priority, a weight, a port and a host name, like 10 5 5060 sip.example.com.",
    "CAA": 'A CAA record is flags, a tag and a value, like 0 issue "letsencrypt.org".',
    "TXT": "A TXT record is text.",
}


def ttl(value: int) -> int:
    if not TTL_MIN <= value <= TTL_MAX:
        raise RecordInvalid("ttl", f"TTL must be between {TTL_MIN} and {TTL_MAX} seconds")
    return value


def record(zone: str, name: str, rtype: str, ttl_seconds: int, text: str) -> Record:
    """One record, checked on its own (rules between records are the zone's: see `conflicts`)."""
    rtype = rtype.upper()
    if rtype not in TYPES:
        raise RecordInvalid("type", f"type must be one of {', '.join(TYPES)}")
    stored_name = relative_name(zone, name)
    if rtype == "SRV" and (stored_name == APEX or not all(p.startswith("_") for p in stored_name.split(".")[:2])):
        raise RecordInvalid("name", "an SRV name starts with _service._protocol, such as _sip._tcp")
    return Record(stored_name, rtype, ttl(ttl_seconds), content(zone, rtype, text))


def conflicts(new: Record, existing: list[Record]) -> RecordInvalid | None:
    """What the zone refuses about adding `new` beside `existing` (records at other names don't
    matter): a CNAME at the apex or beside other data, a duplicate, a different TTL in one set."""
    same_name = [r for r in existing if r.name == new.name]
    if new.type == "CNAME" and new.name == APEX:
        return RecordInvalid("type", "a CNAME cannot be at the zone apex (use A/AAAA records there)")
    if new.type == "CNAME" and same_name:
        return RecordInvalid(
            "type", f"{new.name} already has other records: a CNAME must be the only record at its name"
        )
    if any(r.type == "CNAME" for r in same_name):
        return RecordInvalid("name", f"{new.name} has a CNAME: no other record can be at that name")
    same_set = [r for r in same_name if r.type == new.type]
    if any(r.content == new.content for r in same_set):
        return RecordInvalid("content", "this record exists already")
    if same_set and same_set[0].ttl != new.ttl:
        return RecordInvalid(
            "ttl", f"the other {new.type} records at {new.name} have TTL {same_set[0].ttl}: one set, one TTL"
        )
    return None
