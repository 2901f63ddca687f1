"""Encrypted columns: `mapped_column(EncryptedText())` holds only `v1:<key id>:<data>` ciphertext in
the database while Python sees the clear `str | None` (core/crypto.py does the cryptography).

Encryption is randomised, so SQL can test such a column only for NULL, never compare its value.
`mpanel secrets rotate` (db/secrets.py) finds every EncryptedText column in the model registry and
re-encrypts it under the current key."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

from mpanel.core import crypto
from mpanel.settings import Settings


class EncryptedText(TypeDecorator[str]):
    """A secret string, AES-GCM encrypted under the process keyring. `length` bounds the clear
    value in characters (the stored ciphertext is longer, so the column is `text`)."""

    impl = Text
    cache_ok = True

    def __init__(self, length: int | None = None) -> None:
        super().__init__()
        self.max_length = length

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise TypeError("an encrypted column takes a str")
        if self.max_length is not None and len(value) > self.max_length:
            raise ValueError(f"secret longer than {self.max_length} characters")
        return crypto.keyring().encrypt(value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else crypto.keyring().decrypt(value)

    def coerce_compared_value(self, op: Any, value: Any) -> Any:
        # A comparison with a clear value can never match a randomised ciphertext: refuse it.
        raise TypeError("encrypted columns cannot be compared in SQL (only IS NULL / IS NOT NULL)")


def keyring_from_settings(settings: Settings) -> crypto.Keyring:
    """The keyring the settings describe: Vault's keys when VAULT_ADDR is set, otherwise
    MPANEL_SECRET_KEY; MPANEL_SECRET_KEYS_PREVIOUS are readable in both cases."""
    previous = crypto.split_secrets(settings.secret_keys_previous.get_secret_value())
    if settings.vault_addr:
        if settings.vault_token is None:
            raise crypto.KeyringError("VAULT_ADDR is set but VAULT_TOKEN is not")
        current, from_vault = crypto.fetch_vault_secrets(
            settings.vault_addr,
            settings.vault_token.get_secret_value(),
            settings.vault_secret_path,
            mount=settings.vault_mount,
        )
        return crypto.Keyring.from_secrets(current, [*from_vault, *previous])
    return crypto.Keyring.from_secrets(settings.secret_key.get_secret_value(), previous)


def configure_keyring(settings: Settings) -> crypto.Keyring:
    """Build the keyring from the settings and make it the process's (once at startup)."""
    keyring = keyring_from_settings(settings)
    crypto.configure(keyring)
    return keyring
