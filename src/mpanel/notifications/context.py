"""The variables of each e-mail, read from the rows an outbox entry refers to. Plain dicts of
strings, numbers and booleans: exactly the names `kinds.KINDS` declares (a test compares them)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.billing.invoices.models import Invoice
from mpanel.billing.invoices.pdf import money
from mpanel.billing.payments.models import Payment
from mpanel.billing.subscriptions.models import Subscription
from mpanel.core.time import utcnow
from mpanel.customers.models import Customer
from mpanel.domains.models import Domain
from mpanel.notifications.models import OutboxEmail
from mpanel.notifications.rendering import RenderFailed
from mpanel.tenants.branding import branding
from mpanel.tenants.models import Tenant
from mpanel.users.models import User


async def _row(session: AsyncSession, model: Any, row_id: uuid.UUID | None) -> Any:
    found = await session.scalar(select(model).where(model.id == row_id)) if row_id else None
    if found is None:
        raise RenderFailed(f"the {model.__tablename__[:-1]} this e-mail is about no longer exists")
    return found


def tenant_vars(tenant: Tenant, base_url: str) -> dict[str, Any]:
    brand = branding(tenant.settings)
    return {
        "tenant": {
            "name": brand.legal_name or tenant.name,
            "email": brand.email or "",
            "phone": brand.phone or "",
            "website": brand.website or "",
        },
        "portal_url": f"{base_url}/portal",
    }


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def invoice_vars(invoice: Invoice, base_url: str) -> dict[str, Any]:
    url = f"{base_url}/portal/invoices/{invoice.id}"
    return {
        "invoice": {
            "number": invoice.number or "",
            "status": invoice.status.value,
            "currency": invoice.currency,
            "total": money(invoice.total, invoice.currency),
            "amount_paid": money(invoice.amount_paid, invoice.currency),
            "balance": money(invoice.balance, invoice.currency),
            "issue_date": _iso(invoice.issue_date),
            "due_date": _iso(invoice.due_date),
            "url": url,
        },
        "pay_url": url,
    }


def user_vars(user: User) -> dict[str, Any]:
    return {"user": {"name": user.name, "email": user.email, "role": user.role.value}}


async def build(
    session: AsyncSession, email: OutboxEmail, tenant: Tenant, base_url: str, *, reset_ttl_minutes: int
) -> dict[str, Any]:
    context = tenant_vars(tenant, base_url)
    kind = email.kind
    if kind.startswith("user."):
        context |= user_vars(await _row(session, User, email.user_id))
        if kind == "user.welcome":
            context["login_url"] = f"{base_url}/login"
        else:
            context |= {
                "reset_url": f"{base_url}/reset-password?token={email.secret}",
                "expires_minutes": reset_ttl_minutes,
            }
        return context
    customer: Customer = await _row(session, Customer, email.customer_id)
    context["customer"] = {"name": customer.name, "company_name": customer.company_name or "", "email": customer.email}
    if kind.startswith(("invoice.", "payment.")):
        invoice: Invoice = await _row(session, Invoice, email.invoice_id)
        context |= invoice_vars(invoice, base_url)
        if kind == "invoice.overdue":
            context["days_overdue"] = max(0, (utcnow().date() - invoice.due_date).days)
        if kind == "payment.received":
            payment: Payment = await _row(session, Payment, email.payment_id)
            context["payment"] = {
                "amount": money(payment.amount, payment.currency),
                "method": payment.method.value.replace("_", " "),
                "reference": payment.reference,
                "received_at": payment.received_at.date().isoformat(),
            }
    elif kind.startswith("subscription."):
        subscription: Subscription = await _row(session, Subscription, email.subscription_id)
        context["subscription"] = {
            "description": subscription.description,
            "status": subscription.status.value,
            "next_billing_date": _iso(subscription.next_billing_date),
        }
    elif kind == "domain.renewal_reminder":
        domain: Domain = await _row(session, Domain, email.domain_id)
        context["domain"] = {
            "name": domain.name,
            "expires_on": _iso(domain.expires_at),
            "auto_renew": domain.auto_renew,
            "days_left": (domain.expires_at - utcnow().date()).days if domain.expires_at else 0,
        }
    return context
