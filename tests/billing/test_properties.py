"""Hypothesis properties of the money flows, on the real services and database: whatever
sequence of payments, refunds, credit grants and credit applications happens, paid + credited +
balance = total, the balance and the customer's credit never go negative, and the credit equals
its ledger."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from mpanel.auth.principal import Principal
from mpanel.billing.invoices.models import Invoice
from mpanel.billing.payments import service as payments
from mpanel.billing.payments.models import Payment
from mpanel.billing.payments.schemas import PaymentCreate, RefundCreate
from mpanel.core.errors import AppError
from mpanel.customers import service as customers
from mpanel.customers.models import CreditTransaction, Customer
from mpanel.db.engine import create_engine, create_sessionmaker
from mpanel.db.session import tenant_session
from mpanel.db.urls import DatabaseUrls
from tests.factories.billing import make_invoice
from tests.factories.customers import make_customer
from tests.factories.tenants import make_tenant

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("400"), places=2)
steps = st.lists(st.tuples(st.sampled_from(["pay", "refund", "grant", "apply"]), amounts), min_size=1, max_size=8)


async def _walk(database: DatabaseUrls, total: Decimal, actions: list[tuple[str, Decimal]]) -> None:
    engine = create_engine(database.app, pool_size=1)
    sessionmaker = create_sessionmaker(engine)
    try:
        tenant = await make_tenant(sessionmaker)
        actor = Principal.system(tenant.id)
        customer = await make_customer(sessionmaker, tenant.id)
        invoice = await make_invoice(sessionmaker, tenant.id, customer.id, total=str(total))
        for action, amount in actions:
            try:
                async with tenant_session(sessionmaker, tenant.id) as session:
                    if action == "pay":
                        data = PaymentCreate.model_validate({"invoiceId": invoice.id, "amount": amount})
                        await payments.record(session, actor, data)
                    elif action == "grant":
                        await customers.adjust_credit(session, actor, customer.id, amount, reason="manual")
                    elif action == "apply":
                        await payments.apply_credit(session, actor, invoice.id)
                    else:
                        paid = await session.scalar(
                            select(Payment.id).where(Payment.invoice_id == invoice.id).order_by(Payment.created_at)
                        )
                        if paid is not None:
                            await payments.refund(session, actor, paid, RefundCreate(amount=amount, reason="r"))
            except AppError as refused:  # a refused step is part of the walk, never a 5xx
                status = refused.status
                assert status in (409, 422)
            async with tenant_session(sessionmaker, tenant.id) as session:
                row = await session.scalar(select(Invoice).where(Invoice.id == invoice.id))
                credit = await session.scalar(select(Customer.credit_balance).where(Customer.id == customer.id))
                ledger = await session.scalar(select(func.coalesce(func.sum(CreditTransaction.amount), 0)))
            assert row is not None
            assert row.amount_paid + row.amount_credited + row.balance == row.total
            assert row.balance >= 0
            assert credit is not None
            assert credit >= 0
            assert credit == ledger
    finally:
        await engine.dispose()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(total=amounts, actions=steps)
def test_money_invariants_hold_for_any_sequence(
    database: DatabaseUrls, total: Decimal, actions: list[tuple[str, Decimal]]
) -> None:
    asyncio.run(_walk(database, total, actions))
