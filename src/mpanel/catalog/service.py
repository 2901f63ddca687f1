"""The product catalog: what a tenant sells, at which price per billing cycle, and (for hosting)
with which plan limits. Clients see active products only; retired products are never sold."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.billing.cycles import BillingCycle
from mpanel.catalog.models import Product, ProductPrice, ProductStatus, ProductType
from mpanel.catalog.schemas import PriceIn, ProductCreate, ProductSort, ProductUpdate, ProvisioningSpec
from mpanel.core.errors import Conflict, Invalid
from mpanel.core.schemas import reject_cleared
from mpanel.core.text import contains_pattern
from mpanel.db.lookup import one_or_not_found
from mpanel.db.pagination import keyset_page, sort_by, sort_fields
from mpanel.tenants import service as tenants
from mpanel.users.models import Role

PRODUCT_SORT = sort_fields(ProductSort, {"name": Product.name, "createdAt": Product.created_at})


class ProductRetired(Conflict):
    code = "product_retired"
    message = "This product is retired and can no longer be sold."


class ProductCycleNotOffered(Conflict):
    code = "product_cycle_not_offered"

    def __init__(self, cycle: BillingCycle) -> None:
        super().__init__(
            f"This product has no {BillingCycle(cycle).value} price.",
            details=[{"field": "billingCycle", "message": "no price for this cycle"}],
        )


class ProductQuote(NamedTuple):
    price: Decimal
    setup_fee: Decimal
    currency: str


def _invalid(field: str, message: str) -> Invalid:
    return Invalid(message, details=[{"field": field, "message": message}])


def scope_to_actor(stmt: Select[Any], actor: Principal) -> Select[Any]:
    """Clients see the active catalog only; staff see hidden and retired products too."""
    if actor.role is Role.CLIENT:
        return stmt.where(Product.status == ProductStatus.ACTIVE)
    return stmt


async def get(session: AsyncSession, actor: Principal, product_id: uuid.UUID, *, for_update: bool = False) -> Product:
    stmt = scope_to_actor(select(Product).where(Product.id == product_id), actor).options(selectinload(Product.prices))
    return await one_or_not_found(session, stmt, "product", product_id, for_update=for_update)


async def list_products(
    session: AsyncSession,
    actor: Principal,
    *,
    limit: int,
    cursor: str | None = None,
    product_type: ProductType | None = None,
    status: ProductStatus | None = None,
    query: str | None = None,
    sort: str | None = None,
) -> tuple[list[Product], str | None]:
    stmt = scope_to_actor(select(Product), actor).options(selectinload(Product.prices))
    if product_type:
        stmt = stmt.where(Product.type == product_type)
    if status:
        stmt = stmt.where(Product.status == status)
    if query:
        pattern = contains_pattern(query)
        stmt = stmt.where(
            or_(Product.name.ilike(pattern, escape="\\"), Product.description.ilike(pattern, escape="\\"))
        )
    return await keyset_page(
        session,
        stmt,
        created_at=Product.created_at,
        row_id=Product.id,
        limit=limit,
        cursor=cursor,
        sort=sort_by(sort, PRODUCT_SORT),
    )


def _snapshot(product: Product) -> dict[str, Any]:
    """The audit view of a product: its columns and its price list."""
    prices = sorted(product.prices, key=lambda p: list(BillingCycle).index(p.billing_cycle))
    return {
        **audit.snapshot(product),
        "prices": [
            {"billingCycle": p.billing_cycle.value, "price": str(p.price), "setupFee": str(p.setup_fee)} for p in prices
        ],
    }


async def create(session: AsyncSession, actor: Principal, data: ProductCreate) -> Product:
    spec = data.provisioning_spec
    if data.type is ProductType.HOSTING and spec is None:
        spec = ProvisioningSpec()  # every limit unlimited, and visible as such
    product = Product(
        name=data.name,
        type=data.type,
        description=data.description,
        status=data.status,
        currency=data.currency or await tenants.default_currency(session),
        billing_cycle=data.default_cycle(),
        provisioning_spec=spec.stored() if spec is not None else None,
        prices=[
            ProductPrice(billing_cycle=p.billing_cycle, price=p.price, setup_fee=p.setup_fee) for p in data.price_rows()
        ],
    )
    session.add(product)
    await session.flush()
    await audit.record(session, actor, "product.create", product, after=_snapshot(product))
    return product


def _replace_prices(product: Product, rows: list[PriceIn]) -> None:
    """Update rows in place, add new cycles and drop missing ones (in place, so the unique key
    never sees a delete and an insert of the same cycle in one flush)."""
    wanted = {row.billing_cycle: row for row in rows}
    for existing in list(product.prices):
        row = wanted.pop(existing.billing_cycle, None)
        if row is None:
            product.prices.remove(existing)
        else:
            existing.price, existing.setup_fee = row.price, row.setup_fee
    for row in wanted.values():
        product.prices.append(ProductPrice(billing_cycle=row.billing_cycle, price=row.price, setup_fee=row.setup_fee))


async def update(session: AsyncSession, actor: Principal, product_id: uuid.UUID, data: ProductUpdate) -> Product:
    product = await get(session, actor, product_id, for_update=True)
    before = _snapshot(product)
    changes = data.model_dump(exclude_unset=True)
    reject_cleared(
        changes, "name", "description", "status", "currency", "billing_cycle", "price", "setup_fee", "prices"
    )
    if "provisioning_spec" in changes:
        if data.provisioning_spec is not None and product.type is not ProductType.HOSTING:
            raise _invalid("provisioningSpec", "provisioningSpec is only for hosting products")
        if data.provisioning_spec is None and product.type is ProductType.HOSTING:
            raise _invalid("provisioningSpec", "a hosting product always has a provisioning spec")
        product.provisioning_spec = data.provisioning_spec.stored() if data.provisioning_spec else None
    for key in ("name", "description", "status", "currency", "billing_cycle"):
        if key in changes:
            setattr(product, key, getattr(data, key))
    if data.prices is not None:
        _replace_prices(product, data.prices)
    elif data.price is not None or data.setup_fee is not None:
        current = product.price_row(product.billing_cycle)
        if current is None and data.price is None:
            raise _invalid("price", "the default billing cycle has no price yet: give price")
        if current is None:
            assert data.price is not None
            product.prices.append(
                ProductPrice(
                    billing_cycle=product.billing_cycle, price=data.price, setup_fee=data.setup_fee or Decimal(0)
                )
            )
        else:
            current.price = data.price if data.price is not None else current.price
            current.setup_fee = data.setup_fee if data.setup_fee is not None else current.setup_fee
    if product.price_row(product.billing_cycle) is None:
        raise _invalid("billingCycle", "the default billing cycle must have a price")
    await session.flush()
    await audit.record(session, actor, "product.update", product, before=before, after=_snapshot(product))
    return product


async def price_for(
    session: AsyncSession, actor: Principal, product_id: uuid.UUID, cycle: BillingCycle
) -> ProductQuote:
    """What selling this product on this cycle costs: (price, setup fee, currency). Hidden products
    can be sold by staff (clients cannot see them); retired products cannot be sold at all."""
    product = await get(session, actor, product_id)
    if product.status is ProductStatus.RETIRED:
        raise ProductRetired()
    row = product.price_row(cycle)
    if row is None:
        raise ProductCycleNotOffered(cycle)
    return ProductQuote(row.price, row.setup_fee, product.currency)
