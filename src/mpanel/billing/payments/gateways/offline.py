from __future__ import annotations

from decimal import Decimal

from mpanel.billing.payments.gateways.base import GatewayRefund


class OfflineGateway:
    """Bank transfers, cash and cheques: money moves outside MPanel, which only records it."""

    name = "offline"

    async def refund(self, *, payment_reference: str | None, amount: Decimal, currency: str) -> GatewayRefund:
        return GatewayRefund(reference=None)


GATEWAYS: dict[str, OfflineGateway] = {"offline": OfflineGateway()}
