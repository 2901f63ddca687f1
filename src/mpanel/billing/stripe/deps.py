"""The platform's Stripe configuration as a route dependency (from the app's settings)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from mpanel.auth.deps import AppSettings
from mpanel.billing.payments.gateways.stripe import StripePlatform


def stripe_platform(settings: AppSettings) -> StripePlatform:
    return StripePlatform.from_settings(settings)


Platform = Annotated[StripePlatform, Depends(stripe_platform)]
