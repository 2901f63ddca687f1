from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from mpanel.db.base import Base, TenantMixin, TimestampMixin, str_enum, tenant_fk
from mpanel.db.encrypted import EncryptedText


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    SUPPORT = "support"
    CLIENT = "client"


class User(TenantMixin, TimestampMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        Index("uq_users_tenant_id_email", "tenant_id", func.lower(text("email")), unique=True),
        tenant_fk(["customer_id"], "customers"),
    )

    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(str_enum(Role))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_platform_operator: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    # Client users belong to a customer (the billing domain adds the foreign key).
    customer_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    # Encrypted at rest (AES-GCM, db/encrypted.py): the database holds only ciphertext.
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText(64), default=None)
    totp_enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    totp_last_counter: Mapped[int | None] = mapped_column(default=None)
    password_changed_at: Mapped[datetime | None] = mapped_column(default=None)
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)
