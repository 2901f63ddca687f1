from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, String, text
from sqlalchemy.orm import Mapped, mapped_column

from mpanel.billing.cycles import BillingCycle
from mpanel.db.base import CURRENT_TENANT, Base, Money, TenantChildMixin, TimestampMixin, str_enum, tenant_fk


class SubscriptionStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"
    TERMINATED = "terminated"


class SuspendReason(StrEnum):
    OVERDUE = "overdue"
    MANUAL = "manual"


class Subscription(TenantChildMixin, TimestampMixin, Base):
    """A service in force: a product billed to a customer every cycle. `next_billing_date` is the
    start of the next period to invoice; `anchor_day` keeps month-end dates (Jan 31 -> Feb 28 ->
    Mar 31)."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        tenant_fk(["customer_id"], "customers"),
        tenant_fk(["product_id"], "products"),
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint("anchor_day between 1 and 31", name="anchor_day_range"),
        CheckConstraint("billing_cycle <> 'one-time'", name="recurring_cycle"),
        Index("ix_subscriptions_due", "tenant_id", "status", "next_billing_date"),
        Index("ix_subscriptions_customer", "tenant_id", "customer_id"),
    )

    customer_id: Mapped[uuid.UUID]
    product_id: Mapped[uuid.UUID]
    description: Mapped[str] = mapped_column(String(500))
    billing_cycle: Mapped[BillingCycle] = mapped_column(str_enum(BillingCycle))
    price: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[SubscriptionStatus] = mapped_column(str_enum(SubscriptionStatus), default=SubscriptionStatus.ACTIVE)
    suspend_reason: Mapped[SuspendReason | None] = mapped_column(str_enum(SuspendReason), default=None)
    next_billing_date: Mapped[date]
    anchor_day: Mapped[int] = mapped_column(SmallInteger)
    cancel_at_period_end: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    suspended_at: Mapped[datetime | None] = mapped_column(default=None)
    cancelled_at: Mapped[datetime | None] = mapped_column(default=None)
    terminated_at: Mapped[datetime | None] = mapped_column(default=None)


class BillingEvent(Base):
    """Something a customer should hear about (invoice created, reminder, suspension...), written
    in the same transaction as the change. `dedupe_key` is the key: each event happens once however
    often the billing run repeats (the run writes two per invoice, so no second unique index and no
    surrogate id). A trigger writes the e-mail of each kind that has a template into `email_outbox`
    in the same statement (notifications/)."""

    __tablename__ = "billing_events"
    __table_args__ = (Index("ix_billing_events_tenant_id_created_at", "tenant_id", "created_at", "dedupe_key"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True, server_default=CURRENT_TENANT
    )
    dedupe_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    customer_id: Mapped[uuid.UUID]
    invoice_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    subscription_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    payment_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    domain_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    occurred_on: Mapped[date]
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(server_default=text("clock_timestamp()"))
