"""A tenant's Stripe keys: its own (secret key, publishable key, webhook secret), or the
platform's default account when it has none. Secrets are write-only: reading them back shows
only whether they are set and their last four characters."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mpanel.audit import service as audit
from mpanel.auth.principal import Principal
from mpanel.billing.payments.gateways.stripe import StripeGateway, StripeKeys, StripePlatform
from mpanel.billing.stripe.models import StripeAccount
from mpanel.billing.stripe.schemas import StripeSettingsOut, StripeSettingsUpdate
from mpanel.core.errors import Conflict, Invalid


class StripeNotConfigured(Conflict):
    code = "stripe_not_configured"
    message = "Card payments are not set up: add Stripe keys under Settings -> Payments."


async def _own(session: AsyncSession, *, for_update: bool = False) -> StripeAccount | None:
    stmt = select(StripeAccount)
    if for_update:
        stmt = stmt.with_for_update()
    account: StripeAccount | None = await session.scalar(stmt)
    return account


async def keys(session: AsyncSession, platform: StripePlatform) -> StripeKeys | None:
    """The keys the session's tenant charges with: its own secret key, else the platform's."""
    own = await _own(session)
    if own is not None and own.secret_key:
        return StripeKeys(own.secret_key, own.publishable_key, own.webhook_secret, False, platform.api_base)
    return platform.keys()


async def gateway(session: AsyncSession, platform: StripePlatform) -> StripeGateway:
    found = await keys(session, platform)
    if found is None:
        raise StripeNotConfigured()
    return StripeGateway(found)


async def webhook_secret(session: AsyncSession, platform: StripePlatform) -> str | None:
    """The secret that signs the tenant's own webhook endpoint (the platform's when it has none)."""
    own = await _own(session)
    if own is not None and own.webhook_secret:
        return own.webhook_secret
    return platform.webhook_secret


def _out(account: StripeAccount | None, platform: StripePlatform) -> StripeSettingsOut:
    own_key = account is not None and bool(account.secret_key)
    return StripeSettingsOut(
        secret_key_set=own_key,
        secret_key_last4=account.secret_key_last4 if account and own_key else None,
        publishable_key=account.publishable_key if account else None,
        webhook_secret_set=account is not None and bool(account.webhook_secret),
        webhook_secret_last4=account.webhook_secret_last4 if account and account.webhook_secret else None,
        platform_default_available=platform.secret_key is not None,
        uses_platform_default=not own_key and platform.secret_key is not None,
        live_mode=bool(account and account.publishable_key and account.publishable_key.startswith("pk_live_")),
    )


async def get_settings(session: AsyncSession, actor: Principal, platform: StripePlatform) -> StripeSettingsOut:
    return _out(await _own(session), platform)


def _mode(key: str) -> str:
    return "live" if "_live_" in key else "test"


async def update(
    session: AsyncSession, actor: Principal, data: StripeSettingsUpdate, platform: StripePlatform
) -> StripeSettingsOut:
    """Set the keys that are given (an empty string clears one); the others stay as they are."""
    account = await _own(session, for_update=True)
    if account is None:
        account = StripeAccount()
        session.add(account)
    before = _out(account, platform).model_dump(by_alias=True)
    changes = data.model_dump(exclude_unset=True)
    if "secret_key" in changes:
        account.secret_key = changes["secret_key"] or None
        account.secret_key_last4 = changes["secret_key"][-4:] if changes["secret_key"] else None
    if "webhook_secret" in changes:
        account.webhook_secret = changes["webhook_secret"] or None
        account.webhook_secret_last4 = changes["webhook_secret"][-4:] if changes["webhook_secret"] else None
    if "publishable_key" in changes:
        account.publishable_key = changes["publishable_key"] or None
    if account.secret_key and account.publishable_key and _mode(account.secret_key) != _mode(account.publishable_key):
        raise Invalid.on_field(
            "publishableKey",
            "The publishable key and the secret key must both be test or both be live keys.",
            "stripe_key_mode_mismatch",
        )
    await session.flush()
    result = _out(account, platform)
    # The audit trail records what changed, never the secrets themselves.
    await audit.record(
        session,
        actor,
        "stripe.settings.update",
        entity_type="stripe_accounts",
        entity_id=str(account.id),
        before=before,
        after=result.model_dump(by_alias=True),
    )
    return result
