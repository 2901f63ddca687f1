from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import Field

from mpanel.billing.cycles import BillingCycle
from mpanel.billing.subscriptions.models import SubscriptionStatus, SuspendReason
from mpanel.core.schema_types import Amount
from mpanel.core.schemas import InputSchema, Schema


class SubscriptionCreate(InputSchema):
    customer_id: uuid.UUID
    product_id: uuid.UUID
    billing_cycle: BillingCycle
    price: Amount | None = Field(None, description="Defaults to the product's price for the cycle")
    next_billing_date: date
    description: str | None = Field(None, max_length=500)


class SubscriptionCancel(InputSchema):
    at_period_end: bool = True


class PlanChange(InputSchema):
    product_id: uuid.UUID | None = None
    price: Amount | None = Field(None, description="Defaults to the product's price for the current cycle")
    change_date: date | None = Field(None, description="Defaults to today")


class SubscriptionOut(Schema):
    id: uuid.UUID
    customer_id: uuid.UUID
    product_id: uuid.UUID
    description: str
    billing_cycle: BillingCycle
    price: Amount
    currency: str
    status: SubscriptionStatus
    suspend_reason: SuspendReason | None
    next_billing_date: date
    cancel_at_period_end: bool
    suspended_at: datetime | None
    cancelled_at: datetime | None
    terminated_at: datetime | None
    created_at: datetime


class ProrationOut(Schema):
    period_start: date
    period_end: date
    days_left: int
    days_in_period: int
    old_price: Amount
    new_price: Amount
    credit: Amount
    charge: Amount
    due_now: Amount
    currency: str


SubscriptionSort = Literal["nextBillingDate", "-nextBillingDate", "createdAt", "-createdAt"]
