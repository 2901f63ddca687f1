from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from mpanel.db.base import Base, TenantMixin, tenant_fk


class RefreshToken(TenantMixin, Base):
    """One issued refresh token. Tokens rotate: each use replaces it with a new one of the same
    family; presenting a token that was already used revokes the whole family."""

    __tablename__ = "refresh_tokens"
    __table_args__ = (
        tenant_fk(["user_id"], "users", ondelete="CASCADE"),
        Index("ix_refresh_tokens_family_id", "tenant_id", "family_id"),
    )

    user_id: Mapped[uuid.UUID]
    family_id: Mapped[uuid.UUID]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    user_agent: Mapped[str | None] = mapped_column(String(500), default=None)
    ip: Mapped[str | None] = mapped_column(String(64), default=None)


class PasswordResetToken(TenantMixin, Base):
    """A password-reset link's token, stored as SHA-256: single use, short-lived."""

    __tablename__ = "password_reset_tokens"
    __table_args__ = (tenant_fk(["user_id"], "users", ondelete="CASCADE"),)

    user_id: Mapped[uuid.UUID]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    ip: Mapped[str | None] = mapped_column(String(64), default=None)
