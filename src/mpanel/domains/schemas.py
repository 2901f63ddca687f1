from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, computed_field, field_validator

from mpanel.catalog.tlds.models import TldAction
from mpanel.catalog.tlds.schemas import Years
from mpanel.core.hostnames import to_ascii, to_unicode
from mpanel.core.schema_types import Amount
from mpanel.core.schemas import InputSchema, Schema
from mpanel.domains.models import DomainStatus, PendingOperation

MAX_NAMESERVERS = 13


def _domain(value: str) -> str:
    return to_ascii(value, min_labels=2)


# What a person types ("Bücher.de"); stored as lower-case punycode ("xn--bcher-kva.de").
DomainName = Annotated[str, Field(min_length=1, max_length=254), AfterValidator(_domain)]
Hostname = Annotated[str, Field(min_length=1, max_length=254), AfterValidator(_domain)]


def _nameservers(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    if len(set(value)) != len(value):
        raise ValueError("each nameserver may appear only once")
    if len(value) == 1:
        raise ValueError("give at least two nameservers (or none for the registrar's defaults)")
    return value


Nameservers = Annotated[list[Hostname], Field(max_length=MAX_NAMESERVERS), AfterValidator(_nameservers)]


class DomainRegister(InputSchema):
    name: DomainName
    customer_id: uuid.UUID
    years: Years = 1
    nameservers: Nameservers = Field(default_factory=list)
    auto_renew: bool = True
    subscription_id: uuid.UUID | None = None


class DomainTransfer(DomainRegister):
    auth_code: str | None = Field(
        None, max_length=255, description="The EPP code from the losing registrar; passed on, never stored"
    )
    current_expiry: date | None = Field(
        None, description="The expiry at the losing registrar; the transfer adds `years` to it (default today)"
    )


class DomainRenew(InputSchema):
    years: Years = 1


class DomainStatusChange(InputSchema):
    status: Literal["expired", "grace", "redemption", "transferred-away", "cancelled"]
    note: str = Field("", max_length=500)


class DomainUpdate(InputSchema):
    auto_renew: bool | None = None
    nameservers: Nameservers | None = None
    subscription_id: uuid.UUID | None = None


class DomainOut(Schema):
    id: uuid.UUID
    name: str
    tld: str
    customer_id: uuid.UUID
    subscription_id: uuid.UUID | None
    status: DomainStatus
    registered_at: date | None
    expires_at: date | None
    auto_renew: bool
    nameservers: list[str] = Field(description="The nameservers wanted (empty: the registrar's defaults)")
    nameservers_pending: bool = Field(
        description="The nameservers changed and the registrar job has not confirmed them yet (see lastError)"
    )
    registrar: str
    registrar_reference: str | None
    grace_ends_on: date | None = Field(description="Last day renewable at the renewal price, set on expiry")
    redemption_ends_on: date | None = Field(description="Last day restorable for the redemption fee")
    pending_operation: PendingOperation | None = Field(description="Registrar work a job still has to do")
    last_error: str | None = Field(description="The registrar's last failure; the job retries")
    last_error_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def unicode_name(self) -> str:
        """The name as people read it ("bücher.de")."""
        return to_unicode(self.name)


class DomainEventOut(Schema):
    id: uuid.UUID
    action: str
    from_status: DomainStatus | None
    to_status: DomainStatus | None
    years: int | None
    price: Amount | None
    redemption_fee: Amount | None
    currency: str | None
    expires_at: date | None
    registrar_reference: str | None
    note: str
    occurred_at: datetime


class DomainOperationOut(Schema):
    """A registrar operation: the domain after it, and the event that records what it costs."""

    domain: DomainOut
    event: DomainEventOut


class DomainQuoteOut(Schema):
    name: str
    tld: str
    action: TldAction
    years: int
    price: Amount
    currency: str
    icann_fee_applies: bool


class IcannFeePeriod(Schema):
    month: str = Field(description="YYYY-MM (UTC)")
    operations: int
    domain_years: int
    amount: Amount


class IcannFeeReport(Schema):
    from_: date = Field(alias="from")
    to: date
    currency: str
    months: list[IcannFeePeriod]
    operations: int
    domain_years: int
    amount: Amount

    @field_validator("months")
    @classmethod
    def _chronological(cls, months: list[IcannFeePeriod]) -> list[IcannFeePeriod]:
        return sorted(months, key=lambda m: m.month)


DomainSort = Literal["name", "-name", "expiresAt", "-expiresAt", "createdAt", "-createdAt"]
