"""DNS zones and records through the API: templates, validation, serials, the desired state an
agent receives, import/export, and who may see which zone."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.settings import Settings
from tests.factories.customers import make_customer
from tests.factories.domains import make_client, make_domain
from tests.factories.hosting import make_enrolled_server, make_zone
from tests.factories.tenants import bearer, make_tenant, token_for


@pytest.fixture
async def staff(settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]) -> tuple[object, dict[str, str]]:
    tenant = await make_tenant(sessionmaker)
    await make_enrolled_server(sessionmaker, settings, tenant.id, hostname="ns1.host.example")
    return tenant, bearer(token_for(settings, tenant.owner))


async def _zone(client: httpx.AsyncClient, headers: dict[str, str], **body: object) -> dict[str, Any]:
    response = await client.post("/api/dns/zones", json={"name": "example.com", **body}, headers=headers)
    assert response.status_code == 201, response.text
    zone: dict[str, Any] = response.json()
    return zone


async def _records(client: httpx.AsyncClient, headers: dict[str, str], zone_id: object) -> set[str]:
    response = await client.get(f"/api/dns/zones/{zone_id}/records", params={"limit": 200}, headers=headers)
    assert response.status_code == 200, response.text
    return {f"{r['name']} {r['type']} {r['content']}" for r in response.json()["items"]}


async def test_a_zone_starts_from_the_template_and_is_pending_until_applied(
    client: httpx.AsyncClient, staff: tuple[object, dict[str, str]]
) -> None:
    _, headers = staff
    zone = await _zone(client, headers, variables={"ip": "192.0.2.10", "ns2": "ns2.host.example"})
    assert zone["status"] == "pending"
    assert zone["appliedVersion"] == 0
    assert await _records(client, headers, zone["id"]) == {
        "@ NS ns1.host.example.",
        "@ NS ns2.host.example.",
        "@ A 192.0.2.10",
        "www A 192.0.2.10",
    }
    jobs = (await client.get("/api/jobs", params={"entityId": zone["id"]}, headers=headers)).json()["items"]
    assert [(j["taskName"], j["status"], j["entity"]) for j in jobs] == [
        ("hosting.apply", "todo", {"type": "dns_zone", "id": zone["id"]})
    ]


async def test_a_tenant_template_with_placeholders(
    client: httpx.AsyncClient, staff: tuple[object, dict[str, str]]
) -> None:
    _, headers = staff
    template = {
        "name": "Web + mail",
        "isDefault": True,
        "records": [
            {"name": "@", "type": "NS", "content": "ns1.host.example."},
            {"name": "@", "type": "A", "content": "{ip}"},
            {"name": "@", "type": "MX", "content": "10 mail"},
            {"name": "mail", "type": "A", "content": "{ip}"},
            {"name": "@", "type": "TXT", "ttl": 300, "content": "v=spf1 a mx -all"},
        ],
    }
    created = await client.post("/api/dns/templates", json=template, headers=headers)
    assert created.status_code == 201, created.text
    missing = await client.post("/api/dns/zones", json={"name": "example.org"}, headers=headers)
    assert missing.status_code == 422
    assert missing.json()["error"]["details"] == [{"field": "variables", "message": "the template needs: ip"}]
    zone = await _zone(client, headers, name="example.org", variables={"ip": "198.51.100.7"})
    assert "@ MX 10 mail.example.org." in await _records(client, headers, zone["id"])
    bad = template | {"name": "Broken", "isDefault": False, "records": [{"name": "@", "type": "CNAME", "content": "x"}]}
    refused = await client.post("/api/dns/templates", json=bad, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["error"]["details"][0]["field"] == "records.0.type"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"name": "www", "type": "A", "content": "300.1.1.1"}, 422, "content"),
        ({"name": "www", "type": "AAAA", "content": "192.0.2.1"}, 422, "content"),
        ({"name": "@", "type": "CNAME", "content": "other.net"}, 422, "type"),
        ({"name": "www", "type": "CNAME", "content": "other.net"}, 422, "type"),
        ({"name": "www", "type": "A", "ttl": 10, "content": "192.0.2.99"}, 422, "ttl"),
        ({"name": "www", "type": "A", "ttl": 7200, "content": "192.0.2.99"}, 422, "ttl"),
        ({"name": "www.other.net.", "type": "A", "content": "192.0.2.99"}, 422, "name"),
        ({"name": "bad name", "type": "A", "content": "192.0.2.99"}, 422, "name"),
        ({"name": "@", "type": "MX", "content": "mail"}, 422, "content"),
        ({"name": "x", "type": "SRV", "content": "1 1 80 web"}, 422, "name"),
        ({"name": "@", "type": "CAA", "content": '0 isue "ca.example"'}, 422, "content"),
        ({"name": "@", "type": "SOA", "content": "x"}, 422, "type"),
        ({"name": "www", "type": "A", "content": "192.0.2.10"}, 409, None),
    ],
)
async def test_bad_records_are_refused_and_nothing_changes(
    client: httpx.AsyncClient,
    staff: tuple[object, dict[str, str]],
    body: dict[str, object],
    status: int,
    field: str | None,
) -> None:
    _, headers = staff
    zone = await _zone(client, headers, variables={"ip": "192.0.2.10"})
    before = await _records(client, headers, zone["id"])
    response = await client.post(f"/api/dns/zones/{zone['id']}/records", json=body, headers=headers)
    assert response.status_code == status, response.text
    if field:
        assert response.json()["error"]["details"][0]["field"] == field
    assert await _records(client, headers, zone["id"]) == before
    again = (await client.get(f"/api/dns/zones/{zone['id']}", headers=headers)).json()
    assert again["serial"] == zone["serial"]
    assert again["version"] == zone["version"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"name": "@", "type": "MX", "content": "mail"},
            "An MX record is a priority and a host name, like 10 mail.example.com.",
        ),
        (
            {"name": "@", "type": "MX", "content": "ten mail"},
            "An MX record is a priority and a host name, like 10 mail.example.com.",
        ),
        ({"name": "www", "type": "A", "content": "192.0.2"}, "An A record is one IPv4 address, like 192.0.2.10."),
    ],
)
async def test_content_that_does_not_fit_its_type_says_what_the_type_holds(
    client: httpx.AsyncClient, staff: tuple[object, dict[str, str]], body: dict[str, object], message: str
) -> None:
    _, headers = staff
    zone = await _zone(client, headers, variables={"ip": "192.0.2.10"})
    response = await client.post(f"/api/dns/zones/{zone['id']}/records", json=body, headers=headers)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "record_invalid"
    assert [(d["field"], d["message"]) for d in error["details"]] == [("content", message)]


async def test_each_change_bumps_serial_and_version_and_the_operation_carries_the_whole_zone(
    client: httpx.AsyncClient, staff: tuple[object, dict[str, str]], sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    tenant, headers = staff
    zone = await _zone(client, headers, variables={"ip": "192.0.2.10"})
    long_txt = "v=DKIM1; k=rsa; p=" + "A" * 400
    added = []
    for body in (
        {"name": "@", "type": "AAAA", "content": "2001:db8::10"},
        {"name": "@", "type": "MX", "content": "10 mail.example.com"},
        {"name": "sel._domainkey", "type": "TXT", "content": long_txt},
        {"name": "_sip._tcp", "type": "SRV", "content": "10 5 5060 sip"},
        {"name": "@", "type": "CAA", "content": '0 issue "letsencrypt.org"'},
    ):
        response = await client.post(f"/api/dns/zones/{zone['id']}/records", json=body, headers=headers)
        assert response.status_code == 201, response.text
        added.append(response.json())
    edited = await client.patch(
        f"/api/dns/zones/{zone['id']}/records/{added[0]['id']}", json={"content": "2001:db8::11"}, headers=headers
    )
    assert edited.status_code == 200
    assert edited.json()["content"] == "2001:db8::11"
    gone = await client.delete(f"/api/dns/zones/{zone['id']}/records/{added[4]['id']}", headers=headers)
    assert gone.status_code == 204
    after = (await client.get(f"/api/dns/zones/{zone['id']}", headers=headers)).json()
    assert after["version"] == zone["version"] + 7
    assert after["serial"] == zone["serial"] + 7

    from mpanel.db.session import tenant_session
    from mpanel.hosting.operations import service as operations

    async with tenant_session(sessionmaker, tenant.id) as session:  # type: ignore[attr-defined]
        operation = await operations.prepare(session, "dns_zone", after["id"])
        assert operation is not None
        assert operation.version == after["version"]
        payload = operation.payload
    rrsets = {(r["name"], r["type"]): r for r in payload["rrsets"]}
    assert payload["zone"] == "example.com."
    assert payload["serial"] == after["serial"]
    assert rrsets[("example.com.", "SOA")]["records"] == [
        f"ns1.host.example. hostmaster.example.com. {after['serial']} 10800 3600 604800 3600"
    ]
    assert rrsets[("example.com.", "AAAA")]["records"] == ["2001:db8::11"]
    assert ("example.com.", "CAA") not in rrsets
    txt = rrsets[("sel._domainkey.example.com.", "TXT")]["records"][0]
    assert txt.count('" "') == 1
    assert txt.replace('" "', "").strip('"') == long_txt


async def test_export_passes_named_checkzone_and_imports_back(
    client: httpx.AsyncClient, staff: tuple[object, dict[str, str]], tmp_path: Path
) -> None:
    _, headers = staff
    zone = await _zone(client, headers, variables={"ip": "192.0.2.10", "ipv6": "2001:db8::1", "mx": "mail.example.com"})
    for body in (
        {"name": "mail", "type": "A", "content": "192.0.2.20"},
        {"name": "@", "type": "TXT", "content": "x" * 300},
        {"name": "_xmpp._tcp", "type": "SRV", "content": "5 0 5269 xmpp.other.net"},
        {"name": "@", "type": "CAA", "content": '0 issuewild ";"'},
        {"name": "blog", "type": "CNAME", "content": "hosting.other.net"},
    ):
        assert (
            await client.post(f"/api/dns/zones/{zone['id']}/records", json=body, headers=headers)
        ).status_code == 201
    exported = await client.get(f"/api/dns/zones/{zone['id']}/export", headers=headers)
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/dns")
    zone_file = tmp_path / "example.com.zone"
    zone_file.write_text(exported.text)
    checker = shutil.which("named-checkzone")
    assert checker, "bind9-utils is missing (scripts/debs/dns.txt)"
    check = await asyncio.to_thread(
        subprocess.run, [checker, "example.com", str(zone_file)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    original = await _records(client, headers, zone["id"])

    other = await _zone(client, headers, name="example.net")
    imported = await client.post(
        f"/api/dns/zones/{other['id']}/import",
        json={"zoneFile": exported.text.replace("example.com.", "example.net."), "replace": True},
        headers=headers,
    )
    assert imported.status_code == 200, imported.text
    assert imported.json()["imported"] == len(original)
    assert {r.replace("example.com.", "example.net.") for r in original} == await _records(client, headers, other["id"])

    broken = await client.post(
        f"/api/dns/zones/{other['id']}/import", json={"zoneFile": "@ IN A not-an-ip\n"}, headers=headers
    )
    assert broken.status_code == 422
    assert broken.json()["error"]["details"][0]["field"] == "zoneFile"


async def test_zones_from_billing_domains_and_client_scoping(
    client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    tenant = await make_tenant(sessionmaker)
    await make_enrolled_server(sessionmaker, settings, tenant.id)
    staff = bearer(token_for(settings, tenant.owner))
    customer = await make_customer(sessionmaker, tenant.id)
    domain = await make_domain(sessionmaker, tenant.id, customer_id=customer.id)
    from_domain = await client.post("/api/dns/zones", json={"domainId": str(domain.id)}, headers=staff)
    assert from_domain.status_code == 201, from_domain.text
    assert from_domain.json()["name"] == domain.name
    assert from_domain.json()["customerId"] == str(customer.id)
    await make_zone(sessionmaker, tenant.id, "staff-only.test")

    portal_user = await make_client(sessionmaker, tenant.id, customer.id)
    mine = bearer(token_for(settings, portal_user))
    listed = (await client.get("/api/dns/zones", headers=mine)).json()["items"]
    assert [z["name"] for z in listed] == [domain.name]
    own = await client.post("/api/dns/zones", json={"name": "client-made.test"}, headers=mine)
    assert own.status_code == 201
    assert own.json()["customerId"] == str(customer.id)
    server_pick = await client.post(
        "/api/dns/zones", json={"name": "x.test", "serverId": own.json()["serverId"]}, headers=mine
    )
    assert server_pick.status_code == 403
    staff_zone = (await client.get("/api/dns/zones", params={"q": "staff-only"}, headers=staff)).json()["items"][0]
    assert (await client.get(f"/api/dns/zones/{staff_zone['id']}", headers=mine)).status_code == 404
    hidden = await client.post(
        f"/api/dns/zones/{staff_zone['id']}/records",
        json={"name": "x", "type": "A", "content": "192.0.2.1"},
        headers=mine,
    )
    assert hidden.status_code == 404
    taken = await client.post("/api/dns/zones", json={"name": domain.name}, headers=staff)
    assert taken.status_code == 409


async def test_no_dns_server_means_a_clear_conflict(
    client: httpx.AsyncClient, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    tenant = await make_tenant(sessionmaker)
    response = await client.post(
        "/api/dns/zones", json={"name": "example.com"}, headers=bearer(token_for(settings, tenant.owner))
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "no_server_for_role"
