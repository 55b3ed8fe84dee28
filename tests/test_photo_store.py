"""The photo store's contract, run on files under var/ and on a real S3-compatible server."""

from __future__ import annotations

import pytest

from photos.store import PhotoStore, content_key


def test_put_returns_the_content_hash_and_get_gives_the_bytes_back(photo_store: PhotoStore):
    key = photo_store.put(b"\xff\xd8 one photo")
    assert key == content_key(b"\xff\xd8 one photo")
    assert photo_store.get(key) == b"\xff\xd8 one photo"
    assert photo_store.exists(key)


def test_put_is_idempotent_and_same_bytes_share_a_key(photo_store: PhotoStore):
    first = photo_store.put(b"same")
    second = photo_store.put(b"same")
    assert first == second
    assert list(photo_store.keys()) == [first]


def test_missing_key_raises_keyerror_and_does_not_exist(photo_store: PhotoStore):
    key = content_key(b"never stored")
    assert not photo_store.exists(key)
    with pytest.raises(KeyError):
        photo_store.get(key)


def test_delete_removes_and_is_idempotent(photo_store: PhotoStore):
    keep = photo_store.put(b"keep")
    gone = photo_store.put(b"gone")
    photo_store.delete(gone)
    photo_store.delete(gone)
    assert not photo_store.exists(gone)
    assert photo_store.exists(keep)
    assert sorted(photo_store.keys()) == [keep]


def test_keys_lists_every_stored_key(photo_store: PhotoStore):
    keys = {photo_store.put(f"photo {n}".encode()) for n in range(7)}
    assert set(photo_store.keys()) == keys


def test_large_bytes_round_trip(photo_store: PhotoStore):
    data = bytes(range(256)) * 40_000  # 10 MB
    assert photo_store.get(photo_store.put(data)) == data


@pytest.mark.parametrize("bad", ["../etc/passwd", "A" * 64, "", "ab/" + "0" * 61])
def test_a_key_that_is_not_a_hash_is_refused(photo_store: PhotoStore, bad: str):
    with pytest.raises(ValueError, match="not a photo key"):
        photo_store.get(bad)
    with pytest.raises(ValueError, match="not a photo key"):
        photo_store.delete(bad)


def test_modified_is_recent_and_missing_raises(photo_store: PhotoStore):
    from datetime import UTC, datetime, timedelta

    key = photo_store.put(b"when")
    assert abs(datetime.now(UTC) - photo_store.modified(key)) < timedelta(minutes=5)
    with pytest.raises(KeyError):
        photo_store.modified(content_key(b"never"))


def test_gc_removes_only_old_unreferenced_files(photo_store: PhotoStore):
    from datetime import UTC, datetime, timedelta

    from photos.gc import collect

    kept, orphan = photo_store.put(b"kept"), photo_store.put(b"orphan")
    assert collect(photo_store, {kept}, datetime.now(UTC) - timedelta(hours=1)) == []
    later = datetime.now(UTC) + timedelta(minutes=5)
    assert collect(photo_store, {kept}, later, dry_run=True) == [orphan]
    assert photo_store.exists(orphan)
    assert collect(photo_store, {kept}, later) == [orphan]
    assert sorted(photo_store.keys()) == [kept]
