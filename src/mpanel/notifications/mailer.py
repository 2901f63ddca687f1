"""SMTP delivery with aiosmtplib, and where to deliver: the tenant's own server when it has one,
else the platform's SMTP_URL."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

import aiosmtplib

from mpanel.notifications.models import SmtpTls as TlsMode


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    tls: TlsMode = TlsMode.AUTO
    from_address: str = "no-reply@localhost"


class DeliveryFailed(Exception):
    """The server did not take the message. `permanent` for a 5xx refusal (retrying will not
    help); anything else (4xx, connection, timeout) is worth retrying."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


_SCHEMES = {"smtp": (TlsMode.AUTO, 25), "smtp+starttls": (TlsMode.STARTTLS, 587), "smtps": (TlsMode.TLS, 465)}


def parse_smtp_url(url: str, from_address: str) -> SmtpConfig:
    """smtp://user:pass@host:port, smtp+starttls://... or smtps://...; `?tls=none` turns TLS off."""
    parts = urlsplit(url)
    if parts.scheme not in _SCHEMES or not parts.hostname:
        raise ValueError("SMTP_URL must look like smtp://user:password@host:port (or smtps://, smtp+starttls://)")
    tls, default_port = _SCHEMES[parts.scheme]
    if "tls=none" in parts.query.split("&"):
        tls = TlsMode.NONE
    return SmtpConfig(
        host=parts.hostname,
        port=parts.port or default_port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        tls=tls,
        from_address=from_address,
    )


async def deliver(config: SmtpConfig, message: EmailMessage, *, timeout_seconds: float) -> None:
    try:
        await aiosmtplib.send(
            message,
            hostname=config.host,
            port=config.port,
            username=config.username,
            password=config.password,
            use_tls=config.tls is TlsMode.TLS,
            start_tls={TlsMode.AUTO: None, TlsMode.NONE: False, TlsMode.STARTTLS: True, TlsMode.TLS: False}[config.tls],
            timeout=timeout_seconds,
        )
    except aiosmtplib.SMTPRecipientsRefused as exc:
        codes = [r.code for r in exc.recipients]
        raise DeliveryFailed(f"recipient refused: {exc}", permanent=all(c >= 500 for c in codes)) from exc
    except aiosmtplib.SMTPAuthenticationError as exc:  # a setting to fix, then retry
        raise DeliveryFailed(f"authentication failed: {exc.code} {exc.message}", permanent=False) from exc
    except aiosmtplib.SMTPResponseException as exc:
        raise DeliveryFailed(f"{exc.code} {exc.message}", permanent=exc.code >= 500) from exc
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise DeliveryFailed(f"{type(exc).__name__}: {exc}", permanent=False) from exc
