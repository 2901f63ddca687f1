"""Invoice PDFs: Jinja2 -> HTML -> WeasyPrint.

An issued invoice's PDF is rendered once per content and kept in object storage under
`tenants/{tenant}/invoices/{invoice}/{number}-{digest}.pdf`, where the digest is that of the
HTML it was rendered from: asking again serves the stored file, and a change that shows on the
document (a payment, a late fee, the status) gives a new file beside the old one. Drafts are
rendered on the fly and never stored. WeasyPrint may fetch nothing but `data:` URLs (the logo
is inlined), so a template can never reach the network or the file system."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import weasyprint
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.auth.principal import Principal
from mpanel.billing.invoices import service as invoices
from mpanel.billing.invoices.models import Invoice, InvoiceStatus
from mpanel.billing.payments.models import Payment
from mpanel.core.codes import country_name
from mpanel.core.money import minor_units, round_minor
from mpanel.customers import service as customers
from mpanel.customers.models import Customer
from mpanel.storage import ObjectMissing, ObjectStore
from mpanel.tenants import service as tenants
from mpanel.tenants.branding import branding

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class InvoicePdf:
    filename: str
    data: bytes
    key: str | None  # where it is stored; None for a draft


def money(amount: Decimal, currency: str) -> str:
    """1234.5 EUR -> "1,234.50 EUR" (rounded to the currency's minor unit)."""
    return f"{round_minor(amount, currency):,.{minor_units(currency)}f} {currency}"


def percent(rate: Decimal) -> str:
    text = format(rate.normalize(), "f")
    return f"{text}%"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("mpanel.billing.invoices", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = money
    env.filters["percent"] = percent
    env.filters["country"] = country_name
    return env


def render_html(context: dict[str, Any]) -> str:
    return _environment().get_template("invoice.html").render(context)


def html_to_pdf(html: str) -> bytes:
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, timeout=5)
    pdf: bytes = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf


def safe_name(text: str) -> str:
    return _UNSAFE.sub("-", text).strip("-.") or "invoice"


async def _context(session: AsyncSession, actor: Principal, store: ObjectStore, invoice: Invoice) -> dict[str, Any]:
    tenant = await tenants.own(session)
    customer: Customer = await customers.get(session, Principal.system(tenant.id), invoice.customer_id)
    logo = await tenants.logo(store, tenant)
    paid = list(
        await session.scalars(
            select(Payment).where(Payment.invoice_id == invoice.id).order_by(Payment.received_at, Payment.id)
        )
    )
    return {
        "tenant": tenant,
        "branding": branding(tenant.settings),
        "logo": f"data:{logo.content_type};base64,{base64.b64encode(logo.data).decode()}" if logo else None,
        "customer": customer,
        "invoice": invoice,
        "payments": paid,
        "refunded": sum((p.refunded for p in paid), Decimal(0)),
        "draft": invoice.status is InvoiceStatus.DRAFT,
    }


async def document(session: AsyncSession, actor: Principal, store: ObjectStore, invoice_id: Any) -> InvoicePdf:
    """The invoice as a PDF: from object storage when this content was rendered before."""
    invoice = await invoices.get(session, actor, invoice_id, detail=True)
    html = render_html(await _context(session, actor, store, invoice))
    if invoice.status is InvoiceStatus.DRAFT or invoice.number is None:
        return InvoicePdf(f"draft-{invoice.id}.pdf", await asyncio.to_thread(html_to_pdf, html), None)
    number = safe_name(invoice.number)
    digest = hashlib.sha256(html.encode()).hexdigest()[:16]
    key = f"tenants/{invoice.tenant_id}/invoices/{invoice.id}/{number}-{digest}.pdf"
    try:
        data = await store.get(key)
    except ObjectMissing:
        data = await asyncio.to_thread(html_to_pdf, html)
        await store.put(key, data, content_type="application/pdf")
    return InvoicePdf(f"{number}.pdf", data, key)
