"""Photo test kit: a real S3-compatible server (moto), both photo stores, a JPEG with GPS."""

from __future__ import annotations

import io
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from moto.server import ThreadedMotoServer
from PIL import Image

from photos.files import FileStore
from photos.s3 import S3Store, s3_client
from photos.store import PhotoStore

GPS_IFD = 0x8825


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3-compatible HTTP server (moto in server mode) for the whole session."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def s3_store(endpoint: str) -> S3Store:
    """A photo store in a fresh bucket on the S3 server at endpoint."""
    client = s3_client(endpoint, "us-east-1", "testing", "testing")
    bucket = f"tidtam-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    return S3Store(client, bucket)


@pytest.fixture(params=["files", "s3"])
def photo_store(request: pytest.FixtureRequest, tmp_path: Path) -> PhotoStore:
    """A fresh, empty photo store on each backend in turn."""
    if request.param == "files":
        return FileStore(tmp_path / "photos")
    return s3_store(request.getfixturevalue("s3_endpoint"))


def gps_jpeg(width: int = 640, height: int = 480, color: str = "teal",
             orientation: int = 1) -> bytes:
    """A JPEG carrying a GPS position (13.75 N, 100.50 E), an author, and an orientation."""
    img = Image.new("RGB", (width, height), color)
    img.paste((200, 30, 30), (0, 0, width // 4, height // 4))  # a red corner, to see rotation
    exif = Image.Exif()
    exif[0x013B] = "สมศรี ใจดี"  # Artist
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (13.0, 45.0, 0.0)
    gps[3] = "E"
    gps[4] = (100.0, 30.0, 0.0)
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def has_gps(data: bytes) -> bool:
    """True when data's EXIF holds any GPS tag (or any EXIF at all that names a place)."""
    img = Image.open(io.BytesIO(data))
    exif = img.getexif()
    return bool(exif.get_ifd(GPS_IFD)) or GPS_IFD in exif or b"GPS" in data[:65536]
