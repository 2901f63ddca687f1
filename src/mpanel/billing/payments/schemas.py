from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from mpanel.billing.payments.models import AttemptStatus, AttemptTrigger, PaymentMethod, PaymentStatus
from mpanel.core.schema_types import Amount, CurrencyCode
from mpanel.core.schemas import InputSchema, Schema


def _positive(value: object) -> object:
    if value is not None and value <= 0:  # type: ignore[operator]
        raise ValueError("must be more than 0")
    return value


PositiveAmount = Annotated[Amount, AfterValidator(_positive)]


class PaymentCreate(InputSchema):
    invoice_id: uuid.UUID
    amount: PositiveAmount
    method: PaymentMethod = PaymentMethod.BANK_TRANSFER
    currency: CurrencyCode | None = Field(None, description="Must be the invoice's currency when given")
    reference: str = Field("", max_length=200)
    received_at: datetime | None = None


class RefundCreate(InputSchema):
    amount: PositiveAmount | None = Field(None, description="Defaults to everything still refundable")
    reason: str = Field(min_length=1, max_length=500)
    to_account_credit: bool = Field(False, description="Credit the customer's account instead of paying back")


class PaymentOut(Schema):
    id: uuid.UUID
    customer_id: uuid.UUID
    invoice_id: uuid.UUID
    amount: Amount
    applied: Amount
    refunded: Amount
    currency: str
    method: PaymentMethod
    status: PaymentStatus
    gateway: str
    reference: str
    received_at: datetime
    created_at: datetime


class CreditNoteOut(Schema):
    id: uuid.UUID
    number: str
    invoice_id: uuid.UUID
    customer_id: uuid.UUID
    amount: Amount
    currency: str
    reason: str
    created_at: datetime


class RefundOut(Schema):
    id: uuid.UUID
    payment_id: uuid.UUID
    amount: Amount
    currency: str
    to_account_credit: bool
    reason: str
    created_at: datetime
    credit_note: CreditNoteOut


class PaymentAttemptOut(Schema):
    id: uuid.UUID
    invoice_id: uuid.UUID
    trigger: AttemptTrigger
    attempt_no: int | None
    scheduled_for: date | None
    status: AttemptStatus
    amount: Amount
    currency: str
    gateway: str
    gateway_reference: str | None
    failure_code: str | None
    failure_message: str | None
    attempted_at: datetime | None
    payment_id: uuid.UUID | None
    created_at: datetime


PaymentSort = Literal["amount", "-amount", "receivedAt", "-receivedAt", "createdAt", "-createdAt"]
CreditNoteSort = Literal["number", "-number", "amount", "-amount", "createdAt", "-createdAt"]
