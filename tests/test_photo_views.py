"""A supervisor sees an officer's photos where the report is: history (image carousel), the
status card, the PDF; links expire, and one outside the scope gets none."""

from __future__ import annotations

import io
import re
from typing import Any

import requests
from pypdf import PdfReader

from storage.enums import Role
from tests.photo_kit import gps_jpeg, has_gps
from tests.stack import Stack, body
from tests.test_photo_flow import FIELDS, _officer, _photo
from tests.test_report_flow import CODE, _invite

BOSS = "U" + "b" * 32
STRANGER = "U" + "c" * 32
COLORS = ("red", "green", "blue")


def _filed_with_three_photos(stack: Stack) -> None:
    stack.services.settings = stack.services.settings.model_copy(
        update={"public_base_url": stack.bot_url})  # links point at this stack's web app
    _officer(stack)
    stack.say("รายงาน", *FIELDS)
    for color in COLORS:
        _photo(stack, gps_jpeg(color=color))
    assert "รูปประกอบ (หลักฐาน): 3 รูป" in stack.say("ยืนยัน")[0]


def _found(pattern: str, text: str, group: int = 0) -> str:
    match = re.search(pattern, text)
    assert match is not None, text
    return match.group(group)


def _as(stack: Stack, user: str, *texts: str) -> list[dict[str, Any]]:
    before = len(stack.messages(user))
    for t in texts:
        stack.send(text=t, userId=user)
    stack.run_worker()
    return [m["message"] for m in stack.messages(user)[before:]]


def _supervisor(stack: Stack, user: str = BOSS, agency: str = "50470000") -> None:
    code = _invite(stack, Role.SUPERVISOR, projects=(), agency=agency)
    assert "ลงทะเบียนเรียบร้อยแล้ว" in body(_as(stack, user, f"ลงทะเบียน {code}")[-1])


def test_supervisor_sees_the_photos_in_history_and_every_copy_is_without_gps(stack) -> None:
    _filed_with_three_photos(stack)
    _supervisor(stack)
    out = _as(stack, BOSS, f"ประวัติ {CODE}")
    carousel = out[-1]
    assert carousel["type"] == "template"
    assert carousel["template"]["type"] == "image_carousel"
    columns = carousel["template"]["columns"]
    assert len(columns) == 3
    for column in columns:
        assert column["action"]["label"].startswith("#1 ")
        for url in (column["imageUrl"], column["action"]["uri"]):
            resp = requests.get(url, timeout=10)
            assert resp.status_code == 200
            assert resp.headers["Content-Type"] == "image/jpeg"
            assert not has_gps(resp.content)
    tokens = {_found(r"/media/([^.]+)\.jpg", c["imageUrl"], 1) for c in columns}
    assert len(tokens) == 3  # a link per photo, unguessable


def test_status_card_says_how_many_photos(stack: Stack) -> None:
    _filed_with_three_photos(stack)
    _supervisor(stack)
    card = _as(stack, BOSS, f"สถานะ {CODE}")[-1]
    assert "รูปประกอบรายงานล่าสุด: 3 รูป" in card["altText"]
    lines = card["contents"]["body"]["contents"]
    assert lines[-1]["action"]["text"] == f"ประวัติ {CODE}"


def test_the_pdf_has_a_page_of_photos_with_captions(stack: Stack) -> None:
    _filed_with_three_photos(stack)
    _supervisor(stack)
    answer = body(_as(stack, BOSS, f"PDF {CODE}")[-1])
    url = _found(r"http\S+\.pdf", answer)
    pdf = PdfReader(io.BytesIO(requests.get(url, timeout=20).content))
    photo_pages = [p for p in pdf.pages if "รูปประกอบรายงาน" in (p.extract_text() or "")]
    assert len(photo_pages) == 2  # three photos, two a page
    text = "\n".join(p.extract_text() or "" for p in photo_pages)
    assert text.count("เดือน ต.ค. 2569") == 3
    assert text.count("แนบเมื่อ") == 3  # with the Buddhist-Era date it was attached
    images = [img for p in photo_pages for img in p.images]
    assert len(images) == 3
    for img in images:
        assert not has_gps(img.data)


def test_one_outside_the_scope_gets_no_link_and_links_expire(stack: Stack) -> None:
    _filed_with_three_photos(stack)
    _supervisor(stack)
    out = _as(stack, STRANGER, f"ประวัติ {CODE}")
    assert all(m["type"] != "template" for m in out)
    assert "/media/" not in "".join(body(m) for m in out)
    columns = _as(stack, BOSS, f"ประวัติ {CODE}")[-1]["template"]["columns"]
    url = columns[0]["imageUrl"]
    token = _found(r"/media/([^.]+)\.jpg", url, 1)
    stack.services.redis.delete(f"tidtam:media:{token}")  # as when its time is up
    assert requests.get(url, timeout=10).status_code == 404
    forged = url.replace(token, "A" * 43)
    assert requests.get(forged, timeout=10).status_code == 404


def test_the_whole_way_on_an_s3_bucket(tmp_path, redis_url, redis_conn, stack_db_url,
                                       s3_endpoint) -> None:
    from photos.s3 import S3Store, s3_client
    from tests.stack import make_stack

    s3_client(s3_endpoint, "us-east-1", "k", "s").create_bucket(Bucket="tidtam-photos")
    st = make_stack(tmp_path, redis_url, stack_db_url, photo_store="s3",
                    photo_s3_bucket="tidtam-photos", photo_s3_endpoint_url=s3_endpoint,
                    photo_s3_region="us-east-1", photo_s3_access_key="k",
                    photo_s3_secret_key="s")
    try:
        assert isinstance(st.services.photos, S3Store)
        _filed_with_three_photos(st)
        assert len(list(st.services.photos.keys())) == 6  # three photos, three thumbnails
        assert not (tmp_path / "var" / "photos").exists()
        _supervisor(st)
        columns = _as(st, BOSS, f"ประวัติ {CODE}")[-1]["template"]["columns"]
        resp = requests.get(columns[0]["action"]["uri"], timeout=10)
        assert resp.status_code == 200
        assert not has_gps(resp.content)
    finally:
        st.stop()
        st.services.engine.dispose()
