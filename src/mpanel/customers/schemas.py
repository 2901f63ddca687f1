from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import EmailStr, Field, model_validator

from mpanel.core.schema_types import Amount, CountryCode, CurrencyCode
from mpanel.core.schemas import InputSchema, Schema
from mpanel.customers.models import CustomerKind, CustomerStatus
from mpanel.users.schemas import PASSWORD_MAX, PASSWORD_MIN


class _Address(InputSchema):
    phone: str | None = Field(None, max_length=50)
    address_line1: str | None = Field(None, max_length=200)
    address_line2: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=100)
    region: str | None = Field(None, max_length=100)
    postcode: str | None = Field(None, max_length=20)
    vat_id: str | None = Field(None, max_length=32)
    tax_exempt: bool | None = None
    notes: str | None = Field(None, max_length=10_000)


class CustomerCreate(_Address):
    kind: CustomerKind = CustomerKind.PERSON
    name: str = Field(min_length=1, max_length=200)
    company_name: str | None = Field(None, max_length=200)
    email: EmailStr = Field(max_length=320)
    country: CountryCode
    currency: CurrencyCode | None = Field(None, description="Defaults to the tenant's currency")

    @model_validator(mode="after")
    def _company_needs_a_name(self) -> CustomerCreate:
        if self.kind is CustomerKind.COMPANY and not self.company_name:
            raise ValueError("companyName is required for a company")
        return self


class CustomerUpdate(_Address):
    kind: CustomerKind | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    company_name: str | None = Field(None, max_length=200)
    email: EmailStr | None = Field(None, max_length=320)
    country: CountryCode | None = None
    currency: CurrencyCode | None = None
    status: CustomerStatus | None = None


class CustomerOut(Schema):
    id: uuid.UUID
    kind: CustomerKind
    name: str
    company_name: str | None
    email: str
    phone: str | None
    address_line1: str | None
    address_line2: str | None
    city: str | None
    region: str | None
    postcode: str | None
    country: str
    vat_id: str | None
    tax_exempt: bool
    currency: str
    credit_balance: Amount
    status: CustomerStatus
    notes: str
    created_at: datetime


class CreditAdjustment(InputSchema):
    amount: Amount = Field(description="Positive adds credit, negative removes it")
    note: str = Field(min_length=1, max_length=500)


class CreditTransactionOut(Schema):
    id: uuid.UUID
    amount: Amount
    currency: str
    balance_after: Amount
    reason: str
    note: str
    reference_id: uuid.UUID | None
    created_at: datetime


class PortalUserCreate(InputSchema):
    email: EmailStr = Field(max_length=320)
    name: str = Field("", max_length=200)
    password: str = Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)


CustomerSort = Literal["name", "-name", "createdAt", "-createdAt"]
