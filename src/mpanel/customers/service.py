"""Customers of a tenant: contact and billing address (for tax), currency, account credit, and
their client-portal logins."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.core.codes import normalize_vat_id
from mpanel.core.errors import Conflict, Invalid
from mpanel.core.schemas import reject_cleared
from mpanel.core.text import contains_pattern
from mpanel.customers.models import CreditTransaction, Customer, CustomerStatus
from mpanel.customers.schemas import CreditAdjustment, CustomerCreate, CustomerSort, CustomerUpdate, PortalUserCreate
from mpanel.db.lookup import one_or_not_found
from mpanel.db.pagination import keyset_page, sort_by, sort_fields
from mpanel.notifications import outbox
from mpanel.tenants import service as tenants
from mpanel.users import service as users
from mpanel.users.models import Role, User

CUSTOMER_SORT = sort_fields(CustomerSort, {"name": Customer.name, "createdAt": Customer.created_at})


class CustomerEmailTaken(Conflict):
    code = "customer_email_taken"
    message = "A customer with this e-mail address already exists."

    def __init__(self) -> None:
        super().__init__(details=[{"field": "email", "message": self.message}])


class VatIdInvalid(Invalid):
    code = "vat_id_invalid"

    def __init__(self, reason: str) -> None:
        super().__init__(reason, details=[{"field": "vatId", "message": reason}])


class CreditInsufficient(Conflict):
    code = "credit_insufficient"
    message = "The customer does not have that much account credit."


class CurrencyLocked(Conflict):
    code = "customer_currency_locked"
    message = "The currency cannot change while the customer holds account credit."


def scope_to_actor(stmt: Any, actor: Principal) -> Any:
    """Client principals see only their own customer."""
    return actor.narrow_to_customer(stmt, Customer.id)


async def get(session: AsyncSession, actor: Principal, customer_id: uuid.UUID, *, for_update: bool = False) -> Customer:
    stmt = scope_to_actor(select(Customer).where(Customer.id == customer_id), actor)
    return await one_or_not_found(session, stmt, "customer", customer_id, for_update=for_update)


async def list_customers(
    session: AsyncSession,
    actor: Principal,
    *,
    limit: int,
    cursor: str | None = None,
    query: str | None = None,
    status: CustomerStatus | None = None,
    country: str | None = None,
    sort: str | None = None,
) -> tuple[list[Customer], str | None]:
    stmt = scope_to_actor(select(Customer), actor)
    if query:
        pattern = contains_pattern(query)
        stmt = stmt.where(
            or_(
                Customer.name.ilike(pattern, escape="\\"),
                Customer.company_name.ilike(pattern, escape="\\"),
                Customer.email.ilike(pattern, escape="\\"),
            )
        )
    if status:
        stmt = stmt.where(Customer.status == status)
    if country:
        stmt = stmt.where(Customer.country == country.upper())
    return await keyset_page(
        session,
        stmt,
        created_at=Customer.created_at,
        row_id=Customer.id,
        limit=limit,
        cursor=cursor,
        sort=sort_by(sort, CUSTOMER_SORT),
    )


async def _ensure_email_free(session: AsyncSession, email: str, *, except_id: uuid.UUID | None = None) -> None:
    stmt = select(Customer.id).where(func.lower(Customer.email) == email.lower())
    if except_id:
        stmt = stmt.where(Customer.id != except_id)
    if await session.scalar(stmt):
        raise CustomerEmailTaken()


def _vat_id(vat_id: str | None, country: str) -> str | None:
    if not vat_id:
        return None
    try:
        return normalize_vat_id(vat_id, country)
    except ValueError as exc:
        raise VatIdInvalid(str(exc)) from exc


async def create(session: AsyncSession, actor: Principal, data: CustomerCreate) -> Customer:
    await _ensure_email_free(session, str(data.email))
    fields = data.model_dump(exclude_none=True)
    fields["vat_id"] = _vat_id(data.vat_id, data.country)
    fields["currency"] = data.currency or await tenants.default_currency(session)
    customer = Customer(**fields)
    session.add(customer)
    await audit.record(session, actor, "customer.create", customer)
    return customer


async def update(session: AsyncSession, actor: Principal, customer_id: uuid.UUID, data: CustomerUpdate) -> Customer:
    customer = await get(session, actor, customer_id, for_update=True)
    before = audit.snapshot(customer)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("email"):
        await _ensure_email_free(session, str(changes["email"]), except_id=customer.id)
    currency = changes.get("currency")
    if currency and currency != customer.currency and customer.credit_balance != 0:
        raise CurrencyLocked()
    reject_cleared(changes, "kind", "name", "email", "country", "currency", "status", "tax_exempt")
    for key, value in changes.items():
        setattr(customer, key, value)
    if "vat_id" in changes or "country" in changes:
        customer.vat_id = _vat_id(customer.vat_id, customer.country)
    await audit.record(session, actor, "customer.update", customer, before=before)
    return customer


async def adjust_credit(
    session: AsyncSession,
    actor: Principal,
    customer_id: uuid.UUID,
    amount: Decimal,
    *,
    reason: str,
    note: str = "",
    reference_id: uuid.UUID | None = None,
) -> CreditTransaction:
    """Add (positive) or use (negative) account credit; the balance never goes below zero.
    Every change is a ledger row; the customer row is locked so concurrent changes serialise."""
    customer = await get(session, actor, customer_id, for_update=True)
    balance = customer.credit_balance + amount
    if balance < 0:
        raise CreditInsufficient()
    customer.credit_balance = balance
    entry = CreditTransaction(
        customer_id=customer.id,
        amount=amount,
        currency=customer.currency,
        balance_after=balance,
        reason=reason,
        note=note,
        reference_id=reference_id,
        actor_id=actor.user_id,
    )
    session.add(entry)
    await audit.record(
        session,
        actor,
        "customer.credit",
        entry,
        after={"amount": str(amount), "balanceAfter": str(balance), "reason": reason, "note": note},
    )
    return entry


async def manual_credit(
    session: AsyncSession, actor: Principal, customer_id: uuid.UUID, data: CreditAdjustment
) -> CreditTransaction:
    if data.amount == 0:
        raise Invalid("The amount must not be zero.", details=[{"field": "amount", "message": "must not be zero"}])
    return await adjust_credit(session, actor, customer_id, data.amount, reason="manual", note=data.note)


async def credit_history(
    session: AsyncSession, actor: Principal, customer_id: uuid.UUID, *, limit: int, cursor: str | None
) -> tuple[list[CreditTransaction], str | None]:
    await get(session, actor, customer_id)
    stmt = select(CreditTransaction).where(CreditTransaction.customer_id == customer_id)
    return await keyset_page(
        session,
        stmt,
        created_at=CreditTransaction.created_at,
        row_id=CreditTransaction.id,
        limit=limit,
        cursor=cursor,
    )


async def create_portal_user(
    session: AsyncSession, actor: Principal, customer_id: uuid.UUID, data: PortalUserCreate
) -> User:
    """A client-portal login for this customer (role `client`, sees only its own records)."""
    customer = await get(session, actor, customer_id)
    user = await users.insert(
        session,
        email=str(data.email),
        name=data.name or customer.name,
        role=Role.CLIENT,
        password=data.password,
        customer_id=customer.id,
    )
    await outbox.queue_user_email(session, "user.welcome", user)
    await audit.record(session, actor, "user.create", user)
    return user
