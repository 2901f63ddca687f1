"""Billing events: what a customer should hear about, written in the caller's transaction. The
set-based daily steps (the billing run, domain renewal reminders) insert them with SQL of their
own, a batch at a time; every other writer uses `emit`. Kinds
with an e-mail template become outbox rows in the same statement (notifications/)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.billing.subscriptions.models import BillingEvent
from mpanel.core.time import utcnow


async def emit(
    session: AsyncSession,
    kind: str,
    *,
    customer_id: uuid.UUID,
    dedupe_key: str,
    invoice_id: uuid.UUID | None = None,
    subscription_id: uuid.UUID | None = None,
    payment_id: uuid.UUID | None = None,
    domain_id: uuid.UUID | None = None,
    day: date | None = None,
) -> bool:
    """Record the event once per `dedupe_key`; returns whether it is new."""
    result = await session.execute(
        insert(BillingEvent)
        .values(
            kind=kind,
            dedupe_key=dedupe_key,
            customer_id=customer_id,
            invoice_id=invoice_id,
            subscription_id=subscription_id,
            payment_id=payment_id,
            domain_id=domain_id,
            occurred_on=day or utcnow().date(),
        )
        .on_conflict_do_nothing()
        .returning(BillingEvent.dedupe_key)
    )
    return result.scalar_one_or_none() is not None
