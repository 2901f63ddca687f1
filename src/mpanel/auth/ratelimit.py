"""Login throttling with the `limits` library: per client IP (every attempt) and per account
(failed attempts only). Redis storage when REDIS_URL is set, so replicas share the counts."""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from mpanel.core.errors import RateLimited


class LoginLimiter:
    """Also throttles password-reset requests (namespace "password-reset": every request per IP,
    every request per account)."""

    def __init__(self, storage: Storage, *, per_ip: str, per_account: str, namespace: str = "login") -> None:
        self._limiter = MovingWindowRateLimiter(storage)
        self._per_ip: RateLimitItem = parse(per_ip)
        self._per_account: RateLimitItem = parse(per_account)
        self._ip_key, self._account_key = f"{namespace}-ip", f"{namespace}-account"

    @classmethod
    def from_settings(
        cls, redis_url: str | None, *, per_ip: str, per_account: str, namespace: str = "login"
    ) -> LoginLimiter:
        storage = storage_from_string(f"async+{redis_url}") if redis_url else MemoryStorage()
        assert isinstance(storage, Storage), "an async+ URL gives an async storage"
        return cls(storage, per_ip=per_ip, per_account=per_account, namespace=namespace)

    async def count_attempt(self, ip: str | None) -> None:
        """Every attempt from an address counts; past the limit it is refused."""
        key = ip or "unknown"
        if not await self._limiter.hit(self._per_ip, self._ip_key, key):
            raise RateLimited(await self._retry_after(self._per_ip, self._ip_key, key))

    async def ensure_account_open(self, account: str) -> None:
        if not await self._limiter.test(self._per_account, self._account_key, account.lower()):
            raise RateLimited(await self._retry_after(self._per_account, self._account_key, account.lower()))

    async def count_failure(self, account: str) -> None:
        await self._limiter.hit(self._per_account, self._account_key, account.lower())

    async def take_account(self, account: str) -> bool:
        """Count one use of the account's allowance; False once it is spent."""
        return await self._limiter.hit(self._per_account, self._account_key, account.lower())

    async def clear_account(self, account: str) -> None:
        await self._limiter.clear(self._per_account, self._account_key, account.lower())

    async def _retry_after(self, item: RateLimitItem, *keys: str) -> int:
        stats = await self._limiter.get_window_stats(item, *keys)
        return max(1, math.ceil(stats.reset_time - time.time()))
