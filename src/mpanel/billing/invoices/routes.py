from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from mpanel.auth.deps import Requires, TenantSession
from mpanel.auth.permissions import Permission
from mpanel.auth.principal import Principal
from mpanel.billing.invoices import pdf
from mpanel.billing.invoices import service as invoices
from mpanel.billing.invoices.models import Invoice, InvoiceStatus
from mpanel.billing.invoices.schemas import ApplyCredit, InvoiceCreate, InvoiceOut, InvoiceSort, InvoiceSummaryOut
from mpanel.billing.payments import service as payments
from mpanel.billing.payments.models import Payment
from mpanel.billing.payments.schemas import PaymentAttemptOut, PaymentOut
from mpanel.core.errors import Forbidden, Invalid, NotFound, Unauthorized
from mpanel.core.schemas import Page
from mpanel.db.pagination import DEFAULT_LIMIT
from mpanel.http.deps import Store
from mpanel.http.params import Cursor, Limit, SortParam
from mpanel.http.routing import TransactionalRoute, errors

router = APIRouter(prefix="/invoices", tags=["invoices"], route_class=TransactionalRoute)
COMMON = errors(Unauthorized, Forbidden)
Reader = Annotated[Principal, Requires(Permission.INVOICES_READ)]
Writer = Annotated[Principal, Requires(Permission.INVOICES_WRITE)]


@router.get("", response_model=Page[InvoiceSummaryOut], operation_id="invoices-list", responses=COMMON)
async def list_invoices(
    session: TenantSession,
    actor: Reader,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    status: InvoiceStatus | None = None,
    customer_id: Annotated[uuid.UUID | None, Query(alias="customerId")] = None,
    due_before: Annotated[date | None, Query(alias="dueBefore")] = None,
    number: Annotated[str | None, Query(max_length=64, description="Invoice number starts with")] = None,
    sort: SortParam[InvoiceSort] = None,
) -> Page[InvoiceSummaryOut]:
    items, next_cursor = await invoices.list_invoices(
        session,
        actor,
        limit=limit,
        cursor=cursor,
        status=status,
        customer_id=customer_id,
        due_before=due_before,
        number=number,
        sort=sort,
    )
    return Page[InvoiceSummaryOut](items=[InvoiceSummaryOut.model_validate(i) for i in items], next_cursor=next_cursor)


@router.post(
    "",
    response_model=InvoiceOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="invoices-create",
    responses=COMMON | errors(Invalid, invoices.InvoiceNumberTaken),
)
async def create_invoice(data: InvoiceCreate, session: TenantSession, actor: Writer) -> Invoice:
    return await invoices.create(session, actor, data)


@router.get(
    "/{invoice_id}", response_model=InvoiceOut, operation_id="invoices-get", responses=COMMON | errors(NotFound)
)
async def get_invoice(invoice_id: uuid.UUID, session: TenantSession, actor: Reader) -> Invoice:
    return await invoices.get(session, actor, invoice_id, detail=True)


@router.get(
    "/{invoice_id}/pdf",
    response_class=Response,
    operation_id="invoices-pdf",
    responses=COMMON | errors(NotFound) | {200: {"content": {"application/pdf": {}}, "description": "The PDF"}},
)
async def get_invoice_pdf(invoice_id: uuid.UUID, session: TenantSession, actor: Reader, store: Store) -> Response:
    """The invoice as a PDF (issued invoices are served from object storage)."""
    document = await pdf.document(session, actor, store, invoice_id)
    return Response(
        document.data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{document.filename}"', "Cache-Control": "private"},
    )


@router.post(
    "/{invoice_id}/issue",
    response_model=InvoiceOut,
    operation_id="invoices-issue",
    responses=COMMON | errors(NotFound, invoices.InvoiceNotDraft),
)
async def issue_invoice(invoice_id: uuid.UUID, session: TenantSession, actor: Writer) -> Invoice:
    return await invoices.issue(session, actor, invoice_id)


@router.post(
    "/{invoice_id}/cancel",
    response_model=InvoiceOut,
    operation_id="invoices-cancel",
    responses=COMMON | errors(NotFound, invoices.InvoiceNotOpen, invoices.InvoiceHasPayments),
)
async def cancel_invoice(invoice_id: uuid.UUID, session: TenantSession, actor: Writer) -> Invoice:
    return await invoices.cancel(session, actor, invoice_id)


@router.post(
    "/{invoice_id}/apply-credit",
    response_model=PaymentOut,
    status_code=status.HTTP_201_CREATED,
    operation_id="invoices-apply-credit",
    responses=COMMON | errors(NotFound, invoices.InvoiceNotOpen, invoices.NoCreditAvailable),
)
async def apply_credit(
    invoice_id: uuid.UUID,
    session: TenantSession,
    actor: Annotated[Principal, Requires(Permission.PAYMENTS_WRITE)],
    data: ApplyCredit | None = None,
) -> Payment:
    return await payments.apply_credit(session, actor, invoice_id, data.amount if data else None)


@router.get(
    "/{invoice_id}/payment-attempts",
    response_model=list[PaymentAttemptOut],
    operation_id="invoices-payment-attempts",
    responses=COMMON | errors(NotFound),
)
async def list_payment_attempts(
    invoice_id: uuid.UUID, session: TenantSession, actor: Reader
) -> list[PaymentAttemptOut]:
    """Card charges tried for the invoice (auto-charges on the dunning schedule and portal payments)."""
    return [PaymentAttemptOut.model_validate(a) for a in await payments.list_attempts(session, actor, invoice_id)]
