"""The one router tree: every domain's routes under /api."""

from __future__ import annotations

from fastapi import APIRouter

from mpanel.audit.routes import router as audit_router
from mpanel.auth.routes import router as auth_router
from mpanel.customers.routes import router as customers_router
from mpanel.observability.routes import router as system_router
from mpanel.tenants.routes import router as tenants_router
from mpanel.users.routes import router as users_router

api_router = APIRouter(prefix="/api")
for router in (system_router, auth_router, users_router, tenants_router, audit_router, customers_router):
    api_router.include_router(router)
