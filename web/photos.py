"""Hook for a report's photos on the project page (issue 24 builds the photos themselves)."""

from __future__ import annotations

from sqlalchemy.orm import Session


def photos_of(session: Session, project_id: int) -> dict[int, list[str]]:
    """Photo URLs of a project's reports, by report number: none yet.

    Issue 24 (photos, built in another branch) fills this in; the project page already shows
    whatever it returns under each report (web/templates/_photos.html).
    """
    del session, project_id
    return {}
