from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from mpanel.core.schema_types import Amount
from mpanel.core.schemas import Schema


class SearchHit(Schema):
    type: Literal["customer", "invoice", "domain"]
    id: uuid.UUID
    title: str
    subtitle: str
    status: str | None = Field(None, description="The invoice's, customer's or domain's status, for the UI's labels")
    total: Amount | None = Field(None, description="An invoice's total, in `currency`")
    currency: str | None = None


class SearchResults(Schema):
    items: list[SearchHit]


class MoneyByCurrency(Schema):
    currency: str
    amount: Amount


class MonthRevenue(Schema):
    month: str
    currency: str
    amount: Amount


class StatusCount(Schema):
    status: str
    count: int


class NewCustomer(Schema):
    id: uuid.UUID
    name: str
    email: str
    created_at: datetime


class DashboardSummary(Schema):
    revenue_by_month: list[MonthRevenue]
    mrr: list[MoneyByCurrency]
    active_subscriptions: int
    invoices_by_status: list[StatusCount]
    overdue: list[MoneyByCurrency]
    renewals_next_30_days: int
    newest_customers: list[NewCustomer]


class Suggestion(Schema):
    kind: Literal[
        "renewals",
        "domains_expiring",
        "chase_overdue",
        "chase_unpaid",
        "unsold_products",
        "card_failed",
        "server_near_capacity",
    ]
    title: str
    detail: str
    count: int
    link: str


class Suggestions(Schema):
    items: list[Suggestion]


class MrrMonth(Schema):
    month: str  # ISO month, YYYY-MM
    amount: Amount


class MrrTrend(Schema):
    currency: str
    months: list[MrrMonth]
