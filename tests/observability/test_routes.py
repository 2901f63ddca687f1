from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy.engine import make_url

from mpanel.app import create_app
from mpanel.db.urls import DatabaseUrls
from mpanel.settings import Settings


class TestHealth:
    async def test_answers_ok_with_the_database_check(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/health")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert body["checks"]["database"]["status"] == "ok"

    async def test_answers_503_naming_the_database_when_it_is_down(self, settings: Settings) -> None:
        dead = make_url("postgresql://nobody:x@127.0.0.1:1/nothing")
        app = create_app(settings, urls=DatabaseUrls(owner=dead, app=dead), run_worker=False)
        transport = httpx.ASGITransport(app=app)
        async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            response = await c.get("/api/health")
            api = await c.post("/api/auth/login", json={"email": "a@example.com", "password": "x"})
        assert response.status_code == 503
        assert response.json()["status"] == "fail"
        assert response.json()["checks"]["database"]["status"] == "fail"
        assert api.status_code == 503
        assert api.json()["error"]["code"] == "database_unavailable"


class TestMetrics:
    async def test_counts_requests_by_route_template_and_reports_the_pool(
        self, client: httpx.AsyncClient, app: FastAPI
    ) -> None:
        await client.get("/api/users/00000000-0000-0000-0000-000000000001")
        text = (await client.get("/api/metrics")).text
        assert 'mpanel_http_requests_total{method="GET",route="/api/users/{user_id}",status="401"}' in text
        assert "mpanel_http_request_duration_seconds_bucket" in text
        assert "mpanel_http_requests_in_flight" in text
        assert 'mpanel_db_pool_size{pool="app"}' in text
        assert "process_resident_memory_bytes" in text


class TestConventions:
    async def test_responses_carry_request_ids_and_security_headers(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/health", headers={"X-Request-ID": "abc-12345678"})
        assert response.headers["x-request-id"] == "abc-12345678"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        generated = await client.get("/api/health", headers={"X-Request-ID": "bad id\n"})
        assert len(generated.headers["x-request-id"]) == 32

    async def test_unknown_routes_use_the_error_shape(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/nothing-here")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
        wrong_method = await client.delete("/api/health")
        assert wrong_method.status_code == 405
        assert wrong_method.json()["error"]["code"] == "method_not_allowed"

    async def test_openapi_and_swagger_are_served(self, client: httpx.AsyncClient) -> None:
        spec = (await client.get("/api/openapi.json")).json()
        assert "/api/auth/login" in spec["paths"]
        assert spec["paths"]["/api/users"]["post"]["operationId"] == "users-create"
        assert "accessToken" in str(spec["components"]["schemas"]["TokenPair"])
        docs = await client.get("/api/docs")
        assert docs.status_code == 200
        assert "/api/docs/assets/swagger-ui-bundle.js" in docs.text  # served locally, no CDN
        assert "cdn" not in docs.headers["content-security-policy"]
        bundle = await client.get("/api/docs/assets/swagger-ui-bundle.js")
        assert bundle.status_code == 200
        assert len(bundle.content) > 100_000

    async def test_nul_in_a_query_parameter_is_a_422_not_a_500(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/users", params={"q": "a\x00b"}, headers={"Authorization": "Bearer x"})
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["field"] == "query.q"

    async def test_malformed_json_is_a_422_not_a_500(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/api/auth/login", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "validation_failed"
