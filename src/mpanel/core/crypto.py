"""Secrets at rest: AES-256-GCM under a keyring of one current key and any number of previous,
still readable, keys.

A ciphertext is a self-describing string, `v1:<key id>:<base64(nonce | ciphertext | tag)>`, so a
database column can hold values written under several keys at once while `mpanel secrets rotate`
moves them to the current key. The key id is derived from the key's secret by its own HKDF output
(it reveals nothing about the key) and is bound to the ciphertext as associated data.

Keys come from secrets (strings of any length): `MPANEL_SECRET_KEY` and
`MPANEL_SECRET_KEYS_PREVIOUS`, or the `key`/`previous` fields of a Vault KV v2 secret. Every secret
goes through HKDF-SHA256 with this module's own salt and info, so the encryption key is never the
raw string that also signs access tokens.

The process-wide keyring is configured once at startup (`configure`), from the settings, by the
app factory, the worker, the CLI and the tests (`mpanel.db.encrypted.configure_keyring`)."""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = "v1"
_SALT = b"mpanel/secrets-at-rest/v1"
_NONCE_BYTES = 12
_TAG_BYTES = 16


class KeyringError(Exception):
    """The keyring cannot be built or used (missing key, unreachable Vault, bad secret)."""


class KeyringNotConfigured(KeyringError):
    def __init__(self) -> None:
        super().__init__(
            "no encryption keyring is configured: call mpanel.db.encrypted.configure_keyring(settings) at startup"
        )


class DecryptionError(KeyringError):
    """A stored value cannot be decrypted: never returned as garbage, always raised."""


def _hkdf(secret: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=_SALT, info=info).derive(secret)


@dataclass(frozen=True, repr=False)
class Key:
    id: str
    material: bytes

    @classmethod
    def derive(cls, secret: str) -> Key:
        """The AES-256 key and its id, both derived from a secret string (HKDF-SHA256)."""
        raw = secret.strip().encode()
        if len(raw) < 16:
            raise KeyringError("an encryption key secret must have at least 16 characters")
        return cls(id=_hkdf(raw, b"key id", 8).hex(), material=_hkdf(raw, b"aes-256-gcm column key", 32))

    def __repr__(self) -> str:  # never print key material
        return f"Key(id={self.id!r})"


class Keyring:
    """One current key (encrypts) and previous keys (still decrypt)."""

    def __init__(self, current: Key, previous: Sequence[Key] = ()) -> None:
        self.current = current
        self._keys: dict[str, Key] = {key.id: key for key in previous}
        self._keys[current.id] = current

    @classmethod
    def from_secrets(cls, current: str, previous: Sequence[str] = ()) -> Keyring:
        return cls(Key.derive(current), [Key.derive(p) for p in previous if p.strip()])

    @property
    def key_ids(self) -> list[str]:
        return list(self._keys)

    def prefix(self) -> str:
        """What every value encrypted under the current key starts with."""
        return f"{VERSION}:{self.current.id}:"

    def encrypt(self, plaintext: str) -> str:
        header = self.prefix()
        nonce = os.urandom(_NONCE_BYTES)
        sealed = AESGCM(self.current.material).encrypt(nonce, plaintext.encode(), header.encode())
        return header + base64.b64encode(nonce + sealed).decode("ascii")

    def decrypt(self, token: str) -> str:
        version, key_id, payload = parse(token)
        key = self._keys.get(key_id)
        if key is None:
            raise DecryptionError(
                f"value encrypted under key {key_id}, which is not in the keyring (current {self.current.id}, "
                f"readable {', '.join(self.key_ids)}): add its secret to MPANEL_SECRET_KEYS_PREVIOUS "
                "(or Vault's `previous`)"
            )
        try:
            blob = base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise DecryptionError(f"value under key {key_id} is not valid base64") from exc
        if len(blob) < _NONCE_BYTES + _TAG_BYTES:
            raise DecryptionError(f"value under key {key_id} is truncated")
        try:
            clear = AESGCM(key.material).decrypt(
                blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], f"{version}:{key_id}:".encode()
            )
        except InvalidTag as exc:
            raise DecryptionError(f"value under key {key_id} failed authentication: altered or corrupted") from exc
        return clear.decode()

    def needs_rotation(self, token: str) -> bool:
        return not token.startswith(self.prefix())


def parse(token: str) -> tuple[str, str, str]:
    """(version, key id, payload) of a stored value; refuses anything that is not a ciphertext."""
    parts = token.split(":", 2)
    if len(parts) != 3 or parts[0] != VERSION or not parts[1]:
        raise DecryptionError("stored value is not an MPanel ciphertext (expected 'v1:<key id>:<data>')")
    return parts[0], parts[1], parts[2]


def key_id_of(token: str) -> str:
    return parse(token)[1]


def split_secrets(value: str | None) -> list[str]:
    """A comma-separated list of secrets (MPANEL_SECRET_KEYS_PREVIOUS)."""
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def fetch_vault_secrets(
    addr: str, token: str, path: str, *, mount: str = "secret", timeout: int = 10
) -> tuple[str, list[str]]:
    """The (current, previous) key secrets stored in a Vault KV v2 secret: `key` is the current
    secret, `previous` (a list or a comma-separated string) the ones still readable."""
    import hvac
    import hvac.exceptions

    try:
        client = hvac.Client(url=addr, token=token, timeout=timeout)
        response: dict[str, Any] = client.secrets.kv.v2.read_secret_version(
            path=path, mount_point=mount, raise_on_deleted_version=True
        )
    except hvac.exceptions.Forbidden as exc:
        raise KeyringError(f"Vault at {addr} refused the token for {mount}/{path}") from exc
    except hvac.exceptions.InvalidPath as exc:
        raise KeyringError(f"Vault at {addr} has no secret {mount}/{path}") from exc
    except (hvac.exceptions.VaultError, OSError) as exc:  # requests' errors are OSErrors
        raise KeyringError(f"Vault at {addr} could not be read ({type(exc).__name__})") from exc
    data = response.get("data", {}).get("data", {}) or {}
    current = data.get("key")
    if not isinstance(current, str) or not current.strip():
        raise KeyringError(f"Vault secret {mount}/{path} has no `key` field")
    previous = data.get("previous") or []
    if isinstance(previous, str):
        previous = split_secrets(previous)
    if not isinstance(previous, list) or not all(isinstance(p, str) for p in previous):
        raise KeyringError(f"Vault secret {mount}/{path}: `previous` must be a list of strings")
    return current, previous


_keyring: Keyring | None = None


def configure(keyring: Keyring) -> None:
    global _keyring
    _keyring = keyring


def keyring() -> Keyring:
    if _keyring is None:
        raise KeyringNotConfigured()
    return _keyring


@contextmanager
def using(temporary: Keyring | None) -> Iterator[Keyring | None]:
    """Swap the process keyring for a block (tests, key rotation drills); None unconfigures it."""
    global _keyring
    saved, _keyring = _keyring, temporary
    try:
        yield temporary
    finally:
        _keyring = saved
