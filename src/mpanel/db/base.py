"""Declarative base, the constraint naming convention and the tenant mixin."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    MetaData,
    Numeric,
    func,
    text,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Constraint names are predictable, so an IntegrityError maps to an error code.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CURRENT_TENANT = text("mpanel_current_tenant()")


class Money(TypeDecorator[Decimal]):
    """An amount: numeric(18,4). Its currency lives in a `currency char(3)` column beside it."""

    impl = Numeric(18, 4)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Any) -> Decimal | None:
        if value is not None and not isinstance(value, Decimal):
            raise TypeError("money must be a Decimal")
        return value


class Base(DeclarativeBase):
    # Server defaults come back with RETURNING, so nothing lazy-loads after a flush.
    __mapper_args__ = {"eager_defaults": True}
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        uuid.UUID: UUID(as_uuid=True),
        datetime: DateTime(timezone=True),
        Decimal: Money(),
    }


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class TenantChildMixin:
    """A tenant-owned row that always belongs to a parent row through a NOT NULL composite foreign
    key (`tenant_fk`): the parent's key reaches `tenants`, so this row has no key of its own to
    `tenants` (one foreign-key check fewer per insert; see docs/architecture.md). `tenant_id`
    defaults to the session's tenant and row-level security hides every other tenant's rows."""

    tenant_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, server_default=CURRENT_TENANT)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, server_default=text("gen_random_uuid()"))


class TenantMixin(TenantChildMixin):
    """A tenant-owned row. `tenant_id` defaults to the session's tenant, so services never set it;
    row-level security (db/rls.py) hides every other tenant's rows."""

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"),
        primary_key=True,
        server_default=CURRENT_TENANT,
    )


def str_enum(enum: type[StrEnum], length: int = 20) -> SAEnum:
    """A StrEnum stored as varchar (no PostgreSQL enum type, so adding a value needs no DDL)."""
    return SAEnum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def tenant_fk(
    columns: list[str],
    target: str,
    *,
    ondelete: str | None = None,
    name: str | None = None,
) -> ForeignKeyConstraint:
    """A composite foreign key (tenant_id, x_id) -> target(tenant_id, id): a row can never point
    at another tenant's row."""
    return ForeignKeyConstraint(
        ["tenant_id", *columns],
        [f"{target}.tenant_id", f"{target}.id"],
        ondelete=ondelete,
        name=name,
    )
