"""Pages of photos after a printed form: two photos a page, each with its caption."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from fpdf import FPDF

PAGE_W, MARGIN, TOP = 210.0, 18.0, 20.0
WIDTH = PAGE_W - 2 * MARGIN
BOX_H = 112.0  # the room of one photo (two a page, with captions)
CAPTION_H = 7.0
MISSING = "(ไม่พบไฟล์รูปนี้ในที่เก็บรูป)"


@dataclass(frozen=True)
class PrintedPhoto:
    """A photo to print (JPEG bytes, None when the file is missing) and its caption."""

    image: bytes | None
    caption: str


def draw_photo_pages(pdf: FPDF, family: str, title: str,
                     photos: Sequence[PrintedPhoto]) -> None:
    """Add the photo pages to pdf: a heading on each, two photos a page, captions below."""
    pages = (len(photos) + 1) // 2
    for page in range(pages):
        pdf.add_page()
        pdf.set_font(family, "B", 13)
        pdf.set_xy(MARGIN, TOP - 8)
        pdf.cell(WIDTH, 7, f"{title} (หน้า {page + 1}/{pages})")
        for slot, photo in enumerate(photos[page * 2: page * 2 + 2]):
            top = TOP + 2 + slot * (BOX_H + CAPTION_H + 8)
            if photo.image is not None:
                pdf.image(io.BytesIO(photo.image), x=MARGIN, y=top, w=WIDTH, h=BOX_H,
                          keep_aspect_ratio=True)
            pdf.set_font(family, "", 11)
            pdf.set_xy(MARGIN, top + BOX_H + 1)
            caption = photo.caption if photo.image is not None else f"{photo.caption} {MISSING}"
            pdf.cell(WIDTH, CAPTION_H, caption, align="C")
