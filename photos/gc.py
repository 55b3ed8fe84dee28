"""Remove stored photo files nothing refers to any more (`tidtam media gc`)."""

from __future__ import annotations

from collections.abc import Set
from datetime import datetime

from photos.store import PhotoStore


def unreferenced(store: PhotoStore, keep: Set[str], written_before: datetime) -> list[str]:
    """Keys not in keep and written before written_before (younger files may belong to a
    photo whose event is still being handled)."""
    found = []
    stored = store.keys()
    for key in stored:
        if key in keep:
            continue
        try:
            if store.modified(key) < written_before:
                found.append(key)
        except KeyError:
            continue  # removed meanwhile
    return sorted(found)


def collect(store: PhotoStore, keep: Set[str], written_before: datetime,
            dry_run: bool = False) -> list[str]:
    """Delete (unless dry_run) and return the keys unreferenced() finds."""
    found = unreferenced(store, keep, written_before)
    if not dry_run:
        for key in found:
            store.delete(key)
    return found
