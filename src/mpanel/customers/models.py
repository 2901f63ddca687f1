from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from mpanel.db.base import Base, Money, TenantMixin, TimestampMixin, str_enum, tenant_fk


class CustomerKind(StrEnum):
    PERSON = "person"
    COMPANY = "company"


class CustomerStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    CLOSED = "closed"


class Customer(TenantMixin, TimestampMixin, Base):
    """A hosting company's customer: who is billed, where they live (for tax), in which currency,
    and how much account credit they hold."""

    __tablename__ = "customers"
    __table_args__ = (
        Index("uq_customers_tenant_id_email", "tenant_id", func.lower(text("email")), unique=True),
        CheckConstraint("credit_balance >= 0", name="credit_not_negative"),
        CheckConstraint("country ~ '^[A-Z]{2}$'", name="country_format"),
        CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency_format"),
    )

    kind: Mapped[CustomerKind] = mapped_column(str_enum(CustomerKind), default=CustomerKind.PERSON)
    name: Mapped[str] = mapped_column(String(200))
    company_name: Mapped[str | None] = mapped_column(String(200), default=None)
    email: Mapped[str] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50), default=None)
    address_line1: Mapped[str | None] = mapped_column(String(200), default=None)
    address_line2: Mapped[str | None] = mapped_column(String(200), default=None)
    city: Mapped[str | None] = mapped_column(String(100), default=None)
    region: Mapped[str | None] = mapped_column(String(100), default=None)
    postcode: Mapped[str | None] = mapped_column(String(20), default=None)
    country: Mapped[str] = mapped_column(String(2))
    vat_id: Mapped[str | None] = mapped_column(String(32), default=None)
    tax_exempt: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    currency: Mapped[str] = mapped_column(String(3))
    credit_balance: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"), server_default=text("0"))
    status: Mapped[CustomerStatus] = mapped_column(str_enum(CustomerStatus), default=CustomerStatus.ACTIVE)
    notes: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))


class CreditTransaction(TenantMixin, Base):
    """The account-credit ledger: every change of a customer's credit balance, with its reason.
    The balance on the customer equals the sum of this ledger."""

    __tablename__ = "credit_transactions"
    __table_args__ = (
        tenant_fk(["customer_id"], "customers", ondelete="CASCADE"),
        Index("ix_credit_transactions_customer", "tenant_id", "customer_id", "created_at"),
    )

    customer_id: Mapped[uuid.UUID]
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    balance_after: Mapped[Decimal] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(String(50))
    note: Mapped[str] = mapped_column(String(500), default="")
    reference_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(server_default=func.clock_timestamp())
    actor_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
