from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, String, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from mpanel.db.base import Base, TenantMixin, TimestampMixin, str_enum, tenant_fk
from mpanel.db.encrypted import EncryptedText


class StripeAccount(TenantMixin, TimestampMixin, Base):
    """A tenant's own Stripe keys (one row per tenant). The secret key and the webhook secret are
    encrypted at rest and never leave the server; without a row the platform's account is used."""

    __tablename__ = "stripe_accounts"
    __table_args__ = (UniqueConstraint("tenant_id", name="uq_stripe_accounts_tenant_id"),)

    secret_key: Mapped[str | None] = mapped_column(EncryptedText(255), default=None)
    publishable_key: Mapped[str | None] = mapped_column(String(255), default=None)
    webhook_secret: Mapped[str | None] = mapped_column(EncryptedText(255), default=None)
    # The last characters, to show which key is set without decrypting it.
    secret_key_last4: Mapped[str | None] = mapped_column(String(4), default=None)
    webhook_secret_last4: Mapped[str | None] = mapped_column(String(4), default=None)


class StripeCustomer(TenantMixin, TimestampMixin, Base):
    """The Stripe customer of an MPanel customer, and the saved card that auto-charges use."""

    __tablename__ = "stripe_customers"
    __table_args__ = (
        tenant_fk(["customer_id"], "customers", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "customer_id", name="uq_stripe_customers_customer"),
        UniqueConstraint("tenant_id", "stripe_customer_id", name="uq_stripe_customers_stripe_id"),
        # The platform webhook finds a Stripe customer's tenant by it (mpanel_stripe_event_tenant).
        Index("ix_stripe_customers_stripe_id", "stripe_customer_id"),
    )

    customer_id: Mapped[uuid.UUID]
    stripe_customer_id: Mapped[str] = mapped_column(String(255))
    default_payment_method_id: Mapped[str | None] = mapped_column(String(255), default=None)


class StripeEventStatus(StrEnum):
    PROCESSED = "processed"
    IGNORED = "ignored"


class StripeEvent(TenantMixin, Base):
    """Every webhook event received, by Stripe's event id: a replayed or duplicated delivery finds
    its row and changes nothing."""

    __tablename__ = "stripe_events"
    __table_args__ = (
        UniqueConstraint("tenant_id", "event_id", name="uq_stripe_events_event_id"),
        Index("ix_stripe_events_object", "tenant_id", "object_id"),
    )

    event_id: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(100))
    object_id: Mapped[str | None] = mapped_column(String(255), default=None)
    livemode: Mapped[bool] = mapped_column(default=False)
    stripe_created_at: Mapped[datetime | None] = mapped_column(default=None)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    status: Mapped[StripeEventStatus] = mapped_column(str_enum(StripeEventStatus))
    note: Mapped[str] = mapped_column(String(500), default="")
    received_at: Mapped[datetime] = mapped_column(server_default=func.now())
