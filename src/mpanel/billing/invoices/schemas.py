from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from mpanel.billing.invoices.models import InvoiceStatus
from mpanel.billing.tax.schemas import Percent
from mpanel.core.schema_types import Amount, CurrencyCode, matching
from mpanel.core.schemas import InputSchema, Schema


def _quantity(value: Decimal) -> Decimal:
    if not Decimal(0) < value <= Decimal(1_000_000):
        raise ValueError("quantity must be more than 0 and at most 1000000")
    return value


Quantity = Annotated[Amount, AfterValidator(_quantity)]


class InvoiceItemIn(InputSchema):
    description: str = Field(min_length=1, max_length=500)
    quantity: Quantity = Decimal(1)
    unit_price: Amount
    amount: Amount | None = Field(None, description="Must equal quantity x unitPrice (rounded) when given")
    taxable: bool = True


INVOICE_NUMBER = r"^[A-Za-z0-9._/-]+$"
InvoiceNumber = Annotated[
    str,
    Field(min_length=1, max_length=64, json_schema_extra={"pattern": INVOICE_NUMBER}),
    AfterValidator(matching(INVOICE_NUMBER, "Use only letters, digits and . _ / - (no spaces).")),
]


class InvoiceCreate(InputSchema):
    customer_id: uuid.UUID
    invoice_number: InvoiceNumber | None = None
    items: list[InvoiceItemIn] = Field(min_length=1, max_length=500)
    tax_rate: Percent | None = Field(None, description="Overrides the tax rules with one rate")
    due_date: date | None = Field(None, description="Defaults to the issue date plus the payment terms")
    issue_date: date | None = None
    currency: CurrencyCode | None = Field(None, description="Must be the customer's currency when given")
    notes: str = Field("", max_length=5000)
    draft: bool = False


class ApplyCredit(InputSchema):
    amount: Amount | None = Field(None, description="Defaults to as much as covers the balance")


class InvoiceItemOut(Schema):
    id: uuid.UUID
    position: int
    description: str
    quantity: Amount
    unit_price: Amount
    amount: Amount
    taxable: bool


class InvoiceTaxOut(Schema):
    rule_id: uuid.UUID | None
    name: str
    rate: Amount
    level: int
    compound: bool
    base: Amount
    amount: Amount


class InvoiceOut(Schema):
    id: uuid.UUID
    invoice_number: str | None = Field(validation_alias="number")
    customer_id: uuid.UUID
    status: InvoiceStatus
    currency: str
    issue_date: date | None
    due_date: date
    subtotal: Amount
    tax_total: Amount
    total: Amount
    amount_paid: Amount
    amount_credited: Amount
    balance: Amount
    prices_include_tax: bool
    tax_note: str | None
    notes: str
    paid_at: datetime | None
    cancelled_at: datetime | None
    created_at: datetime
    items: list[InvoiceItemOut] = []
    taxes: list[InvoiceTaxOut] = []


class InvoiceSummaryOut(Schema):
    id: uuid.UUID
    invoice_number: str | None = Field(validation_alias="number")
    customer_id: uuid.UUID
    status: InvoiceStatus
    currency: str
    issue_date: date | None
    due_date: date
    total: Amount
    balance: Amount
    created_at: datetime


InvoiceSort = Literal["number", "-number", "dueDate", "-dueDate", "total", "-total", "createdAt", "-createdAt"]
