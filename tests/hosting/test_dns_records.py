"""DNS names and record content: the stored form, and every refusal with the field it names."""

from __future__ import annotations

import pytest

from mpanel.hosting.dns import records
from mpanel.hosting.dns.records import Record, RecordInvalid

ZONE = "example.com"


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("@", "@"),
        ("", "@"),
        ("example.com", "@"),
        ("example.com.", "@"),
        ("WWW", "www"),
        ("www.example.com.", "www"),
        ("_dmarc", "_dmarc"),
        ("sel._domainkey", "sel._domainkey"),
        ("*.dev", "*.dev"),
        ("bücher", "xn--bcher-kva"),
    ],
)
def test_names_are_stored_relative_lower_case_and_in_punycode(name: str, stored: str) -> None:
    assert records.relative_name(ZONE, name) == stored


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("a..b", "empty labels"),
        ("www.other.org.", "not inside the zone"),
        ("dev.*", "letters, digits"),
        ("-bad", "letters, digits"),
        ("x" * 64, "at most 63"),
        (".".join(["a" * 60] * 4), "at most 253"),
    ],
)
def test_bad_names_are_refused_with_a_reason(name: str, reason: str) -> None:
    with pytest.raises(RecordInvalid) as refused:
        records.relative_name(ZONE, name)
    assert refused.value.field == "name"
    assert reason in refused.value.message


@pytest.mark.parametrize(
    ("rtype", "content", "stored"),
    [
        ("A", "192.0.2.10", "192.0.2.10"),
        ("AAAA", "2001:DB8:0:0::10", "2001:db8::10"),
        ("CNAME", "@", "example.com."),
        ("CNAME", "web", "web.example.com."),
        ("CNAME", "cdn.provider.net", "cdn.provider.net."),
        ("MX", "10 mail", "10 mail.example.com."),
        ("MX", "0 .", "0 ."),
        ("NS", "ns1.provider.net.", "ns1.provider.net."),
        ("SRV", "10 5 5060 sip", "10 5 5060 sip.example.com."),
        ("CAA", '0 issue "letsencrypt.org"', '0 issue "letsencrypt.org"'),
        ("CAA", '128 iodef "mailto:sec@example.com"', '128 iodef "mailto:sec@example.com"'),
        ("TXT", "v=spf1 -all", '"v=spf1 -all"'),
        ("TXT", '"already" "quoted"', '"already" "quoted"'),
    ],
)
def test_content_is_stored_in_presentation_form_with_absolute_names(rtype: str, content: str, stored: str) -> None:
    assert records.content(ZONE, rtype, content) == stored


def test_long_txt_is_split_into_255_byte_strings() -> None:
    stored = records.content(ZONE, "TXT", "k=" + "a" * 600)
    chunks = stored.split('" "')
    assert [len(c.strip('"')) for c in chunks] == [255, 255, 92]


@pytest.mark.parametrize(
    ("rtype", "content"),
    [
        ("A", "192.0.2"),
        ("A", "2001:db8::1"),
        ("AAAA", "192.0.2.1"),
        ("MX", "mail.example.com"),
        ("MX", "10 -mail-"),
        ("MX", "99999 mail"),
        ("SRV", "10 5 sip"),
        ("SRV", "10 5 70000 sip"),
        ("CAA", '0 bogus "x"'),
        ("CAA", '7 issue "x"'),
        ("CNAME", "a b"),
        ("TXT", "x" * 5000),
        ("TXT", "   "),
    ],
)
def test_bad_content_is_refused(rtype: str, content: str) -> None:
    with pytest.raises(RecordInvalid) as refused:
        records.content(ZONE, rtype, content)
    assert refused.value.field == "content"


def test_unknown_types_ttl_range_and_srv_names_are_checked() -> None:
    with pytest.raises(RecordInvalid, match="type must be one of"):
        records.record(ZONE, "www", "SOA", 3600, "x")
    with pytest.raises(RecordInvalid, match="TTL must be between"):
        records.record(ZONE, "www", "A", 59, "192.0.2.1")
    with pytest.raises(RecordInvalid, match=r"_service\._protocol"):
        records.record(ZONE, "sip", "SRV", 3600, "1 1 5060 sip")
    assert records.record(ZONE, "_sip._tcp", "srv", 3600, "1 1 5060 sip").type == "SRV"


def test_cname_rules_duplicates_and_one_ttl_per_set() -> None:
    www_a = Record("www", "A", 300, "192.0.2.1")
    assert records.conflicts(Record("@", "CNAME", 300, "x.net."), []) is not None
    assert "only record" in str(records.conflicts(Record("www", "CNAME", 300, "x.net."), [www_a]))
    alias = Record("web", "CNAME", 300, "x.net.")
    assert "has a CNAME" in str(records.conflicts(Record("web", "TXT", 300, '"x"'), [alias]))
    assert "exists already" in str(records.conflicts(www_a, [www_a]))
    assert "one TTL" in str(records.conflicts(Record("www", "A", 600, "192.0.2.2"), [www_a]))
    assert records.conflicts(Record("www", "A", 300, "192.0.2.2"), [www_a]) is None
    assert records.conflicts(Record("www", "AAAA", 600, "2001:db8::1"), [www_a]) is None
