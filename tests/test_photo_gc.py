"""`tidtam media gc` removes the files no report or draft refers to, and keeps the rest."""

from __future__ import annotations

import time

from photos.store import content_key
from tests.cli import run_cli
from tests.photo_kit import gps_jpeg
from tests.stack import Stack
from tests.test_photo_flow import FIELDS, _officer, _photo, _rows


def _env(stack: Stack, retention_days: int) -> dict[str, str | None]:
    return {"DATABASE_URL": stack.settings.database_url, "REDIS_URL": stack.settings.redis_url,
            "VAR_DIR": str(stack.settings.var_dir), "DRAFT_TTL_HOURS": "0",
            "PHOTO_RETENTION_DAYS": str(retention_days)}


def test_gc_keeps_reports_and_drafts_photos_and_removes_the_rest(stack: Stack) -> None:
    store = stack.services.photos
    _officer(stack)
    stack.say("รายงาน", *FIELDS)
    _photo(stack, gps_jpeg(color="red"))
    _photo(stack, gps_jpeg(color="green"))
    stack.say("ยืนยัน")
    stack.say("แก้ไขรายงาน", "ลบรูป 1", "ยืนยัน")  # removed: its files kept while retained
    removed, live = _rows(stack)
    assert removed.removed_at is not None
    stack.say("รายงานเดือน พ.ย. 2569")  # a new draft holding a photo
    _photo(stack, gps_jpeg(color="blue"))
    orphan = store.put(b"a file nothing refers to")
    assert content_key(b"a file nothing refers to") == orphan
    time.sleep(0.05)
    result = run_cli("media", "gc", env=_env(stack, 90))
    assert "removed 1 file(s)" in result.output
    assert not store.exists(orphan)
    assert store.exists(removed.photo_key)  # retained 90 days after its removal
    result = run_cli("media", "gc", "--dry-run", env=_env(stack, 0))
    assert "would remove 2 file(s)" in result.output
    assert store.exists(removed.photo_key)
    run_cli("media", "gc", env=_env(stack, 0))
    assert not store.exists(removed.photo_key)
    assert not store.exists(removed.thumb_key)
    assert store.exists(live.photo_key)
    assert store.exists(live.thumb_key)
    assert len(list(store.keys())) == 4  # the live photo and the draft's, each with its thumb
