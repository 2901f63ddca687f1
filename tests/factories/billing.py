from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.auth.principal import Principal
from mpanel.billing.invoices import service as invoices
from mpanel.billing.invoices.models import Invoice
from mpanel.billing.invoices.schemas import InvoiceCreate
from mpanel.billing.payments import service as payments
from mpanel.billing.payments.models import Payment
from mpanel.billing.payments.schemas import PaymentCreate
from mpanel.billing.subscriptions import service as subscriptions
from mpanel.billing.subscriptions.models import Subscription
from mpanel.billing.subscriptions.schemas import SubscriptionCreate
from mpanel.billing.tax import service as tax_rules
from mpanel.billing.tax.models import TaxRule
from mpanel.billing.tax.schemas import TaxRuleCreate
from mpanel.db.session import tenant_session


async def make_tax_rule(sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, **fields: Any) -> TaxRule:
    values: dict[str, Any] = {"name": "VAT", "country": "GB", "rate": "20", **fields}
    async with tenant_session(sessionmaker, tenant_id) as session:
        return await tax_rules.create(session, Principal.system(tenant_id), TaxRuleCreate.model_validate(values))


async def make_invoice(
    sessionmaker: async_sessionmaker[AsyncSession],
    tenant_id: uuid.UUID,
    customer_id: uuid.UUID,
    *,
    total: str = "10.00",
    **fields: Any,
) -> Invoice:
    values: dict[str, Any] = {
        "customerId": customer_id,
        "items": [{"description": "Hosting", "quantity": 1, "unitPrice": total}],
        "taxRate": "0",
        **fields,
    }
    async with tenant_session(sessionmaker, tenant_id) as session:
        return await invoices.create(session, Principal.system(tenant_id), InvoiceCreate.model_validate(values))


async def make_payment(
    sessionmaker: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID, invoice_id: uuid.UUID, amount: Decimal | str
) -> Payment:
    async with tenant_session(sessionmaker, tenant_id) as session:
        data = PaymentCreate.model_validate({"invoiceId": invoice_id, "amount": amount})
        return await payments.record(session, Principal.system(tenant_id), data)


async def make_subscription(
    sessionmaker: async_sessionmaker[AsyncSession],
    tenant_id: uuid.UUID,
    customer_id: uuid.UUID,
    product_id: uuid.UUID,
    **fields: Any,
) -> Subscription:
    values: dict[str, Any] = {
        "customerId": customer_id,
        "productId": product_id,
        "billingCycle": "monthly",
        "nextBillingDate": "2026-03-15",
        **fields,
    }
    async with tenant_session(sessionmaker, tenant_id) as session:
        return await subscriptions.create(
            session, Principal.system(tenant_id), SubscriptionCreate.model_validate(values)
        )
