"""Domain registrations: register, transfer in, renew, the lifecycle marks, nameservers and
auto-renew. Every registrar operation goes through the TLD's registrar adapter, is priced from
the TLD price list, leaves a domain event (what it costs the customer) and, for gTLDs, an ICANN
fee record. Clients read their own customer's domains and change nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel import jobs
from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.billing.subscriptions.models import Subscription
from mpanel.catalog.tlds import service as tlds
from mpanel.catalog.tlds.models import Tld, TldAction
from mpanel.core.errors import Conflict, Invalid, NotFound
from mpanel.core.hostnames import to_ascii
from mpanel.core.schemas import reject_cleared
from mpanel.core.text import contains_pattern
from mpanel.core.time import utcnow
from mpanel.customers import service as customers
from mpanel.customers.models import CustomerStatus
from mpanel.db.lookup import one_or_not_found
from mpanel.db.pagination import keyset_page, sort_by, sort_fields
from mpanel.domains import lifecycle, operations, registrars
from mpanel.domains.lifecycle import add_years as add_years
from mpanel.domains.models import RELEASED, Domain, DomainEvent, DomainStatus, PendingOperation
from mpanel.domains.schemas import DomainRegister, DomainSort, DomainTransfer, DomainUpdate

DOMAIN_SORT = sort_fields(
    DomainSort,
    {"name": Domain.name, "expiresAt": Domain.expires_at, "createdAt": Domain.created_at},
    expiresAt=date.max,
)


MAX_TERM_YEARS = 10  # registries refuse an expiry more than ten years ahead


class DomainTaken(Conflict):
    code = "domain_taken"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"{name} is already registered here.", details=[{"field": "name", "message": "already registered"}]
        )


class DomainNotRegistrable(Invalid):
    code = "domain_not_registrable"

    def __init__(self, name: str, tld: str) -> None:
        registrable = ".".join(name.split(".")[-(tld.count(".") + 2) :])
        super().__init__(
            f"{name} is not a name under .{tld} itself; register {registrable}.",
            details=[{"field": "name", "message": "a subdomain cannot be registered"}],
        )


class DomainNotRenewable(Conflict):
    code = "domain_not_renewable"

    def __init__(self, status: DomainStatus) -> None:
        super().__init__(f"A {status.value} domain cannot be renewed.")


class DomainTermTooLong(Conflict):
    code = "domain_term_too_long"
    message = f"Registries do not accept an expiry more than {MAX_TERM_YEARS} years ahead."

    def __init__(self) -> None:
        super().__init__(details=[{"field": "years", "message": self.message}])


class DomainLocked(Conflict):
    code = "domain_locked"

    def __init__(self, status: DomainStatus) -> None:
        super().__init__(f"A {status.value} domain cannot be changed.")


class DomainOperationPending(Conflict):
    code = "domain_operation_pending"

    def __init__(self, operation: PendingOperation) -> None:
        super().__init__(f"A {operation.value} of this domain is still waiting for the registrar.")


@dataclass(frozen=True, slots=True)
class DomainOperation:
    domain: Domain
    event: DomainEvent


def scope_to_actor(stmt: Select[Any], actor: Principal) -> Select[Any]:
    """Client principals see only their own customer's domains."""
    narrowed: Select[Any] = actor.narrow_to_customer(stmt, Domain.customer_id)
    return narrowed


async def _subscription_of(
    session: AsyncSession, subscription_id: uuid.UUID | None, customer_id: uuid.UUID
) -> uuid.UUID | None:
    """The subscription that bills a domain must be the same customer's."""
    if subscription_id is None:
        return None
    found = await session.scalar(
        select(Subscription.id).where(Subscription.id == subscription_id, Subscription.customer_id == customer_id)
    )
    if found is None:
        message = "No such subscription for this customer."
        raise Invalid(message, code="subscription_not_found", details=[{"field": "subscriptionId", "message": message}])
    return found


async def get(session: AsyncSession, actor: Principal, domain_id: uuid.UUID, *, for_update: bool = False) -> Domain:
    stmt = scope_to_actor(select(Domain).where(Domain.id == domain_id), actor)
    return await one_or_not_found(session, stmt, "domain", domain_id, for_update=for_update)


