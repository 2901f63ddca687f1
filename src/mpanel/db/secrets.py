"""`mpanel secrets rotate` and `status`: every EncryptedText column of every mapped table, found in
the metadata (so a new encrypted column is covered without a list to maintain).

Rotation runs while the application keeps serving. It connects as the application role, so
row-level security stays on: tenant tables are walked one tenant at a time under that tenant's
scope, platform tables under the platform scope. Each batch is its own short transaction, and each
row is rewritten only if its ciphertext is still the one that was read (compare-and-set), so a
value the application changes meanwhile is never overwritten with an older one. Values already
under the current key are skipped, so an interrupted rotation simply runs again."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Column,
    CompoundSelect,
    Table,
    Text,
    and_,
    func,
    literal,
    or_,
    select,
    text,
    tuple_,
    type_coerce,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mpanel.core import crypto
from mpanel.db.base import Base
from mpanel.db.encrypted import EncryptedText
from mpanel.db.session import tenant_session

BATCH_SIZE = 500


@dataclass(frozen=True)
class EncryptedTable:
    table: Table
    columns: tuple[Column[str], ...]

    @property
    def tenant_scoped(self) -> bool:
        return "tenant_id" in self.table.c

    def names(self) -> list[str]:
        return [f"{self.table.name}.{c.name}" for c in self.columns]


def encrypted_tables() -> list[EncryptedTable]:
    """Every table with at least one EncryptedText column (import mpanel.db.registry first)."""
    found = []
    for table in Base.metadata.sorted_tables:
        columns = tuple(c for c in table.columns if isinstance(c.type, EncryptedText))
        if columns:
            found.append(EncryptedTable(table, columns))
    return found


@dataclass
class RotationReport:
    key_id: str
    rotated: dict[str, int] = field(default_factory=dict)
    changed_meanwhile: int = 0

    @property
    def total(self) -> int:
        return sum(self.rotated.values())


def _raw(column: Column[str]) -> Column[str]:
    """The stored ciphertext, bypassing EncryptedText's decryption."""
    return type_coerce(column, Text)  # type: ignore[return-value]


async def _tenant_ids(sessionmaker: async_sessionmaker[AsyncSession]) -> list[uuid.UUID]:
    """Every tenant, whatever its status: suspended tenants' secrets are rotated too."""
    async with tenant_session(sessionmaker, None, platform=True) as session:
        return list(await session.scalars(text("select id from tenants order by id")))


async def _scopes(
    sessionmaker: async_sessionmaker[AsyncSession], spec: EncryptedTable
) -> list[tuple[uuid.UUID | None, bool]]:
    if spec.tenant_scoped:
        return [(tenant_id, False) for tenant_id in await _tenant_ids(sessionmaker)]
    return [(None, True)]


async def _rotate_batch(
    session: AsyncSession,
    spec: EncryptedTable,
    keyring: crypto.Keyring,
    after: tuple[object, ...] | None,
    batch_size: int,
    report: RotationReport,
) -> tuple[object, ...] | None:
    """Rotate one keyset batch; returns the last primary key seen, or None when done."""
    pk = list(spec.table.primary_key.columns)
    prefix = keyring.prefix()
    stale = or_(*[and_(_raw(c).is_not(None), ~_raw(c).startswith(prefix, autoescape=True)) for c in spec.columns])
    query = select(*pk, *[_raw(c) for c in spec.columns]).where(stale).order_by(*pk).limit(batch_size)
    if after is not None:
        query = query.where(tuple_(*pk) > tuple_(*after))
    rows = (await session.execute(query)).all()
    for row in rows:
        key = tuple(row[: len(pk)])
        for column, stored in zip(spec.columns, row[len(pk) :], strict=True):
            if stored is None or not keyring.needs_rotation(stored):
                continue
            try:
                fresh = keyring.encrypt(keyring.decrypt(stored))
            except crypto.DecryptionError as exc:
                where = ", ".join(f"{c.name}={v}" for c, v in zip(pk, key, strict=True))
                raise crypto.DecryptionError(f"{spec.table.name}.{column.name} ({where}): {exc}") from exc
            result = await session.execute(
                update(spec.table)
                .where(*[c == v for c, v in zip(pk, key, strict=True)], _raw(column) == stored)
                .values({column.name: literal(fresh, Text())})
            )
            if result.rowcount:  # type: ignore[attr-defined]
                name = f"{spec.table.name}.{column.name}"
                report.rotated[name] = report.rotated.get(name, 0) + 1
            else:
                report.changed_meanwhile += 1
    return key if rows and len(rows) == batch_size else None


async def rotate(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[str, int], None] | None = None,
) -> RotationReport:
    """Re-encrypt every encrypted value not yet under the current key."""
    keyring = crypto.keyring()
    report = RotationReport(keyring.current.id)
    for spec in encrypted_tables():
        for name in spec.names():
            report.rotated.setdefault(name, 0)
        for tenant_id, platform in await _scopes(sessionmaker, spec):
            after: tuple[object, ...] | None = None
            while True:
                async with tenant_session(sessionmaker, tenant_id, platform=platform) as session:
                    before = report.total
                    after = await _rotate_batch(session, spec, keyring, after, batch_size, report)
                if on_batch is not None:
                    on_batch(spec.table.name, report.total - before)
                if after is None:
                    break
    return report


async def key_usage(sessionmaker: async_sessionmaker[AsyncSession]) -> dict[str, dict[str, int]]:
    """How many stored values each key id encrypts, per column: rotation is complete when only
    the current key id is left."""
    usage: dict[str, dict[str, int]] = {}
    for spec in encrypted_tables():
        for tenant_id, platform in await _scopes(sessionmaker, spec):
            async with tenant_session(sessionmaker, tenant_id, platform=platform) as session:
                for row in await session.execute(_usage_query(spec)):
                    counts = usage.setdefault(f"{spec.table.name}.{row.column}", {})
                    counts[row.key_id] = counts.get(row.key_id, 0) + row.count
        for name in spec.names():
            usage.setdefault(name, {})
    return usage


def _usage_query(spec: EncryptedTable) -> CompoundSelect[Any]:
    parts = []
    for column in spec.columns:
        key_id = func.split_part(_raw(column), ":", 2).label("key_id")
        parts.append(
            select(literal(column.name).label("column"), key_id, func.count().label("count"))
            .where(_raw(column).is_not(None))
            .group_by(key_id)
        )
    return union_all(*parts)
