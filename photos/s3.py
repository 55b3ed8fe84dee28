"""Photos in an S3-compatible bucket (AWS S3, MinIO, Ceph…), for several web hosts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from photos.store import check_key, content_key

_MISSING = {"404", "NoSuchKey", "NotFound"}


def s3_client(endpoint_url: str, region: str, access_key: str, secret_key: str,
              timeout_seconds: float = 10.0) -> Any:
    """A boto3 S3 client for endpoint_url (empty: AWS), path-style, with retries."""
    config = Config(s3={"addressing_style": "path"}, connect_timeout=timeout_seconds,
                    read_timeout=timeout_seconds, retries={"max_attempts": 3, "mode": "standard"})
    return boto3.client("s3", endpoint_url=endpoint_url or None, region_name=region or None,
                        aws_access_key_id=access_key or None,
                        aws_secret_access_key=secret_key or None, config=config)


def _missing(exc: ClientError) -> bool:
    """True when S3 answered that the object does not exist."""
    return str(exc.response.get("Error", {}).get("Code", "")) in _MISSING


@dataclass(frozen=True)
class S3Store:
    """Photos as objects prefix+key in bucket; the client is built once and passed in."""

    client: Any
    bucket: str
    prefix: str = "photos/"

    def put(self, data: bytes) -> str:
        """Upload data under its content hash and return the key."""
        key = content_key(data)
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=data,
                               ContentType="image/jpeg")
        return key

    def get(self, key: str) -> bytes:
        """The object's bytes; KeyError when there is none."""
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.prefix + check_key(key))
        except ClientError as exc:
            if _missing(exc):
                raise KeyError(key) from None
            raise
        body: bytes = answer["Body"].read()
        return body

    def delete(self, key: str) -> None:
        """Delete the object (S3 deletes are idempotent)."""
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + check_key(key))

    def exists(self, key: str) -> bool:
        """True when the object exists (a HEAD request)."""
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.prefix + check_key(key))
        except ClientError as exc:
            if _missing(exc):
                return False
            raise
        return True

    def modified(self, key: str) -> datetime:
        """The object's LastModified (a HEAD request)."""
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self.prefix + check_key(key))
        except ClientError as exc:
            if _missing(exc):
                raise KeyError(key) from None
            raise
        when: datetime = head["LastModified"]
        return when.astimezone(UTC)

    def keys(self) -> Iterator[str]:
        """Every key under the prefix, page by page."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix)
        for page in pages:
            for item in page.get("Contents", []):
                yield str(item["Key"])[len(self.prefix):]