async def list_domains(
    session: AsyncSession,
    actor: Principal,
    *,
    limit: int,
    cursor: str | None = None,
    status: DomainStatus | None = None,
    customer_id: uuid.UUID | None = None,
    tld: str | None = None,
    expiring_before: date | None = None,
    query: str | None = None,
    sort: str | None = None,
) -> tuple[list[Domain], str | None]:
    stmt = scope_to_actor(select(Domain), actor)
    if status:
        stmt = stmt.where(Domain.status == status)
    if customer_id:
        stmt = stmt.where(Domain.customer_id == customer_id)
    if tld:
        try:
            stmt = stmt.where(Domain.tld == to_ascii(tld.strip().removeprefix(".")))
        except ValueError as exc:
            raise Invalid(str(exc), details=[{"field": "tld", "message": str(exc)}]) from exc
    if expiring_before:
        stmt = stmt.where(Domain.expires_at < expiring_before)
    if query:
        stmt = stmt.where(Domain.name.ilike(contains_pattern(query.strip().lower()), escape="\\"))
    return await keyset_page(
        session,
        stmt,
        created_at=Domain.created_at,
        row_id=Domain.id,
        limit=limit,
        cursor=cursor,
        sort=sort_by(sort, DOMAIN_SORT),
    )


async def list_events(
    session: AsyncSession, actor: Principal, domain_id: uuid.UUID, *, limit: int, cursor: str | None
) -> tuple[list[DomainEvent], str | None]:
    await get(session, actor, domain_id)
    stmt = select(DomainEvent).where(DomainEvent.domain_id == domain_id)
    return await keyset_page(
        session, stmt, created_at=DomainEvent.occurred_at, row_id=DomainEvent.id, limit=limit, cursor=cursor
    )


async def resolve_tld(session: AsyncSession, name: str) -> Tld:
    """The tenant's TLD a name is sold under; refuses unknown TLDs and subdomains (422)."""
    tld = await tlds.longest_suffix(session, name)
    if tld is None:
        raise tlds.TldUnknown(name.rsplit(".", 1)[1], field="name")
    if name.count(".") != tld.tld.count(".") + 1:
        raise DomainNotRegistrable(name, tld.tld)
    return tld


async def quote(
    session: AsyncSession, actor: Principal, name: str, action: TldAction, years: int
) -> tuple[Tld, tlds.TldQuote]:
    tld = await resolve_tld(session, name)
    return tld, tlds.quote(tld, action, years)


def _registrar(name: str) -> registrars.Registrar:
    try:
        return registrars.get(name)
    except KeyError as exc:
        raise tlds.RegistrarUnknown(name) from exc


def _check_term(expires_at: date, today: date) -> None:
    if expires_at > add_years(today, MAX_TERM_YEARS):
        raise DomainTermTooLong()


async def _ensure_free(session: AsyncSession, name: str) -> None:
    if await session.scalar(select(Domain.id).where(Domain.name == name, Domain.status.not_in(RELEASED))):
        raise DomainTaken(name)


async def _event(
    session: AsyncSession, actor: Principal, domain: Domain, action: str, at: datetime, **fields: Any
) -> DomainEvent:
    event = DomainEvent(domain_id=domain.id, action=action, actor_id=actor.user_id, occurred_at=at, **fields)
    session.add(event)
    await session.flush()
    return event


async def _new_domain(
    session: AsyncSession,
    actor: Principal,
    data: DomainRegister,
    action: TldAction,
    *,
    now: datetime | None,
    auth_code: str | None = None,
    current_expiry: date | None = None,
) -> DomainOperation:
    at = now or utcnow()
    today = at.date()
    tld, price = await quote(session, actor, data.name, action, data.years)
    try:
        customer = await customers.get(session, actor, data.customer_id)
    except NotFound as exc:
        raise Invalid("Unknown customer.", details=[{"field": "customerId", "message": "unknown customer"}]) from exc
    if customer.status is CustomerStatus.CLOSED:
        raise Invalid("The customer is closed.", details=[{"field": "customerId", "message": "customer is closed"}])
    await _ensure_free(session, data.name)
    expires_at = add_years(current_expiry or today, data.years)
    if expires_at <= today:
        raise Invalid(
            "The transfer would leave the domain expired; check its current expiry.",
            details=[{"field": "currentExpiry", "message": "too far in the past"}],
        )
    _check_term(expires_at, today)
    registrar = _registrar(tld.registrar)
    domain = Domain(
        name=data.name,
        tld=tld.tld,
        customer_id=customer.id,
        subscription_id=await _subscription_of(session, data.subscription_id, customer.id),
        status=DomainStatus.PENDING,
        auto_renew=data.auto_renew,
        nameservers=list(data.nameservers),
        registrar=registrar.name,
        expires_at=expires_at,  # expected; the registrar's answer settles it
        pending_operation=PendingOperation.TRANSFER if action is TldAction.TRANSFER else PendingOperation.REGISTER,
        pending_years=data.years,
        pending_auth_code=auth_code,
    )
    session.add(domain)
    await session.flush()
    await operations.enqueue(session, actor, domain)
    event = await _event(
        session,
        actor,
        domain,
        "register" if action is TldAction.REGISTER else "transfer_in",
        at,
        to_status=domain.status,
        years=data.years,
        price=price.price,
        redemption_fee=Decimal("0"),
        currency=price.currency,
        expires_at=domain.expires_at,
    )
    verb = "domain.register" if action is TldAction.REGISTER else "domain.transfer_in"
    await audit.record(session, actor, verb, domain)
    return DomainOperation(domain, event)


