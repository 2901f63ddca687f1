"""Domain renewal reminders: once a day, set-based, a `domain.renewal_reminder` billing event for
each active domain at a reminder step (30 and 7 days before expiry by default). Only the
nearest step that applies is emitted, and the dedupe key (domain, expiry, step) makes each step
happen once however often the job runs; a renewal moves the expiry and so starts afresh."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.billing.invoices.service import tenant_billing_settings

_REMIND = text(
    """
    insert into billing_events (kind, dedupe_key, customer_id, domain_id, subscription_id, occurred_on)
    select 'domain.renewal_reminder',
           'domain.renewal_reminder:' || d.id || ':' || d.expires_at || ':' || s.step,
           d.customer_id, d.id, d.subscription_id, :day
    from domains d
    cross join lateral (
        select min(k) as step from unnest(cast(:steps as int[])) k where d.expires_at - k <= :day) s
    where d.status = 'active' and d.expires_at >= :day and s.step is not null
    on conflict do nothing
    """
)


async def remind(session: AsyncSession, day: date) -> int:
    """Emit the reminders due on `day` for the session's tenant; returns how many are new."""
    steps = (await tenant_billing_settings(session)).domain_renewal_reminder_days
    if not steps:
        return 0
    result = await session.execute(_REMIND, {"day": day, "steps": steps})
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
