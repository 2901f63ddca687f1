from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    SmallInteger,
    String,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from mpanel.catalog.tlds.models import TldAction
from mpanel.db.base import Base, Money, TenantMixin, TimestampMixin, str_enum, tenant_fk


class DomainStatus(StrEnum):
    PENDING = "pending"  # asked of the registrar, not confirmed yet
    ACTIVE = "active"
    EXPIRED = "expired"  # past its expiry date, still renewable at the normal price
    GRACE = "grace"  # the registrar's grace period: renewable at the normal price
    REDEMPTION = "redemption"  # deleted by the registry; restorable for the redemption fee
    TRANSFERRED_AWAY = "transferred-away"
    CANCELLED = "cancelled"


class PendingOperation(StrEnum):
    REGISTER = "register"
    TRANSFER = "transfer"
    RENEW = "renew"


# Statuses that no longer hold the name: another registration of it may exist.
RELEASED = (DomainStatus.CANCELLED, DomainStatus.TRANSFERRED_AWAY)


class Domain(TenantMixin, TimestampMixin, Base):
    """A domain name registered (or transferred in) for a customer. `name` is lower-case ASCII
    (punycode); `tld` is the tenant's TLD row it is sold under."""

    __tablename__ = "domains"
    __table_args__ = (
        tenant_fk(["customer_id"], "customers"),
        tenant_fk(["subscription_id"], "subscriptions"),
        ForeignKeyConstraint(["tenant_id", "tld"], ["tlds.tenant_id", "tlds.tld"]),
        Index(
            "uq_domains_tenant_id_name",
            "tenant_id",
            "name",
            unique=True,
            postgresql_where=text("status not in ('cancelled', 'transferred-away')"),
        ),
        Index("ix_domains_tenant_id_customer_id", "tenant_id", "customer_id"),
        Index("ix_domains_tenant_id_expires_at", "tenant_id", "expires_at"),
        CheckConstraint(
            "name = lower(name) and length(name) > length(tld) + 1 and right(name, length(tld) + 1) = '.' || tld",
            name="name_format",
        ),
        CheckConstraint(
            "cardinality(nameservers) = 0 or cardinality(nameservers) between 2 and 13", name="nameserver_count"
        ),
        CheckConstraint(
            "status in ('pending', 'cancelled') or (registered_at is not null and expires_at is not null)",
            name="dates_when_registered",
        ),
        CheckConstraint("expires_at > registered_at", name="expiry_after_registration"),
        CheckConstraint(
            "pending_operation is null or (pending_operation in ('register', 'transfer', 'renew') "
            "and pending_years between 1 and 10)",
            name="pending_operation_valid",
        ),
    )

    name: Mapped[str] = mapped_column(String(253))
    tld: Mapped[str] = mapped_column(String(100))
    customer_id: Mapped[uuid.UUID]
    # The subscription that bills this domain's renewals (same customer; checked by the service).
    subscription_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    status: Mapped[DomainStatus] = mapped_column(str_enum(DomainStatus), default=DomainStatus.PENDING)
    registered_at: Mapped[date | None] = mapped_column(default=None)
    expires_at: Mapped[date | None] = mapped_column(default=None)
    auto_renew: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    nameservers: Mapped[list[str]] = mapped_column(ARRAY(String(253)), default=list, server_default=text("'{}'"))
    # The nameservers above are what the customer wants; true until the registrar has them (a
    # registrar job pushes them; a registration sends them with the name).
    nameservers_pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    registrar: Mapped[str] = mapped_column(String(50))
    registrar_reference: Mapped[str | None] = mapped_column(String(200), default=None)
    # Set when the domain expires, from its TLD's grace and redemption days (domains/expiry.py).
    grace_ends_on: Mapped[date | None] = mapped_column(default=None)
    redemption_ends_on: Mapped[date | None] = mapped_column(default=None)
    # The registrar operation a job still has to carry out (register, transfer, renew) and its term;
    # the transfer's auth code waits here only until the registrar has it.
    pending_operation: Mapped[PendingOperation | None] = mapped_column(str_enum(PendingOperation), default=None)
    pending_years: Mapped[int | None] = mapped_column(SmallInteger, default=None)
    pending_auth_code: Mapped[str | None] = mapped_column(String(200), default=None)
    # The registrar's last failure (the job retries); cleared when an operation succeeds.
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    last_error_at: Mapped[datetime | None] = mapped_column(default=None)


class DomainEvent(TenantMixin, Base):
    """A domain's history: each registrar operation with what it costs the customer (price,
    redemption fee) and each status change."""

    __tablename__ = "domain_events"
    __table_args__ = (
        tenant_fk(["domain_id"], "domains", ondelete="CASCADE"),
        Index("ix_domain_events_tenant_id_domain_id_occurred_at", "tenant_id", "domain_id", "occurred_at"),
        CheckConstraint("price >= 0 and redemption_fee >= 0", name="amounts_not_negative"),
        CheckConstraint("price is null or currency is not null", name="currency_with_price"),
    )

    domain_id: Mapped[uuid.UUID]
    action: Mapped[str] = mapped_column(String(30))  # register, transfer_in, renew, status, nameservers
    from_status: Mapped[DomainStatus | None] = mapped_column(str_enum(DomainStatus), default=None)
    to_status: Mapped[DomainStatus | None] = mapped_column(str_enum(DomainStatus), default=None)
    years: Mapped[int | None] = mapped_column(SmallInteger, default=None)
    price: Mapped[Decimal | None] = mapped_column(Money, default=None)
    redemption_fee: Mapped[Decimal | None] = mapped_column(Money, default=None)
    currency: Mapped[str | None] = mapped_column(String(3), default=None)
    expires_at: Mapped[date | None] = mapped_column(default=None)
    registrar_reference: Mapped[str | None] = mapped_column(String(200), default=None)
    note: Mapped[str] = mapped_column(String(500), default="", server_default=text("''"))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    occurred_at: Mapped[datetime] = mapped_column(server_default=func.clock_timestamp())


class IcannFee(TenantMixin, Base):
    """ICANN's per-domain-year fee owed for a gTLD registration, renewal or transfer (always USD)."""

    __tablename__ = "icann_fees"
    __table_args__ = (
        tenant_fk(["domain_id"], "domains"),
        Index("ix_icann_fees_tenant_id_occurred_at", "tenant_id", "occurred_at"),
        CheckConstraint("years between 1 and 10", name="years_range"),
        CheckConstraint("fee_per_year >= 0 and amount = fee_per_year * years", name="amount_is_fee_times_years"),
        CheckConstraint("currency = 'USD'", name="currency_usd"),
    )

    domain_id: Mapped[uuid.UUID]
    tld: Mapped[str] = mapped_column(String(100))
    action: Mapped[TldAction] = mapped_column(str_enum(TldAction))
    years: Mapped[int] = mapped_column(SmallInteger)
    fee_per_year: Mapped[Decimal] = mapped_column(Money)
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3), default="USD", server_default=text("'USD'"))
    occurred_at: Mapped[datetime] = mapped_column(server_default=func.clock_timestamp())
