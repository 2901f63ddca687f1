"""The one router tree: every domain's routes under /api."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from mpanel.audit.routes import router as audit_router
from mpanel.auth.routes import router as auth_router
from mpanel.billing.invoices.routes import router as invoices_router
from mpanel.billing.payments.routes import router as payments_router
from mpanel.billing.stripe.routes import router as stripe_router
from mpanel.billing.subscriptions.routes import router as subscriptions_router
from mpanel.billing.tax.routes import router as tax_router
from mpanel.catalog.routes import router as products_router
from mpanel.catalog.tlds.routes import router as tlds_router
from mpanel.customers.routes import router as customers_router
from mpanel.dashboard.routes import router as dashboard_router
from mpanel.domains.routes import reports_router
from mpanel.domains.routes import router as domains_router
from mpanel.hosting.dns.routes import router as dns_router
from mpanel.hosting.servers.agent_routes import router as agent_router
from mpanel.hosting.servers.routes import router as servers_router
from mpanel.http.guards import reject_unstorable_query
from mpanel.jobs.routes import router as jobs_router
from mpanel.notifications.routes import router as email_router
from mpanel.observability.routes import router as system_router
from mpanel.tenants.routes import router as tenants_router
from mpanel.users.routes import router as users_router

ROUTERS = [
    system_router,
    auth_router,
    users_router,
    tenants_router,
    audit_router,
    customers_router,
    dashboard_router,
    tax_router,
    invoices_router,
    payments_router,
    stripe_router,
    subscriptions_router,
    products_router,
    tlds_router,
    domains_router,
    reports_router,
    jobs_router,
    servers_router,
    agent_router,
    dns_router,
    email_router,
]

api_router = APIRouter(prefix="/api", dependencies=[Depends(reject_unstorable_query)])
for router in ROUTERS:
    api_router.include_router(router)
