"""A tenant's billing settings: kept in `tenants.settings["billing"]`, read through this model so
every field has its default and its type."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from mpanel.billing.invoices.numbering_format import validate_template
from mpanel.core.schema_types import Amount, CountryCode
from mpanel.core.schemas import Schema


class BillingSettings(Schema):
    # Where the tenant sells from (for EU VAT: reverse charge and OSS); unset means domestic only.
    country: CountryCode | None = None
    oss_enabled: bool = False
    tax_per_line: bool = False
    prices_include_tax: bool = False
    invoice_number_format: str = "INV-{YYYY}-{seq:06}"
    credit_note_number_format: str = "CN-{YYYY}-{seq:06}"
    payment_terms_days: int = Field(14, ge=0, le=365)
    # The recurring billing run (issue: billing core).
    invoice_days_before: int = Field(14, ge=0, le=90)
    unpaid_reminder_days_before_due: int = Field(3, ge=0, le=60)
    overdue_reminder_days: list[int] = Field(default_factory=lambda: [1, 5, 10])
    late_fee_days: int | None = Field(None, ge=1, le=365)
    late_fee_percent: Amount | None = None
    late_fee_fixed: Amount | None = None
    late_fee_minimum: Amount | None = None
    suspend_days: int | None = Field(7, ge=1, le=365)
    terminate_days: int | None = Field(30, ge=1, le=3650)
    continuous_invoicing: bool = False
    # Stripe auto-charge of a saved card: first on the due date, then retried this many days after it.
    auto_charge: bool = True
    dunning_retry_days: list[int] = Field(default_factory=lambda: [1, 3, 5, 7], max_length=10)

    @field_validator("dunning_retry_days")
    @classmethod
    def _retry_days(cls, value: list[int]) -> list[int]:
        if any(not 1 <= day <= 90 for day in value) or len(set(value)) != len(value):
            raise ValueError("retry days must be distinct days from 1 to 90 after the due date")
        return sorted(value)

    def charge_offsets(self) -> list[int]:
        """Days after the due date on which auto-charges are tried: the due date, then the retries."""
        return [0, *self.dunning_retry_days] if self.auto_charge else []

    # Days before a domain's expiry when its owner is reminded (the daily domains job).
    domain_renewal_reminder_days: list[int] = Field(default_factory=lambda: [30, 7], max_length=10)

    @field_validator("domain_renewal_reminder_days")
    @classmethod
    def _days(cls, value: list[int]) -> list[int]:
        if any(not 1 <= d <= 365 for d in value):
            raise ValueError("each day must be between 1 and 365")
        return sorted(set(value), reverse=True)

    @field_validator("invoice_number_format", "credit_note_number_format")
    @classmethod
    def _template(cls, value: str) -> str:
        validate_template(value)
        return value


def billing_settings(tenant_settings: dict[str, Any]) -> BillingSettings:
    return BillingSettings.model_validate(tenant_settings.get("billing") or {})
