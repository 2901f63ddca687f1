"""Registrar work that follows billing: renewals paid for by an invoice."""

from __future__ import annotations

import uuid

from mpanel.auth.principal import Principal
from mpanel.domains import service as domains
from mpanel.jobs import queue, runtime


@queue.task(name=domains.RENEW_PAID_TASK, queue="domains", retry=5)
async def renew_paid(tenant_id: str, domain_id: str, invoice_id: str, years: int) -> None:
    if runtime.settings is None:
        raise RuntimeError("the job runtime is not started")
    tenant = uuid.UUID(tenant_id)
    async with runtime.session(tenant) as session:
        await domains.renew_paid(
            session,
            Principal.system(tenant),
            uuid.UUID(domain_id),
            uuid.UUID(invoice_id),
            years,
            icann_fee=runtime.settings.icann_fee_usd,
        )
