"""What procrastinate does not keep: the last error of a tenant's job."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from mpanel.db.base import Base


class JobError(Base):
    __tablename__ = "job_errors"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True, server_default=text("mpanel_current_tenant()")
    )
    job_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    error: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(server_default=text("clock_timestamp()"))
