"""Sending the outbox: claim due e-mails (SKIP LOCKED, with a lease, so several workers never
send one twice and a crashed worker's claim runs out), render each from the current data, send
it by SMTP, and record the outcome; failures are retried with back-off, then marked failed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import structlog
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.principal import Principal
from mpanel.billing.invoices import pdf
from mpanel.core.errors import Conflict
from mpanel.core.time import utcnow
from mpanel.db.session import tenant_session
from mpanel.notifications import context
from mpanel.notifications.kinds import KINDS
from mpanel.notifications.mailer import DeliveryFailed, SmtpConfig, deliver, parse_smtp_url
from mpanel.notifications.models import EmailStatus, OutboxEmail, SmtpSettings
from mpanel.notifications.rendering import RenderFailed, render
from mpanel.notifications.service import effective_template
from mpanel.settings import Settings
from mpanel.storage import ObjectStore
from mpanel.tenants import service as tenants
from mpanel.tenants.branding import branding

log = structlog.get_logger(__name__)

BATCH = 50
LEASE = timedelta(minutes=10)
# Waits after the 1st, 2nd, ... failure; after the last one the e-mail is marked failed.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1), timedelta(hours=3))
MAX_ATTEMPTS = len(BACKOFF) + 1
NO_SMTP = "No SMTP server is configured (SMTP_URL, or the tenant's e-mail settings)."

_CLAIM = text(
    """
    update email_outbox o set status = 'sending', attempts = o.attempts + 1,
        next_attempt_at = clock_timestamp() + cast(:lease as interval)
    where (o.tenant_id, o.id) in (
        select tenant_id, id from email_outbox
        where status in ('queued', 'sending') and next_attempt_at <= clock_timestamp()
        order by next_attempt_at limit :limit for update skip locked)
    returning o.id
    """
)


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


async def smtp_for(session: AsyncSession, settings: Settings) -> SmtpConfig | None:
    """The tenant's own SMTP server when it has one, else the platform's SMTP_URL."""
    own = await session.scalar(select(SmtpSettings))
    if own is not None:
        return SmtpConfig(own.host, own.port, own.username, own.password, own.tls, own.from_address)
    if settings.smtp_url is None:
        return None
    return parse_smtp_url(settings.smtp_url.get_secret_value(), settings.smtp_from)


class SmtpTestFailed(Conflict):
    """The configured mail server did not take the test message (or there is none): a 409 in
    the caller's terms, not a 5xx of ours."""

    code = "smtp_test_failed"


async def send_test(session: AsyncSession, settings: Settings, to: str) -> str:
    """Send a short message now through the server e-mails would use; returns its Message-ID."""
    smtp = await smtp_for(session, settings)
    if smtp is None:
        raise SmtpTestFailed(NO_SMTP)
    tenant = await tenants.own(session)
    message = EmailMessage()
    message["Subject"] = f"Test e-mail from {tenant.name}"
    message["From"] = formataddr((tenant.name, smtp.from_address))
    message["To"] = to
    message["Message-ID"] = make_msgid(domain=smtp.from_address.rpartition("@")[2] or "localhost")
    message.set_content("This is a test: e-mail from MPanel reaches you through this server.\n")
    try:
        await deliver(smtp, message, timeout_seconds=settings.smtp_timeout_seconds)
    except DeliveryFailed as exc:
        raise SmtpTestFailed(f"The mail server did not take the message: {exc}") from exc
    return str(message["Message-ID"])


async def compose(
    session: AsyncSession, email: OutboxEmail, settings: Settings, store: ObjectStore, smtp: SmtpConfig
) -> EmailMessage:
    tenant = await tenants.own(session)
    if email.kind == "user.password_reset" and not email.secret:
        raise RenderFailed("the reset link is gone (already sent or expired)")
    variables = await context.build(
        session, email, tenant, settings.base_url, reset_ttl_minutes=settings.password_reset_ttl_seconds // 60
    )
    rendered = render(await effective_template(session, email.kind), variables)
    brand = branding(tenant.settings)
    message = EmailMessage()
    message["Subject"] = rendered.subject
    message["From"] = formataddr((brand.legal_name or tenant.name, smtp.from_address))
    message["To"] = email.to_address
    if brand.email:
        message["Reply-To"] = str(brand.email)
    domain = smtp.from_address.rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message["X-MPanel-Email-Id"] = str(email.id)
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    if KINDS[email.kind].attach_invoice_pdf and email.invoice_id:
        document = await pdf.document(session, Principal.system(tenant.id), store, email.invoice_id)
        message.add_attachment(document.data, maintype="application", subtype="pdf", filename=document.filename)
    return message


