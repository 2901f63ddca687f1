"""E-mail templates (shipped defaults, per-tenant overrides, checked before saving), the outbox
as a log (list, retry), and queueing e-mails to users (welcome, password reset)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.core.errors import Conflict, NotFound
from mpanel.core.text import contains_pattern
from mpanel.db.lookup import one_or_not_found
from mpanel.db.pagination import keyset_page, sort_by, sort_fields
from mpanel.notifications import outbox
from mpanel.notifications.kinds import KINDS, Kind, TemplateSource, default_template
from mpanel.notifications.models import EmailStatus, EmailTemplate, OutboxEmail, SmtpSettings
from mpanel.notifications.rendering import RenderedEmail, check, render
from mpanel.notifications.schemas import EmailSort, EmailTemplateIn, SmtpSettingsIn
from mpanel.tenants import service as tenants

EMAIL_SORT = sort_fields(EmailSort, {"createdAt": OutboxEmail.created_at, "toAddress": OutboxEmail.to_address})


class EmailAlreadySent(Conflict):
    code = "email_already_sent"
    message = "This e-mail was sent already."


@dataclass(frozen=True)
class TemplateView:
    kind: Kind
    source: TemplateSource
    customized: bool


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise NotFound("email template", kind)
    return KINDS[kind]


async def _override(session: AsyncSession, kind: str) -> EmailTemplate | None:
    return await session.scalar(select(EmailTemplate).where(EmailTemplate.kind == kind))


def _source(row: EmailTemplate | None, kind: str) -> TemplateSource:
    return TemplateSource(row.subject, row.html, row.text) if row else default_template(kind)


async def effective_template(session: AsyncSession, kind: str) -> TemplateSource:
    """The tenant's own version of a template, or the shipped default."""
    return _source(await _override(session, kind), kind)


async def list_templates(session: AsyncSession, actor: Principal) -> list[TemplateView]:
    rows = {r.kind: r for r in await session.scalars(select(EmailTemplate))}
    return [TemplateView(k, _source(rows.get(key), key), key in rows) for key, k in KINDS.items()]


async def get_template(session: AsyncSession, actor: Principal, kind: str) -> TemplateView:
    row = await _override(session, _kind(kind).key)
    return TemplateView(KINDS[kind], _source(row, kind), row is not None)


async def put_template(session: AsyncSession, actor: Principal, kind: str, data: EmailTemplateIn) -> TemplateView:
    """Save the tenant's version after checking it renders (422 naming the bad part)."""
    _kind(kind)
    source = TemplateSource(data.subject, data.html, data.text)
    check(kind, source)
    row = await _override(session, kind)
    before = audit.snapshot(row) if row else None
    if row is None:
        row = EmailTemplate(kind=kind, subject=source.subject, html=source.html, text=source.text)
        session.add(row)
    else:
        row.subject, row.html, row.text = source.subject, source.html, source.text
    await session.flush()
    await audit.record(session, actor, "email_template.update", row, before=before)
    return TemplateView(KINDS[kind], source, True)


async def reset_template(session: AsyncSession, actor: Principal, kind: str) -> TemplateView:
    """Go back to the shipped default."""
    row = await _override(session, _kind(kind).key)
    if row is not None:
        before = audit.snapshot(row)
        await session.delete(row)
        await audit.record(
            session, actor, "email_template.reset", entity_type="email_templates", entity_id=str(row.id), before=before
        )
    return TemplateView(KINDS[kind], default_template(kind), False)


async def preview(
    session: AsyncSession, actor: Principal, kind: str, data: EmailTemplateIn | None, base_url: str
) -> RenderedEmail:
    """Render a template (the given draft, else the saved one) with sample values and the
    tenant's own name and contact details."""
    sample: dict[str, Any] = dict(_kind(kind).variables)
    source = TemplateSource(data.subject, data.html, data.text) if data else await effective_template(session, kind)
    check(kind, source)
    from mpanel.notifications.context import tenant_vars

    sample |= tenant_vars(await tenants.own(session), base_url)
    return render(source, sample)


async def list_log(
    session: AsyncSession,
    actor: Principal,
    *,
    limit: int,
    cursor: str | None = None,
    status: EmailStatus | None = None,
    kind: str | None = None,
    customer_id: uuid.UUID | None = None,
    to: str | None = None,
    sort: str | None = None,
) -> tuple[list[OutboxEmail], str | None]:
    stmt = select(OutboxEmail)
    if status:
        stmt = stmt.where(OutboxEmail.status == status)
    if kind:
        stmt = stmt.where(OutboxEmail.kind == kind)
    if customer_id:
        stmt = stmt.where(OutboxEmail.customer_id == customer_id)
    if to:
        stmt = stmt.where(OutboxEmail.to_address.ilike(contains_pattern(to), escape="\\"))
    return await keyset_page(
        session,
        stmt,
        created_at=OutboxEmail.created_at,
        row_id=OutboxEmail.id,
        limit=limit,
        cursor=cursor,
        sort=sort_by(sort, EMAIL_SORT),
    )


async def get_email(
    session: AsyncSession, actor: Principal, email_id: uuid.UUID, *, for_update: bool = False
) -> OutboxEmail:
    stmt = select(OutboxEmail).where(OutboxEmail.id == email_id)
    return await one_or_not_found(session, stmt, "email", email_id, for_update=for_update)


async def retry(session: AsyncSession, actor: Principal, email_id: uuid.UUID) -> OutboxEmail:
    """Send a failed (or still waiting) e-mail again now, with a fresh set of attempts."""
    email = await get_email(session, actor, email_id, for_update=True)
    if email.status is EmailStatus.SENT:
        raise EmailAlreadySent()
    before = audit.snapshot(email)
    email.status, email.attempts, email.next_attempt_at = EmailStatus.QUEUED, 0, await _now(session)
    await session.flush()
    await outbox.wake(session, actor.tenant_id)
    await audit.record(session, actor, "email.retry", email, before=before)
    return email


async def _now(session: AsyncSession) -> Any:
    return await session.scalar(text("select clock_timestamp()"))


async def get_smtp(session: AsyncSession, actor: Principal) -> SmtpSettings:
    return await one_or_not_found(session, select(SmtpSettings), "smtp settings", None)


async def put_smtp(session: AsyncSession, actor: Principal, data: SmtpSettingsIn) -> SmtpSettings:
    """The tenant's own mail server; a password left out keeps the stored one."""
    row = await session.scalar(select(SmtpSettings).with_for_update())
    before = audit.snapshot(row) if row else None
    changes = data.model_dump(exclude_unset=True)
    changes["from_address"] = str(data.from_address)
    if row is None:
        row = SmtpSettings(**{"password": None, **changes})
        session.add(row)
    else:
        for key, value in changes.items():
            setattr(row, key, value)
    await session.flush()
    await audit.record(session, actor, "smtp_settings.update", row, before=before)
    await outbox.wake(session, actor.tenant_id)  # waiting e-mails may go out now
    return row


async def delete_smtp(session: AsyncSession, actor: Principal) -> None:
    """Back to the platform's mail server."""
    row = await get_smtp(session, actor)
    before = audit.snapshot(row)
    await session.delete(row)
    await audit.record(
        session, actor, "smtp_settings.delete", entity_type="smtp_settings", entity_id=str(row.id), before=before
    )
