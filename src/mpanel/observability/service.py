from __future__ import annotations

import asyncio
import time
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


async def check_database(engine: AsyncEngine, *, within_seconds: float = 3.0) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        async with asyncio.timeout(within_seconds), engine.connect() as connection:
            await connection.execute(text("select 1"))
    except Exception as exc:  # any failure is the answer: the database is not usable
        return {"status": "fail", "error": (str(exc).splitlines() or [type(exc).__name__])[0][:300]}
    return {"status": "ok", "latencyMs": round((time.perf_counter() - started) * 1000, 2)}
