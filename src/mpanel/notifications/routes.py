from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Query, status

from mpanel.auth.deps import AppSettings, Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.core.errors import Forbidden, NotFound, Unauthorized
from mpanel.core.schemas import Page
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.http.params import Cursor, Limit, SortParam
from mpanel.http.routing import TransactionalRoute, errors
from mpanel.notifications import sending
from mpanel.notifications import service as notifications
from mpanel.notifications.models import EmailStatus, OutboxEmail, SmtpSettings
from mpanel.notifications.rendering import RenderedEmail, TemplateInvalid
from mpanel.notifications.schemas import (
    EmailOut,
    EmailPreviewOut,
    EmailSort,
    EmailTemplateIn,
    EmailTemplateOut,
    SmtpSettingsIn,
    SmtpSettingsOut,
    SmtpTestIn,
    SmtpTestOut,
)

router = APIRouter(tags=["email"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)
Reader = Annotated[Principal, Requires(Permission.EMAIL_READ)]
Writer = Annotated[Principal, Requires(Permission.EMAIL_WRITE)]


def _out(view: notifications.TemplateView) -> EmailTemplateOut:
    return EmailTemplateOut(
        kind=view.kind.key,
        title=view.kind.title,
        description=view.kind.description,
        subject=view.source.subject,
        html=view.source.html,
        text=view.source.text,
        customized=view.customized,
        variables=view.kind.variables,
    )


@router.get(
    "/email-templates", response_model=list[EmailTemplateOut], operation_id="email-templates-list", responses=COMMON
)
async def list_templates(session: TenantSession, actor: Reader) -> list[EmailTemplateOut]:
    return [_out(v) for v in await notifications.list_templates(session, actor)]


@router.get(
    "/email-templates/{kind}",
    response_model=EmailTemplateOut,
    operation_id="email-templates-get",
    responses=COMMON | errors(NotFound),
)
async def get_template(kind: str, session: TenantSession, actor: Reader) -> EmailTemplateOut:
    return _out(await notifications.get_template(session, actor, kind))


@router.put(
    "/email-templates/{kind}",
    response_model=EmailTemplateOut,
    operation_id="email-templates-put",
    responses=COMMON | errors(NotFound, TemplateInvalid),
)
async def put_template(kind: str, data: EmailTemplateIn, session: TenantSession, actor: Writer) -> EmailTemplateOut:
    """Save the tenant's version of a template; it must compile and use only its variables."""
    return _out(await notifications.put_template(session, actor, kind, data))


@router.delete(
    "/email-templates/{kind}",
    response_model=EmailTemplateOut,
    operation_id="email-templates-reset",
    responses=COMMON | errors(NotFound),
)
async def reset_template(kind: str, session: TenantSession, actor: Writer) -> EmailTemplateOut:
    """Go back to the shipped default."""
    return _out(await notifications.reset_template(session, actor, kind))


@router.post(
    "/email-templates/{kind}/preview",
    response_model=EmailPreviewOut,
    operation_id="email-templates-preview",
    responses=COMMON | errors(NotFound, TemplateInvalid),
)
async def preview_template(
    kind: str,
    session: TenantSession,
    actor: Reader,
    settings: AppSettings,
    data: Annotated[EmailTemplateIn | None, Body()] = None,
) -> RenderedEmail:
    """Render the given draft (or the saved template) with sample values."""
    return await notifications.preview(session, actor, kind, data, settings.base_url)


@router.get("/email-log", response_model=Page[EmailOut], operation_id="email-log-list", responses=COMMON)
async def list_emails(
    session: TenantSession,
    actor: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    status: EmailStatus | None = None,
    kind: Annotated[str | None, Query(max_length=50)] = None,
    customer_id: Annotated[uuid.UUID | None, Query(alias="customerId")] = None,
    to: Annotated[str | None, Query(max_length=320, description="Recipient address contains")] = None,
    sort: SortParam[EmailSort] = None,
) -> Page[EmailOut]:
    items, next_cursor = await notifications.list_log(
        session, actor, limit=limit, cursor=cursor, sort=sort, status=status, kind=kind, customer_id=customer_id, to=to
    )
    return Page[EmailOut](items=[EmailOut.model_validate(e) for e in items], next_cursor=next_cursor)


@router.get(
    "/email-log/{email_id}", response_model=EmailOut, operation_id="email-log-get", responses=COMMON | errors(NotFound)
)
async def get_email(email_id: uuid.UUID, session: TenantSession, actor: Reader) -> OutboxEmail:
    return await notifications.get_email(session, actor, email_id)


@router.post(
    "/email-log/{email_id}/retry",
    response_model=EmailOut,
    operation_id="email-log-retry",
    responses=COMMON | errors(NotFound, notifications.EmailAlreadySent),
)
async def retry_email(email_id: uuid.UUID, session: TenantSession, actor: Writer) -> OutboxEmail:
    """Send a failed e-mail again now."""
    return await notifications.retry(session, actor, email_id)


def _smtp_out(row: SmtpSettings) -> SmtpSettingsOut:
    return SmtpSettingsOut(
        host=row.host,
        port=row.port,
        username=row.username,
        from_address=row.from_address,
        tls=row.tls,
        password_set=row.password is not None,
        updated_at=row.updated_at,
    )


@router.get(
    "/email-settings",
    response_model=SmtpSettingsOut,
    operation_id="email-settings-get",
    responses=COMMON | errors(NotFound),
)
async def get_smtp(session: TenantSession, actor: Writer) -> SmtpSettingsOut:
    """The tenant's own mail server (404: the platform's is used). The password is never shown."""
    return _smtp_out(await notifications.get_smtp(session, actor))


@router.put("/email-settings", response_model=SmtpSettingsOut, operation_id="email-settings-put", responses=COMMON)
async def put_smtp(data: SmtpSettingsIn, session: TenantSession, actor: Writer) -> SmtpSettingsOut:
    return _smtp_out(await notifications.put_smtp(session, actor, data))


@router.delete(
    "/email-settings",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="email-settings-delete",
    responses=COMMON | errors(NotFound),
)
async def delete_smtp(session: TenantSession, actor: Writer) -> None:
    await notifications.delete_smtp(session, actor)


@router.post(
    "/email-settings/test",
    response_model=SmtpTestOut,
    operation_id="email-settings-test",
    responses=COMMON | errors(sending.SmtpTestFailed),
)
async def test_smtp(data: SmtpTestIn, session: TenantSession, actor: Writer, settings: AppSettings) -> SmtpTestOut:
    """Send a test message now through the server the tenant's e-mails use."""
    return SmtpTestOut(message_id=await sending.send_test(session, settings, str(data.to)))
