from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status

from mpanel.auth.deps import Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.catalog.tlds.models import TldAction
from mpanel.catalog.tlds.schemas import MAX_YEARS
from mpanel.catalog.tlds.service import RegistrarUnknown, TldPriceMissing, TldUnknown
from mpanel.core.errors import Forbidden, NotFound, Unauthorized
from mpanel.core.schemas import Page
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.domains import icann, lifecycle
from mpanel.domains import service as domains
from mpanel.domains.models import Domain, DomainStatus
from mpanel.domains.schemas import (
    DomainEventOut,
    DomainName,
    DomainOperationOut,
    DomainOut,
    DomainQuoteOut,
    DomainRegister,
    DomainRenew,
    DomainSort,
    DomainStatusChange,
    DomainTransfer,
    DomainUpdate,
    IcannFeeReport,
)
from mpanel.http.params import Cursor, Limit, SortParam
from mpanel.http.routing import TransactionalRoute, errors

router = APIRouter(prefix="/domains", tags=["domains"], route_class=TransactionalRoute)
reports_router = APIRouter(prefix="/reports", tags=["reports"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)
NEW_DOMAIN_ERRORS = errors(
    TldUnknown,
    TldPriceMissing,
    RegistrarUnknown,
    domains.DomainTaken,
    domains.DomainTermTooLong,
)


@router.get("", response_model=Page[DomainOut], operation_id="domains-list", responses=COMMON)
async def list_domains(
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.DOMAINS_READ)],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    status: DomainStatus | None = None,
    customer_id: Annotated[uuid.UUID | None, Query(alias="customerId")] = None,
    tld: Annotated[str | None, Query(max_length=100)] = None,
    expiring_before: Annotated[date | None, Query(alias="expiringBefore")] = None,
    q: Annotated[str | None, Query(max_length=100, description="Name contains")] = None,
    sort: SortParam[DomainSort] = None,
) -> Page[DomainOut]:
    items, next_cursor = await domains.list_domains(
        session,
        actor,
        limit=limit,
        cursor=cursor,
        sort=sort,
        status=status,
        customer_id=customer_id,
        tld=tld,
        expiring_before=expiring_before,
        query=q,
    )
    return Page[DomainOut](items=[DomainOut.model_validate(d) for d in items], next_cursor=next_cursor)


@router.get(
    "/quote",
    response_model=DomainQuoteOut,
    operation_id="domains-quote",
    responses=COMMON | errors(TldUnknown, TldPriceMissing),
)
async def quote_domain(
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.DOMAINS_READ)],
    name: Annotated[DomainName, Query()],
    action: TldAction = TldAction.REGISTER,
    years: Annotated[int, Query(ge=1, le=MAX_YEARS)] = 1,
) -> DomainQuoteOut:
    tld, quote = await domains.quote(session, actor, name, action, years)
    return DomainQuoteOut(
        name=name,
        tld=tld.tld,
        action=action,
        years=years,
        price=quote.price,
        currency=quote.currency,
        icann_fee_applies=tld.icann_fee_applies,
    )


@router.post(
    "",
    response_model=DomainOperationOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="domains-register",
    responses=COMMON | NEW_DOMAIN_ERRORS,
)
async def register_domain(
    data: DomainRegister,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.DOMAINS_WRITE)],
) -> domains.DomainOperation:
    return await domains.register(session, actor, data)


@router.post(
    "/transfer",
    response_model=DomainOperationOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="domains-transfer-in",
    responses=COMMON | NEW_DOMAIN_ERRORS,
)
async def transfer_domain(
    data: DomainTransfer,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.DOMAINS_WRITE)],
) -> domains.DomainOperation:
    return await domains.transfer_in(session, actor, data)


@router.get("/{domain_id}", response_model=DomainOut, operation_id="domains-get", responses=COMMON | errors(NotFound))
async def get_domain(
    domain_id: uuid.UUID, session: TenantSession, actor: Annotated[Principal, Requires(Permission.DOMAINS_READ)]
) -> Domain:
    return await domains.get(session, actor, domain_id)


@router.patch(
    "/{domain_id}",
    response_model=DomainOut,
    operation_id="domains-update",
    responses=COMMON | errors(NotFound, domains.DomainLocked),
)
async def update_domain(
    domain_id: uuid.UUID,
    data: DomainUpdate,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.DOMAINS_WRITE)],
) -> Domain:
    """Change auto-renew, the billing subscription or the nameservers. New nameservers of a
    registered domain answer at once with `nameserversPending` true: a registrar job sends them
    (retrying failures, shown in `lastError`) and clears it."""
    return await domains.update(session, actor, domain_id, data)


@router.post(
    "/{domain_id}/renew",
    response_model=DomainOperationOut,
    operation_id="domains-renew",
    responses=COMMON
    | errors(
        NotFound, domains.DomainNotRenewable, domains.DomainTermTooLong, domains.DomainOperationPending, TldPriceMissing
    ),
)
async def renew_domain(
    domain_id: uuid.UUID,
    data: DomainRenew,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.DOMAINS_WRITE)],
) -> domains.DomainOperation:
    return await domains.renew(session, actor, domain_id, data.years)


@router.post(
    "/{domain_id}/status",
    response_model=DomainOut,
    operation_id="domains-set-status",
    responses=COMMON | errors(NotFound, lifecycle.DomainTransitionRefused),
)
async def set_domain_status(
    domain_id: uuid.UUID,
    data: DomainStatusChange,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.DOMAINS_WRITE)],
) -> Domain:
    return await domains.transition(session, actor, domain_id, DomainStatus(data.status), note=data.note)


@router.get(
    "/{domain_id}/events",
    response_model=Page[DomainEventOut],
    operation_id="domains-events",
    responses=COMMON | errors(NotFound),
)
async def list_domain_events(
    domain_id: uuid.UUID,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.DOMAINS_READ)],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Page[DomainEventOut]:
    items, next_cursor = await domains.list_events(session, actor, domain_id, limit=limit, cursor=cursor)
    return Page[DomainEventOut](items=[DomainEventOut.model_validate(e) for e in items], next_cursor=next_cursor)


@reports_router.get(
    "/icann-fees",
    response_model=IcannFeeReport,
    operation_id="reports-icann-fees",
    responses=COMMON | errors(icann.ReportRangeInvalid),
)
async def icann_fee_report(
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.REPORTS_READ)],
    start: Annotated[date, Query(alias="from", description="First day (UTC)")],
    end: Annotated[date, Query(alias="to", description="Day after the last (exclusive, UTC)")],
) -> icann.FeeReport:
    return await icann.report(session, actor, start, end)
