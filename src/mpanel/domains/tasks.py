"""Registrar work as jobs (a domain's pending operation, renewals paid for by an invoice) and the
daily renewal reminders."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from mpanel.auth.principal import Principal
from mpanel.domains import operations, reminders
from mpanel.domains import service as domains
from mpanel.jobs import enqueue, queue, runtime
from mpanel.tenants import service as tenants


@queue.task(name=domains.RENEW_PAID_TASK, queue="domains", retry=5)
async def renew_paid(tenant_id: str, domain_id: str, invoice_id: str, years: int) -> None:
    tenant = uuid.UUID(tenant_id)
    async with runtime.session(tenant) as session:
        await domains.renew_paid(
            session,
            Principal.system(tenant),
            uuid.UUID(domain_id),
            uuid.UUID(invoice_id),
            years,
        )


@queue.task(name=operations.REGISTRAR_TASK, queue="domains", retry=operations.RETRIES)
async def registrar_operation(tenant_id: str, domain_id: str) -> None:
    """Carry out a domain's pending registrar operation; a failure is recorded and retried."""
    if runtime.settings is None or runtime.sessionmaker is None:
        raise RuntimeError("the job runtime is not started")
    await operations.carry_out(
        runtime.sessionmaker, uuid.UUID(tenant_id), uuid.UUID(domain_id), icann_fee=runtime.settings.icann_fee_usd
    )


REMIND = "domains.renewal_reminders"


@queue.task(name=REMIND, queue="domains", retry=3)
async def renewal_reminders(tenant_id: str, day: str) -> int:
    async with runtime.session(uuid.UUID(tenant_id)) as session:
        return await reminders.remind(session, date.fromisoformat(day))


@queue.periodic(cron="40 6 * * *", periodic_id="domain-renewal-reminders")
@queue.task(name="domains.renewal_reminders_all", queue="domains", queueing_lock="domain-renewal-reminders")
async def renewal_reminders_all(timestamp: int) -> int:
    """Fan out one job per tenant and day (a failure in one tenant does not stop the others)."""
    day = datetime.fromtimestamp(timestamp, UTC).date()
    async with runtime.session(None, platform=True) as session:
        tenant_ids = await tenants.active_ids(session)
        for tenant_id in tenant_ids:
            await enqueue(
                session,
                REMIND,
                queue_name="domains",
                queueing_lock=f"{REMIND}:{tenant_id}:{day}",
                tenant_id=tenant_id,
                day=day.isoformat(),
            )
    return len(tenant_ids)
