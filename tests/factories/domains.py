from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.principal import Principal
from mpanel.catalog.tlds import service as tlds
from mpanel.customers import service as customers
from mpanel.customers.schemas import PortalUserCreate
from mpanel.db.session import tenant_session
from mpanel.domains import operations
from mpanel.domains import service as domains
from mpanel.domains.models import Domain
from mpanel.domains.schemas import DomainRegister
from mpanel.users.models import User
from tests.factories.catalog import make_tld
from tests.factories.customers import make_customer
from tests.factories.tenants import PASSWORD

ICANN_FEE = Decimal("0.20")


async def make_domain(
    sessionmaker: async_sessionmaker[AsyncSession],
    tenant_id: uuid.UUID,
    *,
    customer_id: uuid.UUID | None = None,
    now: datetime | None = None,
    **fields: Any,
) -> Domain:
    """A domain registered through the real service and its registrar job (manual registrar). Creates
    its TLD (with the factory price list) and a customer when the tenant has none to give."""
    values: dict[str, Any] = {"name": f"example-{uuid.uuid4().hex[:8]}.com", "years": 1, **fields}
    tld = values["name"].rsplit(".", 1)[1]
    async with tenant_session(sessionmaker, tenant_id) as session:
        known = await tlds.by_name(session, tld)
    if known is None:
        await make_tld(sessionmaker, tenant_id, tld)
    if customer_id is None:
        customer_id = (await make_customer(sessionmaker, tenant_id)).id
    data = DomainRegister.model_validate({**values, "customerId": customer_id})
    async with tenant_session(sessionmaker, tenant_id) as session:
        operation = await domains.register(session, Principal.system(tenant_id), data, now=now)
    done = await operations.carry_out(sessionmaker, tenant_id, operation.domain.id, icann_fee=ICANN_FEE, now=now)
    assert done is not None
    return done


async def settle(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, *, now: datetime | None = None
) -> int:
    """What the worker's registrar job does, for every domain of the tenant with a pending
    operation or nameserver change (the job itself is tested through the real worker in
    tests/domains/test_jobs.py)."""
    async with tenant_session(sessionmaker, tenant_id) as session:
        pending = list(
            await session.scalars(
                select(Domain.id).where(or_(Domain.pending_operation.is_not(None), Domain.nameservers_pending))
            )
        )
    for domain_id in pending:
        await operations.carry_out(sessionmaker, tenant_id, domain_id, icann_fee=ICANN_FEE, now=now)
    return len(pending)


async def make_client(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, customer_id: uuid.UUID
) -> User:
    """A client-portal user of `customer_id` (role client), made the way staff make one."""
    data = PortalUserCreate(email=f"client-{uuid.uuid4().hex[:8]}@example.com", password=PASSWORD)
    async with tenant_session(sessionmaker, tenant_id) as session:
        return await customers.create_portal_user(session, Principal.system(tenant_id), customer_id, data)
