from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mpanel.db.base import Base, Money, TenantChildMixin, TimestampMixin, str_enum, tenant_fk


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    UNPAID = "unpaid"
    PARTIALLY_PAID = "partially-paid"
    PAID = "paid"
    OVERDUE = "overdue"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


OPEN_STATUSES = frozenset({InvoiceStatus.UNPAID, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.OVERDUE})


class InvoiceKind(StrEnum):
    MANUAL = "manual"
    RENEWAL = "renewal"
    PRORATION = "proration"


class Invoice(TenantChildMixin, TimestampMixin, Base):
    """What a customer owes: items, taxes by rule, totals and what has been paid or credited.
    balance = total - amount_paid - amount_credited, and is never negative."""

    __tablename__ = "invoices"
    __table_args__ = (
        tenant_fk(["customer_id"], "customers"),
        UniqueConstraint("tenant_id", "number", name="uq_invoices_tenant_id_number"),
        CheckConstraint("total >= 0", name="total_not_negative"),
        CheckConstraint("amount_paid >= 0 and amount_credited >= 0", name="paid_not_negative"),
        CheckConstraint("amount_paid + amount_credited <= total", name="not_overpaid"),
        CheckConstraint("status = 'draft' or number is not null", name="issued_has_number"),
        Index("ix_invoices_tenant_id_customer_id", "tenant_id", "customer_id", "created_at"),
        Index("ix_invoices_tenant_id_status_due_date", "tenant_id", "status", "due_date"),
        # The billing run's exactly-once guarantee: one renewal invoice per subscription period.
        Index(
            "uq_invoices_subscription_period",
            "tenant_id",
            "subscription_id",
            "period_start",
            unique=True,
            postgresql_where=text("kind = 'renewal'"),
        ),
        Index(
            "ix_invoices_subscription_open",
            "tenant_id",
            "subscription_id",
            postgresql_where=text("status in ('unpaid', 'partially-paid', 'overdue')"),
        ),
    )

    customer_id: Mapped[uuid.UUID]
    number: Mapped[str | None] = mapped_column(String(64), default=None)
    status: Mapped[InvoiceStatus] = mapped_column(str_enum(InvoiceStatus))
    currency: Mapped[str] = mapped_column(String(3))
    issue_date: Mapped[date | None] = mapped_column(default=None)
    due_date: Mapped[date]
    subtotal: Mapped[Decimal] = mapped_column(Money)
    tax_total: Mapped[Decimal] = mapped_column(Money)
    total: Mapped[Decimal] = mapped_column(Money)
    amount_paid: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    amount_credited: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    prices_include_tax: Mapped[bool] = mapped_column(Boolean, default=False)
    tax_note: Mapped[str | None] = mapped_column(String(300), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
    paid_at: Mapped[datetime | None] = mapped_column(default=None)
    cancelled_at: Mapped[datetime | None] = mapped_column(default=None)
    kind: Mapped[InvoiceKind] = mapped_column(
        str_enum(InvoiceKind), default=InvoiceKind.MANUAL, server_default="manual"
    )
    # Set for renewal and proration invoices (no foreign key: subscriptions reference invoices' customers).
    subscription_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    period_start: Mapped[date | None] = mapped_column(default=None)
    period_end: Mapped[date | None] = mapped_column(default=None)
    late_fee_applied_at: Mapped[datetime | None] = mapped_column(default=None)

    # Loaded explicitly (selectinload) where needed; never lazily.
    items: Mapped[list[InvoiceItem]] = relationship(lazy="raise", order_by="InvoiceItem.position")
    taxes: Mapped[list[InvoiceTax]] = relationship(lazy="raise", order_by="InvoiceTax.level")

    @property
    def balance(self) -> Decimal:
        return self.total - self.amount_paid - self.amount_credited


class InvoiceItem(TenantChildMixin, Base):
    __tablename__ = "invoice_items"
    __table_args__ = (
        tenant_fk(["invoice_id"], "invoices", ondelete="CASCADE"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        Index("ix_invoice_items_invoice", "tenant_id", "invoice_id", "position"),
    )

    invoice_id: Mapped[uuid.UUID]
    position: Mapped[int] = mapped_column(SmallInteger)
    description: Mapped[str] = mapped_column(String(500))
    quantity: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    unit_price: Mapped[Decimal] = mapped_column(Money)
    amount: Mapped[Decimal] = mapped_column(Money)
    taxable: Mapped[bool] = mapped_column(Boolean, default=True)


class InvoiceTax(TenantChildMixin, Base):
    """One tax line of an invoice: the rule (as it was when invoiced), its base and amount."""

    __tablename__ = "invoice_taxes"
    __table_args__ = (
        tenant_fk(["invoice_id"], "invoices", ondelete="CASCADE"),
        Index("ix_invoice_taxes_invoice", "tenant_id", "invoice_id"),
    )

    invoice_id: Mapped[uuid.UUID]
    rule_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    name: Mapped[str] = mapped_column(String(100))
    rate: Mapped[Decimal] = mapped_column(Numeric(7, 4))
    level: Mapped[int] = mapped_column(SmallInteger)
    compound: Mapped[bool] = mapped_column(Boolean, default=False)
    base: Mapped[Decimal] = mapped_column(Money)
    amount: Mapped[Decimal] = mapped_column(Money)


class NumberCounter(Base):
    """Gapless numbering: one row per tenant, series and period, incremented under a row lock in
    the same transaction that uses the number (a rollback gives the number back)."""

    __tablename__ = "number_counters"
    __table_args__ = (CheckConstraint("value > 0", name="value_positive"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True, server_default=text("mpanel_current_tenant()")
    )
    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    value: Mapped[int]