async def register(
    session: AsyncSession, actor: Principal, data: DomainRegister, *, now: datetime | None = None
) -> DomainOperation:
    """Register a new name for a customer at the TLD's registrar. It is pending until the registrar
    confirms (the manual registrar confirms at once): then active, expiring `years` years from today."""
    return await _new_domain(session, actor, data, TldAction.REGISTER, now=now)


async def transfer_in(
    session: AsyncSession, actor: Principal, data: DomainTransfer, *, now: datetime | None = None
) -> DomainOperation:
    """Transfer a name in from another registrar; the transfer adds `years` to its current expiry.
    The auth code goes to the registrar and is never stored."""
    return await _new_domain(
        session,
        actor,
        data,
        TldAction.TRANSFER,
        now=now,
        auth_code=data.auth_code,
        current_expiry=data.current_expiry,
    )


async def renew(
    session: AsyncSession,
    actor: Principal,
    domain_id: uuid.UUID,
    years: int,
    *,
    now: datetime | None = None,
) -> DomainOperation:
    """Renew for `years` years from the current expiry (not from today). Active, expired and grace
    domains renew at the renewal price; a domain in redemption is restored for the renewal price plus
    the TLD's redemption fee. The event records both, for billing."""
    at = now or utcnow()
    domain = await get(session, actor, domain_id, for_update=True)
    before = audit.snapshot(domain)
    if domain.status not in lifecycle.RENEWABLE or domain.expires_at is None:
        raise DomainNotRenewable(domain.status)
    tld, price = await quote(session, actor, domain.name, TldAction.RENEW, years)
    redemption_fee = tld.redemption_fee if domain.status is DomainStatus.REDEMPTION else Decimal("0")
    if domain.pending_operation is not None:
        raise DomainOperationPending(domain.pending_operation)
    expires_at = add_years(domain.expires_at, years)
    _check_term(expires_at, at.date())
    _registrar(tld.registrar)
    domain.pending_operation, domain.pending_years = PendingOperation.RENEW, years
    event = await _event(
        session,
        actor,
        domain,
        "renew",
        at,
        from_status=domain.status,
        to_status=domain.status,
        years=years,
        price=price.price,
        redemption_fee=redemption_fee,
        currency=price.currency,
        expires_at=expires_at,
    )
    await operations.enqueue(session, actor, domain)
    await audit.record(session, actor, "domain.renew", domain, before=before)
    return DomainOperation(domain, event)


async def transition(
    session: AsyncSession, actor: Principal, domain_id: uuid.UUID, status: DomainStatus, *, note: str = ""
) -> Domain:
    """Move a domain to a status staff (or the lifecycle job) may set; the lifecycle table decides."""
    domain = await get(session, actor, domain_id, for_update=True)
    if status not in lifecycle.MARKABLE:
        raise lifecycle.DomainTransitionRefused(domain.status, status)
    lifecycle.check_transition(domain.status, status)
    before = audit.snapshot(domain)
    from_status, domain.status = domain.status, status
    if status in RELEASED:  # nothing more for the registrar to do
        domain.pending_operation = domain.pending_years = domain.pending_auth_code = None
        domain.nameservers_pending = False
    await _event(session, actor, domain, "status", utcnow(), from_status=from_status, to_status=status, note=note)
    await audit.record(session, actor, "domain.status", domain, before=before)
    return domain


