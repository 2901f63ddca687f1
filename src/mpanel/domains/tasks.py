"""Registrar work as jobs: the pending operation of a domain, and renewals paid for by an invoice."""

from __future__ import annotations

import uuid

from mpanel.auth.principal import Principal
from mpanel.domains import operations
from mpanel.domains import service as domains
from mpanel.jobs import queue, runtime


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
