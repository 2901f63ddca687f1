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
    def __init__(self, storage: Storage, *, per_ip: str, per_account: str) -> None:
        self._limiter = MovingWindowRateLimiter(storage)
        self._per_ip: RateLimitItem = parse(per_ip)
        self._per_account: RateLimitItem = parse(per_account)

    @classmethod
    def from_settings(cls, redis_url: str | None, *, per_ip: str, per_account: str) -> LoginLimiter:
        storage = storage_from_string(f"async+{redis_url}") if redis_url else MemoryStorage()
        assert isinstance(storage, Storage), "an async+ URL gives an async storage"
        return cls(storage, per_ip=per_ip, per_account=per_account)

    async def count_attempt(self, ip: str | None) -> None:
        """Every login attempt from an address counts; past the limit it is refused."""
        key = ip or "unknown"
        if not await self._limiter.hit(self._per_ip, "login-ip", key):
            raise RateLimited(await self._retry_after(self._per_ip, "login-ip", key))

    async def ensure_account_open(self, account: str) -> None:
        if not await self._limiter.test(self._per_account, "login-account", account.lower()):
            raise RateLimited(await self._retry_after(self._per_account, "login-account", account.lower()))

    async def count_failure(self, account: str) -> None:
        await self._limiter.hit(self._per_account, "login-account", account.lower())

    async def clear_account(self, account: str) -> None:
        await self._limiter.clear(self._per_account, "login-account", account.lower())

    async def _retry_after(self, item: RateLimitItem, *keys: str) -> int:
        stats = await self._limiter.get_window_stats(item, *keys)
        return max(1, math.ceil(stats.reset_time - time.time()))
