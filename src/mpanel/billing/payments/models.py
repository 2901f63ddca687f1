from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, String, UniqueConstraint, func
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
