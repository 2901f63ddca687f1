from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from mpanel.auth.deps import Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.billing.invoices.service import InvoiceNotOpen
from mpanel.billing.payments import service as payments
from mpanel.billing.payments.gateways.stripe import GatewayFailed
from mpanel.billing.payments.models import Payment
from mpanel.billing.payments.schemas import (
    CreditNoteOut,
    CreditNoteSort,
    PaymentCreate,
    PaymentOut,
    PaymentSort,
    RefundCreate,
    RefundOut,
)
from mpanel.billing.stripe.accounts import StripeNotConfigured
from mpanel.billing.stripe.deps import Platform
from mpanel.core.errors import Forbidden, Invalid, NotFound, Unauthorized
from mpanel.core.schemas import Page
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.http.params import Cursor, Limit, SortParam
from mpanel.http.routing import TransactionalRoute, errors

router = APIRouter(tags=["payments"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)
Reader = Annotated[Principal, Requires(Permission.PAYMENTS_READ)]


@router.get("/payments", response_model=Page[PaymentOut], operation_id="payments-list", responses=COMMON)
async def list_payments(
    session: TenantSession,
    actor: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    invoice_id: Annotated[uuid.UUID | None, Query(alias="invoiceId")] = None,
    customer_id: Annotated[uuid.UUID | None, Query(alias="customerId")] = None,
    sort: SortParam[PaymentSort] = None,
) -> Page[PaymentOut]:
    items, next_cursor = await payments.list_payments(
        session, actor, limit=limit, cursor=cursor, sort=sort, invoice_id=invoice_id, customer_id=customer_id
    )
    return Page[PaymentOut](items=[PaymentOut.model_validate(p) for p in items], next_cursor=next_cursor)


@router.post(
    "/payments",
    response_model=PaymentOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="payments-create",
    responses=COMMON | errors(Invalid, InvoiceNotOpen, payments.CurrencyMismatch),
)
async def record_payment(
    data: PaymentCreate, session: TenantSession, actor: Annotated[Principal, Requires(Permission.PAYMENTS_WRITE)]
) -> Payment:
    return await payments.record(session, actor, data)


@router.get(
    "/payments/{payment_id}",
    response_model=PaymentOut,
    operation_id="payments-get",
    responses=COMMON | errors(NotFound),
)
async def get_payment(payment_id: uuid.UUID, session: TenantSession, actor: Reader) -> Payment:
    return await payments.get(session, actor, payment_id)


@router.post(
    "/payments/{payment_id}/refund",
    response_model=RefundOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="payments-refund",
    responses=COMMON
    | errors(NotFound, payments.NothingToRefund, payments.RefundTooLarge, StripeNotConfigured, GatewayFailed),
)
async def refund_payment(
    payment_id: uuid.UUID,
    data: RefundCreate,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.PAYMENTS_REFUND)],
    platform: Platform,
) -> RefundOut:
    """Card payments are refunded through Stripe (unless `toAccountCredit`); offline ones are recorded."""
    result = await payments.refund(session, actor, payment_id, data, platform=platform)
    refund = result.refund
    return RefundOut(
        id=refund.id,
        payment_id=refund.payment_id,
        amount=refund.amount,
        currency=refund.currency,
        to_account_credit=refund.to_account_credit,
        reason=refund.reason,
        created_at=refund.created_at,
        credit_note=CreditNoteOut.model_validate(result.credit_note),
    )


@router.get("/credit-notes", response_model=Page[CreditNoteOut], operation_id="credit-notes-list", responses=COMMON)
async def list_credit_notes(
    session: TenantSession,
    actor: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    invoice_id: Annotated[uuid.UUID | None, Query(alias="invoiceId")] = None,
    sort: SortParam[CreditNoteSort] = None,
) -> Page[CreditNoteOut]:
    items, next_cursor = await payments.list_credit_notes(
        session, actor, limit=limit, cursor=cursor, sort=sort, invoice_id=invoice_id
    )
    return Page[CreditNoteOut](items=[CreditNoteOut.model_validate(c) for c in items], next_cursor=next_cursor)
