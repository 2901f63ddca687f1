from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, SmallInteger, String, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column

from mpanel.db.base import Base, Money, TenantMixin, TimestampMixin, str_enum, tenant_fk


class PaymentMethod(StrEnum):
    BANK_TRANSFER = "bank_transfer"
    CASH = "cash"
    CHEQUE = "cheque"
    CARD = "card"
    ACCOUNT_CREDIT = "account_credit"
    OTHER = "other"


OFFLINE_METHODS = frozenset(
    {PaymentMethod.BANK_TRANSFER, PaymentMethod.CASH, PaymentMethod.CHEQUE, PaymentMethod.OTHER}
)


class PaymentStatus(StrEnum):
    COMPLETED = "completed"
    PARTIALLY_REFUNDED = "partially-refunded"
    REFUNDED = "refunded"


class Payment(TenantMixin, TimestampMixin, Base):
    """Money received against an invoice. `applied` is what went to the invoice; anything beyond
    its balance (`amount - applied`) became account credit."""

    __tablename__ = "payments"
    __table_args__ = (
        tenant_fk(["customer_id"], "customers"),
        tenant_fk(["invoice_id"], "invoices"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("applied >= 0 and applied <= amount", name="applied_within_amount"),
        CheckConstraint("refunded >= 0 and refunded <= amount", name="refunded_within_amount"),
        UniqueConstraint("tenant_id", "gateway", "gateway_reference", name="uq_payments_gateway_reference"),
        Index("ix_payments_tenant_id_invoice_id", "tenant_id", "invoice_id"),
        Index("ix_payments_tenant_id_customer_id", "tenant_id", "customer_id", "created_at"),
    )

    customer_id: Mapped[uuid.UUID]
    invoice_id: Mapped[uuid.UUID]
    amount: Mapped[Decimal] = mapped_column(Money)
    applied: Mapped[Decimal] = mapped_column(Money)
    refunded: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[PaymentMethod] = mapped_column(str_enum(PaymentMethod, length=30))
    status: Mapped[PaymentStatus] = mapped_column(str_enum(PaymentStatus), default=PaymentStatus.COMPLETED)
    gateway: Mapped[str] = mapped_column(String(30), default="offline")
    gateway_reference: Mapped[str | None] = mapped_column(String(200), default=None)
    reference: Mapped[str] = mapped_column(String(200), default="")
    received_at: Mapped[datetime] = mapped_column(server_default=func.now())
    actor_id: Mapped[uuid.UUID | None] = mapped_column(default=None)


class CreditNote(TenantMixin, Base):
    """A document that credits (part of) an invoice, as for a refund. Numbered gaplessly."""

    __tablename__ = "credit_notes"
    __table_args__ = (
        tenant_fk(["invoice_id"], "invoices"),
        tenant_fk(["customer_id"], "customers"),
        UniqueConstraint("tenant_id", "number", name="uq_credit_notes_tenant_id_number"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    number: Mapped[str] = mapped_column(String(64))
    invoice_id: Mapped[uuid.UUID]
    customer_id: Mapped[uuid.UUID]
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Refund(TenantMixin, Base):
    __tablename__ = "refunds"
    __table_args__ = (
        tenant_fk(["payment_id"], "payments"),
        tenant_fk(["credit_note_id"], "credit_notes"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    payment_id: Mapped[uuid.UUID]
    credit_note_id: Mapped[uuid.UUID]
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    to_account_credit: Mapped[bool] = mapped_column(default=False)
    gateway_reference: Mapped[str | None] = mapped_column(String(200), default=None)
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    actor_id: Mapped[uuid.UUID | None] = mapped_column(default=None)


class AttemptTrigger(StrEnum):
    BILLING_RUN = "billing_run"  # an auto-charge of the saved card (off session), on the dunning schedule
    PORTAL = "portal"  # the customer paying in the client portal (on session)
    STAFF = "staff"  # staff charging the saved card for the customer


class AttemptStatus(StrEnum):
    SCHEDULED = "scheduled"  # the billing run queued a charge
    PENDING = "pending"  # waiting for the customer to enter a card in the portal
    PROCESSING = "processing"  # sent to the gateway, no answer yet
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REQUIRES_ACTION = "requires_action"  # the bank wants the customer to authenticate (SCA)
    SKIPPED = "skipped"  # nothing left to charge when the job ran


FINAL_ATTEMPT_STATUSES = frozenset({AttemptStatus.SUCCEEDED, AttemptStatus.SKIPPED})


class PaymentAttempt(TenantMixin, TimestampMixin, Base):
    """One try at charging an invoice through a gateway: auto-charges of the billing run (numbered
    per invoice, on the tenant's dunning schedule) and payments started in the portal."""

    __tablename__ = "payment_attempts"
    __table_args__ = (
        tenant_fk(["invoice_id"], "invoices"),
        tenant_fk(["customer_id"], "customers"),
        tenant_fk(["payment_id"], "payments"),
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_payment_attempts_invoice", "tenant_id", "invoice_id", "created_at"),
        Index(
            "uq_payment_attempts_invoice_attempt_no",
            "tenant_id",
            "invoice_id",
            "attempt_no",
            unique=True,
            postgresql_where=text("attempt_no is not null"),
        ),
        Index(
            "uq_payment_attempts_intent",
            "tenant_id",
            "gateway_reference",
            unique=True,
            postgresql_where=text("gateway_reference is not null"),
        ),
        # The platform webhook finds a PaymentIntent's tenant by it (mpanel_stripe_event_tenant).
        Index(
            "ix_payment_attempts_reference", "gateway_reference", postgresql_where=text("gateway_reference is not null")
        ),
    )

    invoice_id: Mapped[uuid.UUID]
    customer_id: Mapped[uuid.UUID]
    trigger: Mapped[AttemptTrigger] = mapped_column(str_enum(AttemptTrigger))
    attempt_no: Mapped[int | None] = mapped_column(SmallInteger, default=None)
    scheduled_for: Mapped[date | None] = mapped_column(default=None)
    status: Mapped[AttemptStatus] = mapped_column(str_enum(AttemptStatus))
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    gateway: Mapped[str] = mapped_column(String(30), default="stripe")
    gateway_reference: Mapped[str | None] = mapped_column(String(255), default=None)
    payment_method: Mapped[str | None] = mapped_column(String(255), default=None)
    failure_code: Mapped[str | None] = mapped_column(String(100), default=None)
    failure_message: Mapped[str | None] = mapped_column(String(500), default=None)
    attempted_at: Mapped[datetime | None] = mapped_column(default=None)
    payment_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
