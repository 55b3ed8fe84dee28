"""Before an image event is routed: fetch it from LINE, check and clean it, store it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from handlers.router import Inbound, Kind
from outbound.content import ContentClient, ContentError
from photos.imaging import Limits, PhotoRejectedError, clean
from photos.refs import PhotoRef
from photos.store import PhotoStore
from runtime.photo_store import photo_limits
from runtime.services import Services

log = logging.getLogger(__name__)


@dataclass
class PhotoIntake:
    """Turns an image event into one carrying its stored photo, or the reason it has none."""

    content: ContentClient
    store: PhotoStore
    limits: Limits

    @classmethod
    def build(cls, services: Services) -> PhotoIntake:
        """The intake of a process, from its settings."""
        settings = services.settings
        content = ContentClient.connect(settings.effective_line_data_api_base_url,
                                        settings.line_channel_access_token,
                                        max(settings.line_api_timeout_seconds, 20.0))
        return cls(content, services.photos, photo_limits(settings))

    def take(self, event: Inbound) -> Inbound:
        """event with photo (or photo_problem) filled; other events as they are.

        The bytes are stored under their content hash before the database transaction, so a
        retried event stores nothing twice; a file no report ends up using is `tidtam media
        gc`'s to remove.
        """
        if event.kind is not Kind.IMAGE or not event.message_id:
            return event
        try:
            data = self.content.fetch(event.message_id, self.limits.max_bytes)
            photo = clean(data, self.limits)
        except ContentError as exc:
            log.info("photo %s not fetched: %s", event.event_id, exc.problem)
            return replace(event, photo_problem=exc.problem.value)
        except PhotoRejectedError as exc:
            log.info("photo %s refused: %s", event.event_id, exc.reason)
            return replace(event, photo_problem=exc.reason.value)
        key = self.store.put(photo.image)
        thumb = self.store.put(photo.thumb)
        return replace(event, photo=PhotoRef(key, thumb, len(photo.image), photo.width,
                                             photo.height))
