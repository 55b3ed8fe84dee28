"""Check that bytes really are a photo, and clean them: upright, no EXIF/GPS, plus a thumbnail."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF"})


class Rejection(StrEnum):
    """Why a received file is not kept as a photo."""

    TOO_BIG = "too_big"  # more bytes than the limit
    TOO_MANY_PIXELS = "too_many_pixels"  # a decompression bomb, or simply huge
    NOT_IMAGE = "not_image"  # does not decode as a picture (corrupt, truncated, another file)


class PhotoRejectedError(ValueError):
    """The file cannot be kept as a photo; reason says why."""

    def __init__(self, reason: Rejection) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    """How big a received photo may be, and the sizes kept."""

    max_bytes: int = 10 * 1024 * 1024
    max_pixels: int = 40_000_000
    max_side: int = 2048  # the kept copy's longer side at most
    thumb_side: int = 480  # the thumbnail: a square this big (LINE's carousel wants 1:1)


@dataclass(frozen=True)
class CleanPhoto:
    """A photo ready to store: JPEG bytes without metadata, and its square thumbnail."""

    image: bytes
    thumb: bytes
    width: int
    height: int


def _jpeg(img: Image.Image, quality: int) -> bytes:
    """img as a baseline JPEG with no EXIF, no ICC, no comment."""
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def _flatten(img: Image.Image) -> Image.Image:
    """img as plain RGB pixels (transparency onto white); no metadata travels with pixels."""
    if img.mode in ("RGBA", "LA", "P", "PA"):
        rgba = img.convert("RGBA")
        base = Image.new("RGB", rgba.size, "white")
        base.paste(rgba, mask=rgba.getchannel("A"))
        return base
    return img.convert("RGB")


def _decode(data: bytes, limits: Limits) -> Image.Image:
    """The fully decoded first frame; PhotoRejectedError when it is not a sane picture."""
    if len(data) > limits.max_bytes:
        raise PhotoRejectedError(Rejection.TOO_BIG)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            if img.format not in FORMATS:
                raise PhotoRejectedError(Rejection.NOT_IMAGE)
            width, height = img.size
            if width * height > limits.max_pixels or width < 1 or height < 1:
                raise PhotoRejectedError(Rejection.TOO_MANY_PIXELS)
            img.load()  # decodes every byte: a truncated or corrupt file fails here
            return ImageOps.exif_transpose(img)  # orientation first, then EXIF is dropped
    except PhotoRejectedError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRejectedError(Rejection.TOO_MANY_PIXELS) from None
    except (OSError, SyntaxError, ValueError, EOFError, UnidentifiedImageError):
        raise PhotoRejectedError(Rejection.NOT_IMAGE) from None


def clean(data: bytes, limits: Limits | None = None) -> CleanPhoto:
    """Decode data, turn it upright, drop every metadata, shrink it, and make a thumbnail."""
    limits = limits or Limits()
    img = _flatten(_decode(data, limits))
    img.thumbnail((limits.max_side, limits.max_side), Image.Resampling.LANCZOS)
    thumb = ImageOps.pad(img, (limits.thumb_side, limits.thumb_side), color="white")
    return CleanPhoto(image=_jpeg(img, 85), thumb=_jpeg(thumb, 80),
                      width=img.width, height=img.height)
