from __future__ import annotations

import uuid
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, SmallInteger, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mpanel.db.base import Base, Money, TenantMixin, TimestampMixin, str_enum, tenant_fk


class TldAction(StrEnum):
    REGISTER = "register"
    RENEW = "renew"
    TRANSFER = "transfer"


class Tld(TenantMixin, TimestampMixin, Base):
    """A top-level domain (or registry suffix such as "co.uk") the tenant sells, with its price list.
    Stored without the leading dot, lower-case, internationalised TLDs as punycode."""

    __tablename__ = "tlds"
    __table_args__ = (
        UniqueConstraint("tenant_id", "tld"),
        CheckConstraint("tld ~ '^[a-z0-9-]+(\\.[a-z0-9-]+)*$'", name="tld_format"),
        CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency_format"),
        CheckConstraint("redemption_fee >= 0", name="redemption_fee_not_negative"),
        CheckConstraint("grace_days between 0 and 365 and redemption_days between 0 and 365", name="period_days_range"),
    )

    tld: Mapped[str] = mapped_column(String(100))
    currency: Mapped[str] = mapped_column(String(3))
    redemption_fee: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"), server_default=text("0"))
    # gTLDs pay ICANN's per-domain-year fee; ccTLDs do not.
    icann_fee_applies: Mapped[bool] = mapped_column(Boolean)
    # After expiry: days still renewable at the renewal price, then days restorable for the
    # redemption fee, then the name is released (domains/expiry.py).
    grace_days: Mapped[int] = mapped_column(SmallInteger, default=30, server_default=text("30"))
    redemption_days: Mapped[int] = mapped_column(SmallInteger, default=30, server_default=text("30"))
    # The registrar adapter (domains/registrars) that registers names under this TLD.
    registrar: Mapped[str] = mapped_column(String(50), default="manual", server_default=text("'manual'"))

    prices: Mapped[list[TldPrice]] = relationship(lazy="raise", cascade="all, delete-orphan", passive_deletes=True)

    def price_row(self, action: TldAction, years: int) -> TldPrice | None:
        return next((p for p in self.prices if p.action == action and p.years == years), None)


class TldPrice(TenantMixin, Base):
    """The price of registering, renewing or transferring a name for a number of years (1..10),
    in the TLD's currency."""

    __tablename__ = "tld_prices"
    __table_args__ = (
        tenant_fk(["tld_id"], "tlds", ondelete="CASCADE"),
        UniqueConstraint("tenant_id", "tld_id", "action", "years"),
        CheckConstraint("years between 1 and 10", name="years_range"),
        CheckConstraint("price >= 0", name="price_not_negative"),
    )

    tld_id: Mapped[uuid.UUID]
    action: Mapped[TldAction] = mapped_column(str_enum(TldAction))
    years: Mapped[int] = mapped_column(SmallInteger)
    price: Mapped[Decimal] = mapped_column(Money)
