"""Object storage: one interface (put/get/exists/delete by key) for invoice PDFs, logos and
later backups. S3 (MinIO or any S3 API) when `S3_BUCKET` is set, a folder under the data dir
otherwise. `object_store(settings)` picks one."""

from __future__ import annotations

from mpanel.settings import Settings
from mpanel.storage.base import ObjectMissing, ObjectStore, validate_key
from mpanel.storage.local import LocalStore
from mpanel.storage.s3 import S3Store

__all__ = ["LocalStore", "ObjectMissing", "ObjectStore", "S3Store", "object_store", "validate_key"]


def object_store(settings: Settings) -> ObjectStore:
    if settings.s3_bucket:
        return S3Store(
            bucket=settings.s3_bucket,
            endpoint=settings.s3_endpoint,
            access_key=settings.s3_access_key.get_secret_value() if settings.s3_access_key else None,
            secret_key=settings.s3_secret_key.get_secret_value() if settings.s3_secret_key else None,
            region=settings.s3_region,
        )
    return LocalStore(settings.data_dir / "objects")
