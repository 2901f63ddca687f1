from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status

from mpanel.auth.deps import Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.billing.subscriptions import service as subscriptions
from mpanel.billing.subscriptions.models import Subscription, SubscriptionStatus
from mpanel.billing.subscriptions.schemas import (
    PlanChange,
    ProrationOut,
    SubscriptionCancel,
    SubscriptionCreate,
    SubscriptionOut,
    SubscriptionSort,
)
from mpanel.core.errors import Forbidden, Invalid, NotFound, Unauthorized
from mpanel.core.schema_types import Amount
from mpanel.core.schemas import Page
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.http.params import Cursor, Limit, SortParam
from mpanel.http.routing import TransactionalRoute, errors

router = APIRouter(prefix="/subscriptions", tags=["subscriptions"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)
Reader = Annotated[Principal, Requires(Permission.SUBSCRIPTIONS_READ)]
Writer = Annotated[Principal, Requires(Permission.SUBSCRIPTIONS_WRITE)]


@router.get("", response_model=Page[SubscriptionOut], operation_id="subscriptions-list", responses=COMMON)
async def list_subscriptions(
    session: TenantSession,
    actor: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    customer_id: Annotated[uuid.UUID | None, Query(alias="customerId")] = None,
    status: SubscriptionStatus | None = None,
    renewing_before: Annotated[date | None, Query(alias="renewingBefore")] = None,
    sort: SortParam[SubscriptionSort] = None,
) -> Page[SubscriptionOut]:
    items, next_cursor = await subscriptions.list_subscriptions(
        session,
        actor,
        limit=limit,
        cursor=cursor,
        customer_id=customer_id,
        status=status,
        renewing_before=renewing_before,
        sort=sort,
    )
    return Page[SubscriptionOut](items=[SubscriptionOut.model_validate(s) for s in items], next_cursor=next_cursor)


@router.post(
    "",
    response_model=SubscriptionOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="subscriptions-create",
    responses=COMMON | errors(Invalid),
)
async def create_subscription(data: SubscriptionCreate, session: TenantSession, actor: Writer) -> Subscription:
    return await subscriptions.create(session, actor, data)


@router.get(
    "/{subscription_id}",
    response_model=SubscriptionOut,
    operation_id="subscriptions-get",
    responses=COMMON | errors(NotFound),
)
async def get_subscription(subscription_id: uuid.UUID, session: TenantSession, actor: Reader) -> Subscription:
    return await subscriptions.get(session, actor, subscription_id)


@router.post(
    "/{subscription_id}/cancel",
    response_model=SubscriptionOut,
    operation_id="subscriptions-cancel",
    responses=COMMON | errors(NotFound, subscriptions.SubscriptionEnded),
)
async def cancel_subscription(
    subscription_id: uuid.UUID, session: TenantSession, actor: Writer, data: SubscriptionCancel | None = None
) -> Subscription:
    at_period_end = data.at_period_end if data else True
    return await subscriptions.cancel(session, actor, subscription_id, at_period_end=at_period_end)


@router.post(
    "/{subscription_id}/suspend",
    response_model=SubscriptionOut,
    operation_id="subscriptions-suspend",
    responses=COMMON | errors(NotFound, subscriptions.SubscriptionNotActive),
)
async def suspend_subscription(subscription_id: uuid.UUID, session: TenantSession, actor: Writer) -> Subscription:
    return await subscriptions.suspend(session, actor, subscription_id)


@router.post(
    "/{subscription_id}/unsuspend",
    response_model=SubscriptionOut,
    operation_id="subscriptions-unsuspend",
    responses=COMMON | errors(NotFound),
)
async def unsuspend_subscription(subscription_id: uuid.UUID, session: TenantSession, actor: Writer) -> Subscription:
    return await subscriptions.unsuspend(session, actor, subscription_id)


@router.get(
    "/{subscription_id}/proration-preview",
    response_model=ProrationOut,
    operation_id="subscriptions-proration-preview",
    responses=COMMON | errors(NotFound, Invalid),
)
async def proration_preview(
    subscription_id: uuid.UUID,
    session: TenantSession,
    actor: Reader,
    product_id: Annotated[uuid.UUID | None, Query(alias="productId")] = None,
    price: Annotated[Amount | None, Query()] = None,
    change_date: Annotated[date | None, Query(alias="changeDate")] = None,
) -> ProrationOut:
    change = PlanChange(product_id=product_id, price=price, change_date=change_date)
    subscription, proration, start, end, new_price = await subscriptions.preview(
        session, actor, subscription_id, change
    )
    return ProrationOut(
        period_start=start,
        period_end=end,
        days_left=proration.days_left,
        days_in_period=proration.days_in_period,
        old_price=subscription.price,
        new_price=new_price,
        credit=proration.credit,
        charge=proration.charge,
        due_now=proration.due_now,
        currency=subscription.currency,
    )


@router.post(
    "/{subscription_id}/change-plan",
    response_model=SubscriptionOut,
    operation_id="subscriptions-change-plan",
    responses=COMMON | errors(NotFound, Invalid, subscriptions.SubscriptionEnded),
)
async def change_plan(
    subscription_id: uuid.UUID, data: PlanChange, session: TenantSession, actor: Writer
) -> Subscription:
    return await subscriptions.change_plan(session, actor, subscription_id, data)