async def _claim(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, limit: int) -> list[uuid.UUID]:
    async with tenant_session(sessionmaker, tenant_id) as session:
        rows = await session.execute(_CLAIM, {"lease": LEASE, "limit": limit})
        return [r.id for r in rows]


async def _finish(
    sessionmaker: async_sessionmaker[AsyncSession],
    tenant_id: uuid.UUID,
    email_id: uuid.UUID,
    *,
    subject: str | None = None,
    message_id: str | None = None,
    error: DeliveryFailed | RenderFailed | None = None,
) -> EmailStatus:
    async with tenant_session(sessionmaker, tenant_id) as session:
        email = await session.scalar(select(OutboxEmail).where(OutboxEmail.id == email_id).with_for_update())
        assert email is not None
        if error is None:
            email.status, email.sent_at, email.last_error, email.secret = EmailStatus.SENT, utcnow(), None, None
            email.subject, email.message_id = subject, message_id
        elif isinstance(error, RenderFailed) or error.permanent or email.attempts >= MAX_ATTEMPTS:
            email.status, email.last_error, email.secret = EmailStatus.FAILED, str(error)[:2000], None
        else:
            email.status, email.last_error = EmailStatus.QUEUED, str(error)[:2000]
            email.next_attempt_at = utcnow() + BACKOFF[min(email.attempts, len(BACKOFF)) - 1]
        return email.status


async def _send_one(
    sessionmaker: async_sessionmaker[AsyncSession],
    tenant_id: uuid.UUID,
    email_id: uuid.UUID,
    settings: Settings,
    store: ObjectStore,
    smtp: SmtpConfig,
) -> EmailStatus:
    try:
        async with tenant_session(sessionmaker, tenant_id) as session:
            email = await session.scalar(select(OutboxEmail).where(OutboxEmail.id == email_id))
            assert email is not None
            to_address = email.to_address
            message = await compose(session, email, settings, store, smtp)
        await deliver(smtp, message, timeout_seconds=settings.smtp_timeout_seconds)
    except (DeliveryFailed, RenderFailed) as exc:
        log.warning("email.failed", email_id=str(email_id), error=str(exc))
        return await _finish(sessionmaker, tenant_id, email_id, error=exc)
    log.info("email.sent", email_id=str(email_id), to=to_address, kind=email.kind)
    return await _finish(
        sessionmaker, tenant_id, email_id, subject=message["Subject"], message_id=message["Message-ID"]
    )


async def _park_without_smtp(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID) -> None:
    """Nowhere to send: say so on the waiting e-mails and look again in a few minutes."""
    async with tenant_session(sessionmaker, tenant_id) as session:
        await session.execute(
            update(OutboxEmail)
            .where(OutboxEmail.status == EmailStatus.QUEUED, OutboxEmail.next_attempt_at <= utcnow())
            .values(last_error=NO_SMTP, next_attempt_at=utcnow() + timedelta(minutes=5))
        )


async def send_due(
    sessionmaker: async_sessionmaker[AsyncSession],
    tenant_id: uuid.UUID,
    settings: Settings,
    store: ObjectStore,
    *,
    batch: int = BATCH,
) -> SendReport:
    """Send every e-mail of the tenant that is due now."""
    report = SendReport()
    async with tenant_session(sessionmaker, tenant_id) as session:
        smtp = await smtp_for(session, settings)
    if smtp is None:
        await _park_without_smtp(sessionmaker, tenant_id)
        return report
    while ids := await _claim(sessionmaker, tenant_id, batch):
        for email_id in ids:
            status = await _send_one(sessionmaker, tenant_id, email_id, settings, store, smtp)
            report.sent += status is EmailStatus.SENT
            report.failed += status is EmailStatus.FAILED
            report.retrying += status is EmailStatus.QUEUED
        if len(ids) < batch:
            break
    return report
