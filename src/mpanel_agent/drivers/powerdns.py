"""DNS zones on PowerDNS Authoritative, through its HTTP API only (never its database).

A zone is created Native with `soa_edit_api` empty, so PowerDNS never rewrites the SOA: the
panel's serial is the served serial and a replayed operation changes nothing. An existing zone is
compared RRset by RRset and only what differs is PATCHed (REPLACE or DELETE), in one request,
which PowerDNS applies in one transaction and follows with a cache purge for the zone."""

from __future__ import annotations

from typing import Any

import httpx

from mpanel_agent.config import PowerDnsConfig
from mpanel_agent.drivers.base import DriverError

RRSet = tuple[str, str]  # (name, type)


class PowerDnsDriver:
    name = "powerdns"

    def __init__(self, config: PowerDnsConfig) -> None:
        self._http = httpx.AsyncClient(
            base_url=f"{config.api_url}/api/v1/servers/{config.server_id}",
            headers={"X-API-Key": config.api_key},
            timeout=30,
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def flush(self) -> None:
        return None  # the API applies each change at once; nothing to reload

    async def apply(self, payload: dict[str, Any]) -> dict[str, Any]:
        zone = payload["zone"]
        if payload.get("state") == "absent":
            return await self._delete(zone)
        current = await self._get(zone)
        if current is None:
            return await self._create(zone, payload["rrsets"])
        return await self._update(zone, current, payload["rrsets"])

    async def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise DriverError(f"PowerDNS API unreachable: {exc}") from exc
        if response.status_code in (409, 422) or response.status_code >= 500:
            raise DriverError(f"PowerDNS refused the change ({response.status_code}): {_error_text(response)}")
        return response

    async def _get(self, zone: str) -> dict[str, Any] | None:
        response = await self._request("GET", f"/zones/{zone}")
        if response.status_code == 404:
            return None
        _expect(response, 200)
        result: dict[str, Any] = response.json()
        return result

    async def _create(self, zone: str, rrsets: list[dict[str, Any]]) -> dict[str, Any]:
        body = {
            "name": zone,
            "kind": "Native",
            "soa_edit_api": "",
            "nameservers": [],
            "rrsets": [_rrset(r) for r in rrsets],
        }
        response = await self._request("POST", "/zones", json=body)
        _expect(response, 201)
        return {"action": "created", "rrsets": len(rrsets), "serial": response.json().get("serial")}

    async def _update(self, zone: str, current: dict[str, Any], rrsets: list[dict[str, Any]]) -> dict[str, Any]:
        have = {(r["name"], r["type"]): r for r in current.get("rrsets", [])}
        want = {(r["name"], r["type"]): r for r in rrsets}
        changes = [_rrset(r) | {"changetype": "REPLACE"} for key, r in want.items() if not _same(have.get(key), r)]
        changes += [
            {"name": name, "type": rtype, "changetype": "DELETE"} for (name, rtype) in have if (name, rtype) not in want
        ]
        if changes:
            response = await self._request("PATCH", f"/zones/{zone}", json={"rrsets": changes})
            _expect(response, 204)
        if current.get("soa_edit_api"):
            response = await self._request("PUT", f"/zones/{zone}", json={"soa_edit_api": ""})
            _expect(response, 204)
        return {"action": "updated" if changes else "unchanged", "changed": len(changes), "rrsets": len(rrsets)}

    async def _delete(self, zone: str) -> dict[str, Any]:
        response = await self._request("DELETE", f"/zones/{zone}")
        if response.status_code == 404:
            return {"action": "absent"}
        _expect(response, 204)
        return {"action": "deleted"}


def _rrset(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": r["name"],
        "type": r["type"],
        "ttl": r["ttl"],
        "records": [{"content": content, "disabled": False} for content in r["records"]],
    }


def _same(have: dict[str, Any] | None, want: dict[str, Any]) -> bool:
    if have is None or have.get("ttl") != want["ttl"]:
        return False
    served = sorted(_canonical(rec["content"]) for rec in have.get("records", []) if not rec.get("disabled"))
    return served == sorted(_canonical(c) for c in want["records"])


def _canonical(content: str) -> str:
    return " ".join(content.split())


def _expect(response: httpx.Response, status: int) -> None:
    if response.status_code != status:
        raise DriverError(f"PowerDNS answered {response.status_code}: {_error_text(response)}")


def _error_text(response: httpx.Response) -> str:
    try:
        return str(response.json().get("error", response.text))
    except ValueError:
        return response.text[:500]
