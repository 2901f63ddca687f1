from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.principal import Principal
from mpanel.customers import service as customers
from mpanel.customers.models import Customer
from mpanel.customers.schemas import CustomerCreate
from mpanel.db.session import tenant_session


async def make_customer(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, **fields: Any
) -> Customer:
    values: dict[str, Any] = {
        "name": "Ada Lovelace",
        "email": f"ada-{uuid.uuid4().hex[:8]}@example.com",
        "country": "GB",
        **fields,
    }
    async with tenant_session(sessionmaker, tenant_id) as session:
        return await customers.create(session, Principal.system(tenant_id), CustomerCreate.model_validate(values))