async def mark_expired(session: AsyncSession, actor: Principal, domain_id: uuid.UUID, note: str = "") -> Domain:
    return await transition(session, actor, domain_id, DomainStatus.EXPIRED, note=note)


async def mark_grace(session: AsyncSession, actor: Principal, domain_id: uuid.UUID, note: str = "") -> Domain:
    return await transition(session, actor, domain_id, DomainStatus.GRACE, note=note)


async def mark_redemption(session: AsyncSession, actor: Principal, domain_id: uuid.UUID, note: str = "") -> Domain:
    return await transition(session, actor, domain_id, DomainStatus.REDEMPTION, note=note)


async def mark_transferred_away(
    session: AsyncSession, actor: Principal, domain_id: uuid.UUID, note: str = ""
) -> Domain:
    return await transition(session, actor, domain_id, DomainStatus.TRANSFERRED_AWAY, note=note)


async def cancel(session: AsyncSession, actor: Principal, domain_id: uuid.UUID, note: str = "") -> Domain:
    return await transition(session, actor, domain_id, DomainStatus.CANCELLED, note=note)


async def update(session: AsyncSession, actor: Principal, domain_id: uuid.UUID, data: DomainUpdate) -> Domain:
    """Auto-renew, nameservers and the billing subscription. Released domains change no more; a
    registry locks nameservers in redemption. A pending domain's nameservers go with its
    registration; a registered domain's are marked `nameservers_pending` and sent by the registrar
    job (enqueued here, never called in the request), which records the `nameservers` event."""
    domain = await get(session, actor, domain_id, for_update=True)
    before = audit.snapshot(domain)
    changes = data.model_dump(exclude_unset=True)
    reject_cleared(changes, "auto_renew", "nameservers")
    if domain.status in RELEASED:
        raise DomainLocked(domain.status)
    if data.nameservers is not None and data.nameservers != domain.nameservers:
        if domain.status in lifecycle.NAMESERVERS_LOCKED:
            raise DomainLocked(domain.status)
        domain.nameservers = list(data.nameservers)
        if operations.nameservers_pushable(domain.status):
            domain.nameservers_pending = True
            await operations.enqueue(session, actor, domain)
        else:
            await _event(session, actor, domain, "nameservers", utcnow(), note=" ".join(domain.nameservers)[:500])
    if data.auto_renew is not None:
        domain.auto_renew = data.auto_renew
    if "subscription_id" in changes:
        domain.subscription_id = await _subscription_of(session, data.subscription_id, domain.customer_id)
    await audit.record(session, actor, "domain.update", domain, before=before)
    return domain


RENEW_PAID_TASK = "domains.renew_paid"


async def schedule_paid_renewals(
    session: AsyncSession, actor: Principal, subscription_id: uuid.UUID, invoice_id: uuid.UUID, years: int
) -> int:
    """A paid renewal invoice renews the auto-renewing domains its subscription bills. The
    registrar call runs as a job (enqueued in this transaction), never inside the payment."""
    domain_ids = await session.scalars(
        select(Domain.id).where(
            Domain.subscription_id == subscription_id,
            Domain.auto_renew,
            Domain.status.in_(list(lifecycle.RENEWABLE)),
        )
    )
    count = 0
    for domain_id in domain_ids:
        await jobs.enqueue(
            session,
            RENEW_PAID_TASK,
            queue_name="domains",
            queueing_lock=f"{RENEW_PAID_TASK}:{invoice_id}:{domain_id}",
            tenant_id=actor.tenant_id,
            domain_id=domain_id,
            invoice_id=invoice_id,
            years=years,
        )
        count += 1
    return count


async def renew_paid(
    session: AsyncSession,
    actor: Principal,
    domain_id: uuid.UUID,
    invoice_id: uuid.UUID,
    years: int,
) -> DomainOperation | None:
    """Renew once per paid invoice: a retried job finds its own event and does nothing."""
    paid_by = f"paid by invoice {invoice_id}"
    done = await session.scalar(
        select(DomainEvent.id).where(
            DomainEvent.domain_id == domain_id, DomainEvent.action == "renew", DomainEvent.note == paid_by
        )
    )
    if done is not None:
        return None
    operation = await renew(session, actor, domain_id, years)
    operation.event.note = paid_by
    return operation
