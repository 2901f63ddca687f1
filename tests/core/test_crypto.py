"""The keyring: AES-GCM round trips, several readable keys, and clear errors instead of garbage."""

from __future__ import annotations

import base64

import pytest

from mpanel.core import crypto

OLD = "an old secret of at least sixteen characters"
NEW = "the new secret, also long enough to be a key"


class TestKey:
    def test_is_derived_not_the_raw_secret(self) -> None:
        key = crypto.Key.derive(NEW)
        assert len(key.material) == 32
        assert key.material not in NEW.encode()
        assert key.id == crypto.Key.derive(NEW).id
        assert key.id != crypto.Key.derive(OLD).id
        assert len(key.id) == 16

    def test_short_secret_is_refused(self) -> None:
        with pytest.raises(crypto.KeyringError, match="16 characters"):
            crypto.Key.derive("short")

    def test_repr_hides_the_material(self) -> None:
        assert repr(crypto.Key.derive(NEW)) == f"Key(id='{crypto.Key.derive(NEW).id}')"


class TestKeyring:
    def test_round_trip_names_the_key_and_hides_the_value(self) -> None:
        keyring = crypto.Keyring.from_secrets(NEW)
        token = keyring.encrypt("JBSWY3DPEHPK3PXP")
        assert token.startswith(f"v1:{keyring.current.id}:")
        assert "JBSWY3DPEHPK3PXP" not in token
        assert keyring.decrypt(token) == "JBSWY3DPEHPK3PXP"
        assert crypto.key_id_of(token) == keyring.current.id

    def test_encryption_is_randomised(self) -> None:
        keyring = crypto.Keyring.from_secrets(NEW)
        assert keyring.encrypt("same") != keyring.encrypt("same")

    def test_unicode_and_empty_values(self) -> None:
        keyring = crypto.Keyring.from_secrets(NEW)
        for value in ("", "pässwörd ✓", "x" * 10_000):
            assert keyring.decrypt(keyring.encrypt(value)) == value

    def test_previous_keys_stay_readable(self) -> None:
        old = crypto.Keyring.from_secrets(OLD)
        token = old.encrypt("secret")
        both = crypto.Keyring.from_secrets(NEW, [OLD])
        assert both.decrypt(token) == "secret"
        assert both.needs_rotation(token)
        assert not both.needs_rotation(both.encrypt("secret"))
        assert set(both.key_ids) == {old.current.id, both.current.id}

    def test_unknown_key_is_a_clear_error(self) -> None:
        token = crypto.Keyring.from_secrets(OLD).encrypt("secret")
        with pytest.raises(crypto.DecryptionError, match=r"not in the keyring.*MPANEL_SECRET_KEYS_PREVIOUS"):
            crypto.Keyring.from_secrets(NEW).decrypt(token)

    def test_tampered_value_fails_authentication(self) -> None:
        keyring = crypto.Keyring.from_secrets(NEW)
        header, payload = keyring.encrypt("secret").rsplit(":", 1)
        blob = bytearray(base64.b64decode(payload))
        blob[-1] ^= 1
        with pytest.raises(crypto.DecryptionError, match="failed authentication"):
            keyring.decrypt(f"{header}:{base64.b64encode(bytes(blob)).decode()}")

    def test_key_id_is_bound_to_the_ciphertext(self) -> None:
        """Relabelling a value with another readable key's id does not decrypt it."""
        keyring = crypto.Keyring.from_secrets(NEW, [OLD])
        payload = keyring.encrypt("secret").rsplit(":", 1)[1]
        other = crypto.Key.derive(OLD).id
        with pytest.raises(crypto.DecryptionError):
            keyring.decrypt(f"v1:{other}:{payload}")

    @pytest.mark.parametrize("stored", ["JBSWY3DPEHPK3PXP", "v2:abc:def", "v1::x", "v1:abc"])
    def test_clear_or_foreign_values_are_refused(self, stored: str) -> None:
        with pytest.raises(crypto.DecryptionError):
            crypto.Keyring.from_secrets(NEW).decrypt(stored)

    def test_bad_payloads_are_refused(self) -> None:
        keyring = crypto.Keyring.from_secrets(NEW)
        with pytest.raises(crypto.DecryptionError, match="base64"):
            keyring.decrypt(f"{keyring.prefix()}***")
        with pytest.raises(crypto.DecryptionError, match="truncated"):
            keyring.decrypt(f"{keyring.prefix()}{base64.b64encode(b'short').decode()}")


class TestProcessKeyring:
    def test_missing_keyring_is_a_clear_error(self) -> None:
        with crypto.using(None), pytest.raises(crypto.KeyringNotConfigured, match="configure_keyring"):
            crypto.keyring()

    def test_using_restores_the_previous_keyring(self) -> None:
        outer = crypto.Keyring.from_secrets(OLD)
        with crypto.using(outer):
            with crypto.using(crypto.Keyring.from_secrets(NEW)) as temporary:
                assert crypto.keyring() is temporary
            assert crypto.keyring() is outer

    def test_split_secrets(self) -> None:
        assert crypto.split_secrets(" a, ,b ,") == ["a", "b"]
        assert crypto.split_secrets(None) == []
