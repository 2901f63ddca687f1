"""What can be e-mailed: each kind, who receives it, and the variables its templates may use
(with the sample values the editor's preview and the template check render with). Pure data."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Kind:
    key: str
    title: str
    description: str
    variables: dict[str, Any] = field(default_factory=dict)
    attach_invoice_pdf: bool = False


_TENANT = {
    "tenant": {
        "name": "Example Hosting Ltd",
        "email": "billing@example-hosting.test",
        "phone": "+44 20 7946 0000",
        "website": "https://example-hosting.test",
    },
    "portal_url": "https://panel.example-hosting.test/portal",
}
_CUSTOMER = {"customer": {"name": "Ada Lovelace", "company_name": "Analytical Engines Ltd", "email": "ada@example.com"}}
_INVOICE = {
    "invoice": {
        "number": "INV-2026-000042",
        "status": "unpaid",
        "currency": "EUR",
        "total": "119.00 EUR",
        "amount_paid": "0.00 EUR",
        "balance": "119.00 EUR",
        "issue_date": "2026-11-01",
        "due_date": "2026-11-15",
        "url": "https://panel.example-hosting.test/portal/invoices/9d2c7a4e",
    },
    "pay_url": "https://panel.example-hosting.test/portal/invoices/9d2c7a4e",
}
_SUBSCRIPTION = {
    "subscription": {"description": "Business Hosting", "status": "suspended", "next_billing_date": "2026-12-01"}
}
_USER = {"user": {"name": "Grace Hopper", "email": "grace@example.com", "role": "admin"}}


def _kinds() -> list[Kind]:
    return [
        Kind(
            "invoice.created",
            "Invoice created",
            "A new invoice (the PDF is attached).",
            _TENANT | _CUSTOMER | _INVOICE,
            attach_invoice_pdf=True,
        ),
        Kind(
            "invoice.reminder",
            "Payment reminder",
            "An unpaid invoice is due in a few days.",
            _TENANT | _CUSTOMER | _INVOICE,
        ),
        Kind(
            "invoice.overdue",
            "Overdue reminder",
            "An invoice is past its due date (sent at each configured step).",
            _TENANT | _CUSTOMER | _INVOICE | {"days_overdue": 5},
        ),
        Kind(
            "payment.received",
            "Payment received",
            "A payment was recorded against an invoice.",
            _TENANT
            | _CUSTOMER
            | _INVOICE
            | {
                "payment": {
                    "amount": "119.00 EUR",
                    "method": "bank transfer",
                    "reference": "TRX-1",
                    "received_at": "2026-11-10",
                }
            },
        ),
        Kind(
            "payment.failed",
            "Payment failed",
            "Charging the stored payment method failed: the customer should pay by hand.",
            _TENANT | _CUSTOMER | _INVOICE,
        ),
        Kind(
            "payment.action_required",
            "Payment needs action",
            "The bank asks the customer to confirm the payment (3-D Secure).",
            _TENANT | _CUSTOMER | _INVOICE,
        ),
        Kind(
            "subscription.suspended",
            "Service suspended",
            "A service was suspended for non-payment.",
            _TENANT | _CUSTOMER | _SUBSCRIPTION,
        ),
        Kind(
            "subscription.unsuspended",
            "Service unsuspended",
            "A suspended service is active again.",
            _TENANT | _CUSTOMER | {"subscription": {**_SUBSCRIPTION["subscription"], "status": "active"}},
        ),
        Kind(
            "domain.renewal_reminder",
            "Domain renewal reminder",
            "A domain expires soon (30 and 7 days before by default).",
            _TENANT
            | _CUSTOMER
            | {"domain": {"name": "example.com", "expires_on": "2026-12-24", "auto_renew": True, "days_left": 30}},
        ),
        Kind(
            "user.welcome",
            "Welcome",
            "A new portal login or staff account.",
            _TENANT | _USER | {"login_url": "https://panel.example-hosting.test/login"},
        ),
        Kind(
            "user.password_reset",
            "Password reset",
            "The link to choose a new password (single use, short-lived).",
            _TENANT
            | _USER
            | {"reset_url": "https://panel.example-hosting.test/reset-password?token=sample", "expires_minutes": 30},
        ),
    ]


KINDS: dict[str, Kind] = {k.key: k for k in _kinds()}
# Billing event kinds e-mailed to the customer: the trigger in migration 20261125_0008 lists the same.
EVENT_KINDS = tuple(k for k in KINDS if not k.startswith("user."))
PARTS = ("subject", "html", "text")


@dataclass(frozen=True)
class TemplateSource:
    subject: str
    html: str
    text: str


@cache
def default_template(kind: str) -> TemplateSource:
    """The shipped default: notifications/defaults/<kind>.{subject.txt,html,txt}."""
    folder = resources.files("mpanel.notifications") / "defaults"
    return TemplateSource(
        subject=(folder / f"{kind}.subject.txt").read_text().strip(),
        html=(folder / f"{kind}.html").read_text(),
        text=(folder / f"{kind}.txt").read_text(),
    )
