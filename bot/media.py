"""Serve generated files (chart PNGs, form PDFs) from runtime.media_store at their expiring URLs."""

from __future__ import annotations

import re
from typing import cast

import redis
from flask import Blueprint, Response, abort, current_app
from werkzeug.exceptions import HTTPException

from runtime.media_store import CONTENT_TYPES, PREFIX
from runtime.services import Services

_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
blueprint = Blueprint("media", __name__)
_PAGE = ("<!doctype html><html lang=\"th\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>ติดตาม</title></head><body style=\"font-family:sans-serif;padding:1.5em\">"
         "<p>{message}</p></body></html>")
_MESSAGES = {
    404: ("ลิงก์นี้หมดอายุแล้วหรือไม่มีอยู่ค่ะ กรุณาส่งคำสั่งเดิมในแชต LINE อีกครั้ง "
          "(เช่น \"PDF\" หรือ \"กราฟ\" ตามด้วยรหัสโครงการ) เพื่อรับลิงก์ใหม่นะคะ"),
    503: "ขออภัยค่ะ ระบบไม่พร้อมให้บริการชั่วคราว กรุณาลองใหม่อีกครั้งในอีกสักครู่นะคะ",
}


@blueprint.errorhandler(HTTPException)
def thai_error(error: HTTPException) -> Response:
    """An expired, unknown or unavailable link explained in Thai, not Werkzeug's English."""
    code = error.code or 500
    message = _MESSAGES.get(code, "ขออภัยค่ะ เปิดลิงก์นี้ไม่สำเร็จ กรุณาลองใหม่อีกครั้งนะคะ")
    return Response(_PAGE.format(message=message), status=code,
                    mimetype="text/html", headers={"Cache-Control": "no-store"})


@blueprint.get("/media/<token>.<ext>")
def serve(token: str, ext: str) -> Response:
    """Serve a stored file; 404 for an unknown, expired or malformed token."""
    if not _TOKEN.fullmatch(token) or ext not in CONTENT_TYPES:
        abort(404)
    services: Services = current_app.extensions["tidtam"]
    try:
        fields = cast(dict[bytes, bytes], services.redis.hgetall(PREFIX + token))
        ttl = max(int(cast(int, services.redis.ttl(PREFIX + token))), 0)
    except redis.RedisError:
        abort(503)
    if not fields or fields.get(b"ext", b"").decode() != ext:
        abort(404)
    body = fields.get(b"body")
    if b"photo" in fields:  # a photo's link: the bytes live in the photo store
        try:
            body = services.photos.get(fields[b"photo"].decode())
        except (KeyError, ValueError):
            abort(404)
    resp = Response(body, mimetype=CONTENT_TYPES[ext])
    resp.headers["Cache-Control"] = f"private, max-age={ttl}"
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Referrer-Policy"] = "no-referrer"
    filename = fields.get(b"filename", b"").decode()
    if filename:
        how = "attachment" if ext == "xlsx" else "inline"  # a browser cannot show a workbook
        resp.headers["Content-Disposition"] = f'{how}; filename="{filename}.{ext}"'
    return resp
