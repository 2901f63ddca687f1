"""Registrar operations as jobs. A request (register, transfer in, renew) records what it wants on
the domain (`pending_operation`, `pending_years`, an event with the price) and enqueues
`domains.registrar_operation` in its own transaction, so the job exists exactly when the request
committed. The job reads the domain, calls the registrar outside any transaction (a slow registry
holds no lock), then applies the answer. A failure is written on the domain (`last_error`) and
raised again, so procrastinate retries; the next success clears it. A job that finds nothing
pending (done by an earlier attempt) does nothing.

Nameserver changes of a registered domain go the same way: the request stores the wanted set with
`nameservers_pending` and enqueues the same job. After any pending operation the job sends the
domain's set as it is then (a newer change supersedes one not sent yet) and clears the mark only if
that set is still the one wanted. Pending domains send theirs with the registration; a transfer
cannot carry them, so a completed transfer given nameservers sends them right after; a domain the
registry locks (redemption) keeps the mark until the renewal that restores it, whose job sends them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import procrastinate
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel import jobs
from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.catalog.tlds import service as tlds
from mpanel.catalog.tlds.models import TldAction
from mpanel.core.time import utcnow
from mpanel.db.session import tenant_session
from mpanel.domains import icann, lifecycle, registrars
from mpanel.domains.models import Domain, DomainEvent, DomainStatus, PendingOperation

REGISTRAR_TASK = "domains.registrar_operation"
# Eight attempts, waiting 4, 16, 64 s ... 4.5 h between them (about six hours in all).
RETRIES = procrastinate.RetryStrategy(max_attempts=8, exponential_wait=4)

_ACTIONS = {
    PendingOperation.REGISTER: TldAction.REGISTER,
    PendingOperation.TRANSFER: TldAction.TRANSFER,
    PendingOperation.RENEW: TldAction.RENEW,
}


async def enqueue(session: AsyncSession, actor: Principal, domain: Domain) -> None:
    """Queue the registrar call for the domain's pending operation, in the caller's transaction.
    Jobs of one domain never run at the same time (`lock`)."""
    await jobs.enqueue(
        session,
        REGISTRAR_TASK,
        queue_name="domains",
        lock=f"domain:{domain.id}",
        tenant_id=actor.tenant_id,
        domain_id=domain.id,
    )


@dataclass(frozen=True, slots=True)
class _Work:
    """One registrar call: a pending operation, or (`operation` None) sending the nameservers."""

    name: str
    registrar: str
    operation: PendingOperation | None
    years: int
    nameservers: list[str]
    auth_code: str | None
    expires_at: date | None


def _work(domain: Domain, operation: PendingOperation | None, years: int) -> _Work:
    return _Work(
        domain.name,
        domain.registrar,
        operation,
        years,
        list(domain.nameservers),
        domain.pending_auth_code,
        domain.expires_at,
    )


def nameservers_pushable(status: DomainStatus) -> bool:
    """A pending domain sends its nameservers with the registration; a locked one cannot change them."""
    return status is not DomainStatus.PENDING and status not in lifecycle.NAMESERVERS_LOCKED


async def _pending(session: AsyncSession, domain_id: uuid.UUID) -> _Work | None:
    domain = await session.scalar(select(Domain).where(Domain.id == domain_id))
    if domain is None or domain.pending_operation is None or domain.pending_years is None:
        return None
    return _work(domain, domain.pending_operation, domain.pending_years)


async def _nameservers_pending(session: AsyncSession, domain_id: uuid.UUID) -> _Work | None:
    domain = await session.scalar(select(Domain).where(Domain.id == domain_id))
    if domain is None or not domain.nameservers_pending or not nameservers_pushable(domain.status):
        return None
    return _work(domain, None, 0)


async def _call(work: _Work) -> registrars.RegistrarResult:
    registrar = registrars.get(work.registrar)
    if work.operation is None:
        return await registrar.set_nameservers(work.name, work.nameservers)
    if work.operation is PendingOperation.REGISTER:
        return await registrar.register(work.name, work.years, work.nameservers)
    if work.operation is PendingOperation.TRANSFER:
        return await registrar.transfer(work.name, work.auth_code, work.years)
    assert work.expires_at is not None  # a renewable domain has an expiry
    return await registrar.renew(work.name, work.years, work.expires_at)


async def _locked(session: AsyncSession, domain_id: uuid.UUID, work: _Work) -> Domain | None:
    """The domain, locked, if the operation (or the nameserver change) still waits for the job."""
    domain = await session.scalar(select(Domain).where(Domain.id == domain_id).with_for_update())
    if domain is None:
        return None
    if work.operation is None:
        return domain if domain.nameservers_pending else None
    return domain if domain.pending_operation is work.operation else None


async def _failed(session: AsyncSession, actor: Principal, domain_id: uuid.UUID, work: _Work, message: str) -> None:
    domain = await _locked(session, domain_id, work)
    if domain is None:
        return
    before = audit.snapshot(domain)
    domain.last_error, domain.last_error_at = message[:500], utcnow()
    note = message if work.operation is not None else f"nameservers: {message}"
    session.add(DomainEvent(domain_id=domain.id, action="registrar_failed", note=note[:500]))
    await audit.record(session, actor, "domain.registrar_failed", domain, before=before)


def _expiry(domain: Domain, work: _Work, result: registrars.RegistrarResult, today: date) -> date:
    """The registry's expiry when the registrar reports it; else a registration runs from today, a
    renewal from the current expiry, and a transfer keeps what the request computed."""
    if result.expires_at is not None:
        return result.expires_at
    if work.operation is PendingOperation.REGISTER:
        return lifecycle.add_years(today, work.years)
    assert domain.expires_at is not None  # renewable domains and transfers carry one
    if work.operation is PendingOperation.RENEW:
        return lifecycle.add_years(domain.expires_at, work.years)
    return domain.expires_at


async def _apply(
    session: AsyncSession,
    actor: Principal,
    domain_id: uuid.UUID,
    work: _Work,
    result: registrars.RegistrarResult,
    *,
    icann_fee: Decimal,
    at: datetime,
) -> Domain | None:
    domain = await _locked(session, domain_id, work)
    if domain is None or work.operation is None:
        return None
    before = audit.snapshot(domain)
    from_status = domain.status
    domain.registrar_reference = result.reference or domain.registrar_reference
    domain.pending_auth_code = None  # the registrar has it now
    domain.last_error = domain.last_error_at = None
    if work.operation is PendingOperation.REGISTER and domain.nameservers != work.nameservers:
        domain.nameservers_pending = True  # changed while the registration was on its way: send them next
    if work.operation is PendingOperation.TRANSFER and result.completed and domain.nameservers:
        domain.nameservers_pending = True  # a transfer keeps the losing registrar's: send the ones asked for
    if result.completed:
        if domain.status is not DomainStatus.ACTIVE:
            lifecycle.check_transition(domain.status, DomainStatus.ACTIVE)
            domain.status = DomainStatus.ACTIVE
        domain.expires_at = _expiry(domain, work, result, at.date())
        if work.operation is not PendingOperation.RENEW:
            domain.registered_at = at.date()
        domain.grace_ends_on = domain.redemption_ends_on = None
        domain.pending_operation = domain.pending_years = None
        tld = await tlds.by_name(session, domain.tld)
        if tld is not None and tld.icann_fee_applies:
            await icann.record(
                session,
                domain_id=domain.id,
                tld=domain.tld,
                action=_ACTIONS[work.operation],
                years=work.years,
                fee_per_year=icann_fee,
                occurred_at=at,
            )
    session.add(
        DomainEvent(
            domain_id=domain.id,
            action="registrar_done" if result.completed else "registrar_accepted",
            from_status=from_status,
            to_status=domain.status,
            years=work.years,
            expires_at=domain.expires_at,
            registrar_reference=result.reference,
            note=result.message[:500],
            occurred_at=at,
        )
    )
    await audit.record(session, actor, f"domain.{work.operation.value}_done", domain, before=before)
    return domain


async def _synced(
    session: AsyncSession,
    actor: Principal,
    domain_id: uuid.UUID,
    work: _Work,
    result: registrars.RegistrarResult,
    *,
    at: datetime,
) -> Domain | None:
    """The registrar has `work.nameservers`: done, unless a newer set is wanted by now (the job that
    change enqueued sends it)."""
    domain = await _locked(session, domain_id, work)
    if domain is None or domain.nameservers != work.nameservers:
        return None
    before = audit.snapshot(domain)
    domain.last_error = domain.last_error_at = None
    domain.nameservers_pending = not result.completed  # accepted only: still waiting for the registrar
    session.add(
        DomainEvent(
            domain_id=domain.id,
            action="nameservers" if result.completed else "registrar_accepted",
            registrar_reference=result.reference,
            note=(" ".join(work.nameservers) if result.completed else result.message)[:500],
            occurred_at=at,
        )
    )
    await audit.record(session, actor, "domain.nameservers_done", domain, before=before)
    return domain


async def _ask(
    sessionmaker: async_sessionmaker[AsyncSession], actor: Principal, domain_id: uuid.UUID, work: _Work
) -> registrars.RegistrarResult:
    """Call the registrar (no transaction open). A failure is recorded on the domain, then raised as
    `RegistrarError` for the queue to retry."""
    try:
        return await _call(work)
    except (registrars.RegistrarError, KeyError) as exc:
        message = str(exc) or type(exc).__name__
        if isinstance(exc, KeyError):
            message = f"no registrar called {work.registrar!r}"
        async with tenant_session(sessionmaker, actor.tenant_id) as session:
            await _failed(session, actor, domain_id, work, message)
        raise registrars.RegistrarError(message) from exc


async def carry_out(
    sessionmaker: async_sessionmaker[AsyncSession],
    tenant_id: uuid.UUID,
    domain_id: uuid.UUID,
    *,
    icann_fee: Decimal,
    now: datetime | None = None,
) -> Domain | None:
    """The job's work: the pending operation, then the nameservers if they wait for the registrar;
    each step reads, calls the registrar (no transaction open) and applies the answer. Raises
    `RegistrarError` after recording it, for the queue to retry. Returns the domain as the last step
    left it, None when there was nothing to do."""
    actor = Principal.system(tenant_id)
    done: Domain | None = None
    async with tenant_session(sessionmaker, tenant_id) as session:
        work = await _pending(session, domain_id)
    if work is not None:
        result = await _ask(sessionmaker, actor, domain_id, work)
        async with tenant_session(sessionmaker, tenant_id) as session:
            done = await _apply(session, actor, domain_id, work, result, icann_fee=icann_fee, at=now or utcnow())
    async with tenant_session(sessionmaker, tenant_id) as session:
        work = await _nameservers_pending(session, domain_id)
    if work is not None:
        result = await _ask(sessionmaker, actor, domain_id, work)
        async with tenant_session(sessionmaker, tenant_id) as session:
            done = await _synced(session, actor, domain_id, work, result, at=now or utcnow()) or done
    return done
