"""The photo store and limits a process uses, built from its settings."""

from __future__ import annotations

from photos.files import FileStore
from photos.imaging import Limits
from photos.s3 import S3Store, s3_client
from photos.store import PhotoStore
from runtime.config import Settings


def build_photo_store(settings: Settings) -> PhotoStore:
    """Files under var/photos (PHOTO_STORE=files), or the S3 bucket (PHOTO_STORE=s3)."""
    if settings.photo_store == "s3":
        if not settings.photo_s3_bucket:
            raise ValueError("PHOTO_STORE=s3 needs PHOTO_S3_BUCKET")
        client = s3_client(settings.photo_s3_endpoint_url, settings.photo_s3_region,
                           settings.photo_s3_access_key, settings.photo_s3_secret_key)
        return S3Store(client, settings.photo_s3_bucket)
    if settings.photo_store != "files":
        raise ValueError(f"PHOTO_STORE must be files or s3, not {settings.photo_store!r}")
    return FileStore(settings.var_dir / "photos")


def photo_limits(settings: Settings) -> Limits:
    """The size limits of received photos."""
    return Limits(max_bytes=settings.photo_max_bytes, max_pixels=settings.photo_max_pixels)
