"""Walks every route of the application: authentication, the role rules of the permission map,
and tenant isolation (another tenant's ids answer 404)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.app import create_app
from mpanel.auth.deps import PermissionCheck, current_principal
from mpanel.auth.permissions import CLIENT_PERMISSIONS, ROLE_PERMISSIONS, Permission
from mpanel.auth.principal import Principal
from mpanel.db.session import tenant_session
from mpanel.hosting.dns import service as dns
from mpanel.hosting.dns.models import DnsRecord
from mpanel.hosting.dns.schemas import TemplateCreate
from mpanel.notifications.models import OutboxEmail
from mpanel.settings import Settings
from mpanel.users.models import Role
from tests.conftest import make_settings
from tests.factories.billing import make_invoice, make_payment, make_subscription, make_tax_rule
from tests.factories.catalog import make_product, make_tld
from tests.factories.customers import make_customer
from tests.factories.domains import make_domain
from tests.factories.hosting import make_enrolled_server, make_zone
from tests.factories.tenants import bearer, make_tenant, make_user, token_for

PUBLIC = {
    ("GET", "/api/health"),
    ("GET", "/api/metrics"),
    ("GET", "/api/docs"),
    ("POST", "/api/auth/login"),
    ("POST", "/api/auth/refresh"),
    ("POST", "/api/auth/logout"),
    # Stripe calls these; the Stripe-Signature header is their authentication.
    ("POST", "/api/webhooks/stripe"),
    ("POST", "/api/webhooks/stripe/{tenant_slug}"),
    ("POST", "/api/auth/password-reset"),
    ("POST", "/api/auth/password-reset/confirm"),
}
# The node agent's routes: a node credential (or, to enrol, a one-time token), never a user token.
AGENT = {
    ("POST", "/api/agent/enrol"),
    ("POST", "/api/agent/heartbeat"),
    ("GET", "/api/agent/operations"),
    ("POST", "/api/agent/operations/{operation_id}/result"),
    ("POST", "/api/agent/resync"),
}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    permission: Permission | None
    authenticated: bool

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _dependencies(dependant: Dependant) -> Iterator[object]:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _dependencies(dependency)


def api_routes(app: FastAPI) -> Iterator[tuple[str, set[str], Dependant]]:
    """(path, methods, dependant) of every route. FastAPI 0.16x keeps included routers as
    `_IncludedRouter` objects whose `effective_route_contexts()` carry the prefixed paths."""
    for route in app.routes:
        if isinstance(route, APIRoute):
            yield route.path, set(route.methods or ()), route.dependant
        elif hasattr(route, "effective_route_contexts"):
            for context in route.effective_route_contexts():
                yield context.path, set(context.methods or ()), context.dependant


def endpoints() -> list[Endpoint]:
    app = create_app(make_settings(make_url("postgresql://unused@localhost/unused")))
    found = []
    for path, methods, dependant in api_routes(app):
        if not path.startswith("/api"):
            continue
        calls = list(_dependencies(dependant))
        checks = [c.permission for c in calls if isinstance(c, PermissionCheck)]
        for method in sorted(methods):
            found.append(Endpoint(method, path, checks[0] if checks else None, current_principal in calls))
    return found


ENDPOINTS = endpoints()
PROTECTED = [e for e in ENDPOINTS if (e.method, e.path) not in PUBLIC | AGENT]


def fill(path: str, value: uuid.UUID) -> str:
    return re.sub(r"\{[^}]+\}", str(value), path)


class TestEveryRoute:
    def test_every_api_route_is_public_by_name_or_authenticated(self) -> None:
        assert {(e.method, e.path) for e in ENDPOINTS} >= PUBLIC
        unguarded = [str(e) for e in PROTECTED if not e.authenticated]
        assert unguarded == []

    @pytest.mark.parametrize("endpoint", PROTECTED, ids=str)
    async def test_anonymous_callers_get_401(self, client: httpx.AsyncClient, endpoint: Endpoint) -> None:
        response = await client.request(endpoint.method, fill(endpoint.path, uuid.uuid4()), json={})
        assert response.status_code == 401
        assert response.json()["error"]["code"] in {"unauthorized", "token_invalid"}

    @pytest.mark.parametrize("route", sorted(AGENT), ids=" ".join)
    async def test_agent_routes_refuse_anyone_without_a_node_credential(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        route: tuple[str, str],
    ) -> None:
        assert route in {(e.method, e.path) for e in ENDPOINTS}
        tenant = await make_tenant(sessionmaker)
        body = {"token": "mpe1.x.y.z", "hostname": "node", "agentVersion": "1"} if route[1].endswith("enrol") else {}
        for headers in ({}, bearer(token_for(settings, tenant.owner))):
            response = await client.request(route[0], fill(route[1], uuid.uuid4()), json=body, headers=headers)
            assert response.status_code == 401, response.text
            assert response.json()["error"]["code"] in {"node_credential_invalid", "enrolment_token_invalid"}

    def test_only_client_portal_permissions_are_open_to_every_role(self) -> None:
        everyone = frozenset.intersection(*ROLE_PERMISSIONS.values())
        assert everyone == CLIENT_PERMISSIONS

    @pytest.mark.parametrize(
        "endpoint", [e for e in PROTECTED if e.permission not in (None, *CLIENT_PERMISSIONS)], ids=str
    )
    async def test_roles_without_the_permission_get_403(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        endpoint: Endpoint,
    ) -> None:
        tenant = await make_tenant(sessionmaker)
        assert endpoint.permission is not None
        lacking = [role for role, granted in ROLE_PERMISSIONS.items() if endpoint.permission not in granted]
        for role in lacking:
            user = await make_user(sessionmaker, tenant.id, role)
            response = await client.request(
                endpoint.method, fill(endpoint.path, uuid.uuid4()), json={}, headers=bearer(token_for(settings, user))
            )
            assert response.status_code == 403, (role, response.text)
            assert response.json()["error"]["code"] == "permission_denied"

    def test_the_role_map_is_ordered_by_privilege(self) -> None:
        assert ROLE_PERMISSIONS[Role.CLIENT] < ROLE_PERMISSIONS[Role.SUPPORT] < ROLE_PERMISSIONS[Role.ADMIN]
        assert ROLE_PERMISSIONS[Role.ADMIN] < ROLE_PERMISSIONS[Role.OWNER]
        assert all(Permission.PLATFORM_TENANTS not in granted for granted in ROLE_PERMISSIONS.values())


# Routes addressed by a name every tenant shares (e-mail template kinds) rather than a row id:
# each tenant reads and writes its own version; tests/notifications checks that isolation.
NAMED_PARAMS = {"kind"}
ID_ROUTES = [e for e in PROTECTED if set(re.findall(r"\{([^}]+)\}", e.path)) - NAMED_PARAMS]
# A valid body for routes that validate one before they look the id up.
SAMPLE_BODIES: dict[str, dict[str, object]] = {
    "POST /api/payments/{payment_id}/refund": {"reason": "walk"},
    "POST /api/subscriptions/{subscription_id}/change-plan": {"price": "1.00"},
    "POST /api/customers/{customer_id}/credit": {"amount": "5.00", "note": "walk"},
    "POST /api/customers/{customer_id}/users": {"email": "walker@example.com", "password": "long enough secret"},
    "POST /api/domains/{domain_id}/status": {"status": "cancelled"},
    "POST /api/customers/{customer_id}/payment-methods/default": {"paymentMethodId": "pm_walk"},
    "POST /api/dns/zones/{zone_id}/records": {"name": "walk", "type": "A", "content": "192.0.2.1"},
    "POST /api/dns/zones/{zone_id}/import": {"zoneFile": ""},
}


async def billing_ids(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, customer_id: uuid.UUID
) -> dict[str, uuid.UUID]:
    invoice = await make_invoice(sessionmaker, tenant_id, customer_id)
    payment = await make_payment(sessionmaker, tenant_id, invoice.id, "1.00")
    rule = await make_tax_rule(sessionmaker, tenant_id)
    product = await make_product(sessionmaker, tenant_id)
    subscription = await make_subscription(sessionmaker, tenant_id, customer_id, product.id)
    async with tenant_session(sessionmaker, tenant_id) as session:
        email_id = await session.scalar(select(OutboxEmail.id).where(OutboxEmail.payment_id == payment.id))
    assert email_id is not None, "a payment queues its e-mail"
    return {
        "invoice_id": invoice.id,
        "payment_id": payment.id,
        "rule_id": rule.id,
        "subscription_id": subscription.id,
        "email_id": email_id,
    }


async def catalog_ids(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, customer_id: uuid.UUID
) -> dict[str, uuid.UUID]:
    product = await make_product(sessionmaker, tenant_id)
    domain = await make_domain(sessionmaker, tenant_id, customer_id=customer_id)
    tld = await make_tld(sessionmaker, tenant_id, "net")
    return {"product_id": product.id, "tld_id": tld.id, "domain_id": domain.id}


async def hosting_ids(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, tenant_id: uuid.UUID
) -> dict[str, uuid.UUID | int]:
    await make_enrolled_server(sessionmaker, settings, tenant_id)
    zone = await make_zone(sessionmaker, tenant_id, variables={"ip": "192.0.2.1"})
    async with tenant_session(sessionmaker, tenant_id) as session:
        record_id = await session.scalar(select(DnsRecord.id).where(DnsRecord.zone_id == zone.id).limit(1))
        template = await dns.create_template(
            session, Principal.system(tenant_id), TemplateCreate(name="walk", records=[])
        )
        job_id = await session.scalar(text("select max(id) from tenant_jobs"))
    assert record_id is not None
    assert job_id is not None
    return {
        "server_id": zone.server_id,
        "zone_id": zone.id,
        "record_id": record_id,
        "template_id": template.id,
        "job_id": job_id,
    }


class TestTenantIsolation:
    """Every route that takes an id, called with another tenant's id, answers 404. Platform
    routes (the tenant registry) are for platform operators only, who see every tenant."""

    @pytest.mark.parametrize("endpoint", ID_ROUTES, ids=str)
    async def test_another_tenants_ids_answer_404(
        self,
        client: httpx.AsyncClient,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        endpoint: Endpoint,
    ) -> None:
        mine, theirs = await make_tenant(sessionmaker), await make_tenant(sessionmaker)
        their_customer = await make_customer(sessionmaker, theirs.id)
        their_ids: dict[str, uuid.UUID | int] = {
            "user_id": theirs.owner.id,
            "tenant_id": theirs.id,
            "customer_id": their_customer.id,
        }
        their_ids.update(await billing_ids(sessionmaker, theirs.id, their_customer.id))
        their_ids.update(await catalog_ids(sessionmaker, theirs.id, their_customer.id))
        their_ids.update(await hosting_ids(sessionmaker, settings, theirs.id))
        params = re.findall(r"\{([^}]+)\}", endpoint.path)
        path = endpoint.path
        for name in params:
            assert name in their_ids, f"add a {name} of another tenant to this test"
            path = path.replace(f"{{{name}}}", str(their_ids[name]))
        body = SAMPLE_BODIES.get(str(endpoint), {})
        response = await client.request(
            endpoint.method, path, json=body, headers=bearer(token_for(settings, mine.owner))
        )
        assert response.status_code != 422, f"add a valid body for {endpoint} to SAMPLE_BODIES: {response.text}"
        if endpoint.permission is Permission.PLATFORM_TENANTS:
            assert response.status_code == 403
        else:
            assert response.status_code == 404, response.text
