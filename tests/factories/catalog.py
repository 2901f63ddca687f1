from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.principal import Principal
from mpanel.catalog import service as catalog
from mpanel.catalog.models import Product
from mpanel.catalog.schemas import ProductCreate
from mpanel.catalog.tlds import service as tlds
from mpanel.catalog.tlds.models import Tld
from mpanel.catalog.tlds.schemas import TldCreate
from mpanel.db.session import tenant_session


async def make_product(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, **fields: Any) -> Product:
    """A product through the real service; by default the seed's shape (one monthly price)."""
    values: dict[str, Any] = {
        "name": "Starter Hosting",
        "type": "hosting",
        "billingCycle": "monthly",
        "price": "9.99",
        "description": "1 site",
        **fields,
    }
    if "prices" in fields:  # the full shape: no single price, default cycle only when given
        del values["price"]
        if "billingCycle" not in fields:
            del values["billingCycle"]
    async with tenant_session(sessionmaker, tenant_id) as session:
        return await catalog.create(session, Principal.system(tenant_id), ProductCreate.model_validate(values))


def price_list(register: str = "12.00", renew: str = "14.00", transfer: str = "10.00") -> list[dict[str, Any]]:
    """Register and renew for 1..10 years (n times the one-year price), transfer for one year."""
    rows: list[dict[str, Any]] = []
    for action, price in (("register", register), ("renew", renew)):
        rows += [{"action": action, "years": n, "price": str(Decimal(price) * n)} for n in range(1, 11)]
    rows.append({"action": "transfer", "years": 1, "price": transfer})
    return rows


async def make_tld(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, tld: str = "com", **fields: Any
) -> Tld:
    values: dict[str, Any] = {"tld": tld, "prices": price_list(), "redemptionFee": "80.00", **fields}
    async with tenant_session(sessionmaker, tenant_id) as session:
        return await tlds.create(session, Principal.system(tenant_id), TldCreate.model_validate(values))
