"""The panel's agent API, as the agent calls it."""

from __future__ import annotations

from typing import Any

import httpx

from mpanel_agent import __version__


class PanelRefused(Exception):
    """The panel answered with an error (a revoked credential is a 401)."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"the panel answered {status}: {body[:500]}")
        self.status = status


class PanelClient:
    def __init__(
        self,
        panel_url: str,
        credential: str | None = None,
        *,
        verify: bool | str = True,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        headers = {"User-Agent": f"mpanel-agent/{__version__}"}
        if credential:
            headers["Authorization"] = f"Bearer {credential}"
        self._http = httpx.AsyncClient(
            base_url=f"{panel_url}/api/agent", headers=headers, verify=verify, timeout=60, transport=transport
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self._http.request(method, path, **kwargs)
        if response.status_code >= 400:
            raise PanelRefused(response.status_code, response.text)
        return response.json() if response.content else None

    async def enrol(self, token: str, hostname: str) -> dict[str, Any]:
        body = {"token": token, "hostname": hostname, "agentVersion": __version__}
        result: dict[str, Any] = await self._call("POST", "/enrol", json=body)
        return result

    async def heartbeat(self, metrics: dict[str, float], *, restarted: bool = False) -> dict[str, Any]:
        body = {"agentVersion": __version__, "metrics": metrics, "restarted": restarted}
        result: dict[str, Any] = await self._call("POST", "/heartbeat", json=body)
        return result

    async def operations(self, wait: float) -> list[dict[str, Any]]:
        result = await self._call("GET", "/operations", params={"wait": wait}, timeout=wait + 30)
        operations: list[dict[str, Any]] = result["operations"]
        return operations

    async def report(self, operation_id: str, *, ok: bool, observed: dict[str, Any] | None, error: str | None) -> None:
        await self._call(
            "POST", f"/operations/{operation_id}/result", json={"ok": ok, "observed": observed, "error": error}
        )

    async def resync(self) -> int:
        result = await self._call("POST", "/resync")
        return int(result["objects"])
