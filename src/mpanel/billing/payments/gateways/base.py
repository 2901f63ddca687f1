"""The payment-gateway interface. Offline methods record what staff report; Stripe (a later
issue) charges cards and refunds through its API."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class GatewayRefund:
    reference: str | None


class PaymentGateway(Protocol):
    name: str

    async def refund(self, *, payment_reference: str | None, amount: Decimal, currency: str) -> GatewayRefund:
        """Return `amount` of a payment to the payer; raises on failure, so nothing is recorded."""
        ...
