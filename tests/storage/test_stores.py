"""The object store interface, the same tests for the local folder and for S3 (moto's server
on loopback, through boto3)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from mpanel.storage import LocalStore, ObjectMissing, ObjectStore, S3Store, object_store
from tests.conftest import make_settings
from tests.servers import S3Server


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ObjectStore:
    if request.param == "local":
        return LocalStore(tmp_path / "objects")
    server: S3Server = request.getfixturevalue("s3_server")
    bucket = server.create_bucket(f"b-{uuid.uuid4().hex[:12]}")
    return S3Store(bucket=bucket, endpoint=server.endpoint, access_key=server.access_key, secret_key=server.secret_key)


class TestObjectStore:
    async def test_put_then_get_returns_the_bytes(self, store: ObjectStore) -> None:
        await store.put("tenants/t1/invoices/INV-1.pdf", b"%PDF-1.7 data", content_type="application/pdf")
        assert await store.get("tenants/t1/invoices/INV-1.pdf") == b"%PDF-1.7 data"
        assert await store.exists("tenants/t1/invoices/INV-1.pdf")

    async def test_put_replaces_an_object(self, store: ObjectStore) -> None:
        await store.put("a/b", b"one", content_type="text/plain")
        await store.put("a/b", b"two", content_type="text/plain")
        assert await store.get("a/b") == b"two"

    async def test_a_missing_object_raises_object_missing(self, store: ObjectStore) -> None:
        assert not await store.exists("nothing/here")
        with pytest.raises(ObjectMissing):
            await store.get("nothing/here")

    async def test_delete_removes_and_is_idempotent(self, store: ObjectStore) -> None:
        await store.put("x/y.bin", bytes(range(256)), content_type="application/octet-stream")
        await store.delete("x/y.bin")
        await store.delete("x/y.bin")
        assert not await store.exists("x/y.bin")

    @pytest.mark.parametrize("key", ["../escape", "/abs", "a//b", "a/../b", "", "a/./b", "sp ace"])
    async def test_keys_that_could_escape_are_refused(self, store: ObjectStore, key: str) -> None:
        with pytest.raises(ValueError, match="not a valid object key"):
            await store.put(key, b"x", content_type="text/plain")


class TestChoice:
    def test_s3_when_a_bucket_is_configured(self, s3_server: S3Server) -> None:
        settings = make_settings(
            make_url("postgresql://u@h/d"),
            S3_BUCKET="invoices",
            S3_ENDPOINT=s3_server.endpoint,
        )
        assert isinstance(object_store(settings), S3Store)

    def test_a_folder_under_the_data_dir_otherwise(self, tmp_path: Path) -> None:
        store = object_store(make_settings(make_url("postgresql://u@h/d"), MPANEL_DATA_DIR=str(tmp_path)))
        assert isinstance(store, LocalStore)
        assert store.root == tmp_path / "objects"
