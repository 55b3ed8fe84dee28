"""A project's photos on the dashboard's project page (issue 24's photo store and links)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from handlers.deps import Media
from storage.photos import project_photos


def photos_of(session: Session, media: Media, project_id: int) -> dict[int, list[tuple[str, str]]]:
    """Each report's photos (by report number) as (thumbnail URL, photo URL): expiring links
    made only for one who may see the project (the page checked the scope)."""
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for row, number in project_photos(session, project_id):
        found[number].append((media.photo_url(row.thumb_key), media.photo_url(row.photo_key)))
    return dict(found)
