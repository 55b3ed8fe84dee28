"""Photos are decoded to be checked, turned upright, stripped of EXIF (GPS!) and thumbnailed."""

from __future__ import annotations

import io
import zlib

import pytest
from PIL import Image

from photos.imaging import Limits, PhotoRejectedError, Rejection, clean
from tests.photo_kit import gps_jpeg, has_gps


def test_the_test_photo_really_carries_gps():
    assert has_gps(gps_jpeg())


def test_clean_drops_gps_and_personal_metadata_from_photo_and_thumbnail():
    photo = clean(gps_jpeg())
    for copy in (photo.image, photo.thumb):
        assert not has_gps(copy)
        img = Image.open(io.BytesIO(copy))
        assert img.format == "JPEG"
        assert not img.getexif()
        assert "สมศรี".encode() not in copy
        assert b"PhoneMaker" not in copy
        assert "icc_profile" not in img.info


def test_orientation_is_applied_before_exif_is_dropped():
    photo = clean(gps_jpeg(640, 480, orientation=6))  # 6: rotate 90° clockwise to view
    assert (photo.width, photo.height) == (480, 640)
    img = Image.open(io.BytesIO(photo.image)).convert("RGB")
    pixel = img.getpixel((photo.width - 5, 5))
    assert isinstance(pixel, tuple)
    red, green, _ = pixel  # the red corner is now top right
    assert red > 150
    assert green < 100


def test_thumbnail_is_square_and_small():
    photo = clean(gps_jpeg(1600, 900))
    thumb = Image.open(io.BytesIO(photo.thumb))
    assert thumb.size == (480, 480)
    assert len(photo.thumb) < len(photo.image)


def test_a_big_photo_is_shrunk_to_max_side():
    photo = clean(gps_jpeg(3000, 1500), Limits(max_side=1000))
    assert (photo.width, photo.height) == (1000, 500)


def test_png_with_transparency_becomes_a_jpeg_on_white():
    out = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 0, 0)).save(out, "PNG")
    img = Image.open(io.BytesIO(clean(out.getvalue()).image))
    assert img.format == "JPEG"
    assert img.getpixel((10, 10)) == (255, 255, 255)


def test_too_many_bytes_is_refused_before_decoding():
    with pytest.raises(PhotoRejectedError) as err:
        clean(b"\xff\xd8" + b"\0" * 2048, Limits(max_bytes=1024))
    assert err.value.reason is Rejection.TOO_BIG


def test_a_25_mb_image_is_refused_with_the_default_limit():
    data = gps_jpeg() + b"\0" * (25 * 1024 * 1024)
    with pytest.raises(PhotoRejectedError) as err:
        clean(data)
    assert err.value.reason is Rejection.TOO_BIG


def _png_bomb(side: int) -> bytes:
    """A tiny PNG file that claims side × side pixels (a decompression bomb)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (len(body).to_bytes(4, "big") + kind + body
                + zlib.crc32(kind + body).to_bytes(4, "big"))
    header = side.to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    rows = zlib.compress(b"\0" * (side + 1) * 64, 9)  # only the first rows: size is in the header
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)
            + chunk(b"IEND", b""))


def test_a_decompression_bomb_is_refused_without_decoding():
    bomb = _png_bomb(50_000)  # 2.5 gigapixels in a few kB
    assert len(bomb) < 100_000
    with pytest.raises(PhotoRejectedError) as err:
        clean(bomb)
    assert err.value.reason is Rejection.TOO_MANY_PIXELS


@pytest.mark.parametrize("data", [
    b"",
    b"%PDF-1.7 not a photo",
    b"\x00\x00\x00\x18ftypmp42 a video",
    b"\xff\xd8\xff\xe0 a jpeg header and nothing else",
])
def test_what_is_not_a_picture_is_refused(data: bytes):
    with pytest.raises(PhotoRejectedError) as err:
        clean(data)
    assert err.value.reason is Rejection.NOT_IMAGE


def test_a_truncated_jpeg_is_refused():
    whole = gps_jpeg(800, 600)
    with pytest.raises(PhotoRejectedError) as err:
        clean(whole[: len(whole) // 2])
    assert err.value.reason is Rejection.NOT_IMAGE
