from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, SmallInteger, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from mpanel.db.base import Base, TenantMixin, TimestampMixin, str_enum
from mpanel.db.encrypted import EncryptedText


class EmailStatus(StrEnum):
    QUEUED = "queued"  # waiting for its first try or for a retry at next_attempt_at
    SENDING = "sending"  # claimed by a worker until next_attempt_at (a crashed worker's lease runs out)
    SENT = "sent"
    FAILED = "failed"  # refused for good, or out of attempts; a person may retry it


class EmailTemplate(TenantMixin, TimestampMixin, Base):
    """A tenant's own version of one template; without a row the shipped default applies."""

    __tablename__ = "email_templates"
    __table_args__ = (UniqueConstraint("tenant_id", "kind", name="uq_email_templates_tenant_id_kind"),)

    kind: Mapped[str] = mapped_column(String(50))
    subject: Mapped[str] = mapped_column(String(500))
    html: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


class OutboxEmail(TenantMixin, Base):
    """One e-mail to send, and afterwards the log of what was sent. Rows for billing events are
    written by a trigger on `billing_events` in the inserting statement's transaction; user
    e-mails (welcome, password reset) are written by their services. The message is rendered
    when it is sent, from the rows it refers to."""

    __tablename__ = "email_outbox"
    __table_args__ = (
        Index(
            "ix_email_outbox_due",
            "tenant_id",
            "next_attempt_at",
            postgresql_where=text("status in ('queued', 'sending')"),
        ),
        Index("ix_email_outbox_tenant_id_created_at", "tenant_id", "created_at", "id"),
        Index(
            "uq_email_outbox_event",
            "tenant_id",
            "event_key",
            unique=True,
            postgresql_where=text("event_key is not null"),
        ),
    )

    kind: Mapped[str] = mapped_column(String(50))
    to_address: Mapped[str] = mapped_column(String(320))
    event_key: Mapped[str | None] = mapped_column(String(200), default=None)  # billing_events.dedupe_key
    customer_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    user_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    invoice_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    subscription_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    payment_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    domain_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    # A secret the message carries (a password-reset token): encrypted, kept only until it is sent.
    secret: Mapped[str | None] = mapped_column(EncryptedText(200), default=None)
    status: Mapped[EmailStatus] = mapped_column(
        str_enum(EmailStatus), default=EmailStatus.QUEUED, server_default=EmailStatus.QUEUED.value
    )
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0, server_default=text("0"))
    next_attempt_at: Mapped[datetime] = mapped_column(server_default=text("clock_timestamp()"))
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    subject: Mapped[str | None] = mapped_column(String(500), default=None)
    message_id: Mapped[str | None] = mapped_column(String(300), default=None)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(server_default=text("clock_timestamp()"))


class SmtpTls(StrEnum):
    AUTO = "auto"  # STARTTLS when the server offers it
    NONE = "none"
    STARTTLS = "starttls"
    TLS = "tls"  # TLS from the first byte (port 465)


class SmtpSettings(TenantMixin, TimestampMixin, Base):
    """A tenant's own mail server (one row at most); without it the platform's SMTP_URL sends.
    The password is encrypted at rest and never leaves the API."""

    __tablename__ = "smtp_settings"
    __table_args__ = (UniqueConstraint("tenant_id", name="uq_smtp_settings_tenant_id"),)

    host: Mapped[str] = mapped_column(String(253))
    port: Mapped[int]
    username: Mapped[str | None] = mapped_column(String(320), default=None)
    password: Mapped[str | None] = mapped_column(EncryptedText(500), default=None)
    from_address: Mapped[str] = mapped_column(String(320))
    tls: Mapped[SmtpTls] = mapped_column(str_enum(SmtpTls), default=SmtpTls.AUTO)
