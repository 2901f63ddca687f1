"""Auto-charges as jobs: one per attempt the billing run scheduled."""

from __future__ import annotations

import uuid

from mpanel.billing.payments.gateways.stripe import StripePlatform
from mpanel.billing.stripe import service as stripe_payments
from mpanel.jobs import queue, runtime


@queue.task(name=stripe_payments.CHARGE_TASK, queue="payments", retry=3)
async def charge_attempt(tenant_id: str, attempt_id: str) -> str | None:
    if runtime.settings is None:
        raise RuntimeError("the job runtime is not started")
    tenant = uuid.UUID(tenant_id)
    status = await stripe_payments.charge_attempt(
        lambda: runtime.session(tenant),
        tenant,
        uuid.UUID(attempt_id),
        StripePlatform.from_settings(runtime.settings),
    )
    return status.value if status else None
