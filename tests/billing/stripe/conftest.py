"""Stripe tests: the SDK talks to a fake Stripe API on loopback (tests/fakes/stripe_server.py),
and webhooks are signed with Stripe's real scheme."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.app import create_app
from mpanel.customers.models import Customer
from mpanel.db.urls import DatabaseUrls
from mpanel.settings import Settings
from mpanel.users.models import User
from tests.conftest import make_settings
from tests.factories.customers import make_customer
from tests.factories.domains import make_client
from tests.factories.tenants import TenantWithOwner, bearer, make_tenant, token_for
from tests.fakes.stripe_server import FakeStripe, StripeServer, sign

PLATFORM_KEY = "sk_test_platform0000"
PLATFORM_WEBHOOK_SECRET = "whsec_platform0000"
TENANT_KEY = "sk_test_tenant1234"
TENANT_WEBHOOK_SECRET = "whsec_tenant5678"


@pytest.fixture
def fake() -> Iterator[FakeStripe]:
    with StripeServer() as running:
        yield running


@pytest.fixture
def stripe_settings(database: DatabaseUrls, fake: FakeStripe) -> Settings:
    return make_settings(
        database.owner,
        STRIPE_API_BASE=fake.url,
        STRIPE_SECRET_KEY=PLATFORM_KEY,
        STRIPE_PUBLISHABLE_KEY="pk_test_platform",
        STRIPE_WEBHOOK_SECRET=PLATFORM_WEBHOOK_SECRET,
    )


@pytest.fixture
async def stripe_app(stripe_settings: Settings, database: DatabaseUrls) -> AsyncIterator[FastAPI]:
    application = create_app(stripe_settings, urls=database, run_worker=False)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def api(stripe_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=stripe_app, client=("203.0.113.10", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@dataclass
class Shop:
    """A tenant with its own Stripe keys, a customer and that customer's portal login."""

    tenant: TenantWithOwner
    customer: Customer
    client: User
    staff_headers: dict[str, str]
    client_headers: dict[str, str]


async def own_keys(api: httpx.AsyncClient, headers: dict[str, str]) -> None:
    response = await api.put(
        "/api/tenant/stripe",
        json={"secretKey": TENANT_KEY, "publishableKey": "pk_test_tenant", "webhookSecret": TENANT_WEBHOOK_SECRET},
        headers=headers,
    )
    assert response.status_code == 200, response.text


@pytest.fixture
async def shop(
    api: httpx.AsyncClient, stripe_settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> Shop:
    tenant = await make_tenant(sessionmaker)
    customer = await make_customer(sessionmaker, tenant.id, currency="USD")
    client = await make_client(sessionmaker, tenant.id, customer.id)
    staff = bearer(token_for(stripe_settings, tenant.owner))
    await own_keys(api, staff)
    return Shop(tenant, customer, client, staff, bearer(token_for(stripe_settings, client)))


async def saved_card(
    api: httpx.AsyncClient, shop: Shop, fake: FakeStripe, *, behaviour: str = "succeeded", last4: str = "4242"
) -> str:
    """Save a card the way the portal does: a SetupIntent, the card confirmed at Stripe, the
    setup_intent.succeeded webhook."""
    setup = await api.post(
        f"/api/customers/{shop.customer.id}/payment-methods/setup-intent", headers=shop.client_headers
    )
    assert setup.status_code == 201, setup.text
    intent = fake.setup_intents[setup.json()["setupIntentId"]]
    method = fake.add_card(intent["customer"], behaviour=behaviour, last4=last4)
    intent.update(status="succeeded", payment_method=method)
    response = await deliver(api, fake.event("setup_intent.succeeded", intent), slug=shop.tenant.slug)
    assert response.json()["status"] == "processed", response.text
    return method


async def deliver(
    api: httpx.AsyncClient,
    event: dict[str, Any],
    *,
    slug: str | None = None,
    secret: str | None = None,
    timestamp: int | None = None,
) -> httpx.Response:
    payload = json.dumps(event).encode()
    secret = secret or (TENANT_WEBHOOK_SECRET if slug else PLATFORM_WEBHOOK_SECRET)
    path = f"/api/webhooks/stripe/{slug}" if slug else "/api/webhooks/stripe"
    return await api.post(
        path,
        content=payload,
        headers={"Stripe-Signature": sign(payload, secret, timestamp), "Content-Type": "application/json"},
    )
