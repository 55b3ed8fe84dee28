"""A stored photo as the conversation carries it: keys and sizes, JSON-friendly."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class PhotoRef:
    """A cleaned photo in the photo store: its copy, its thumbnail, bytes and pixels.

    row is the report_photos id once the photo belongs to a stored report (0 before).
    """

    key: str
    thumb: str
    size: int
    width: int
    height: int
    row: int = 0

    def to_json(self) -> dict[str, Any]:
        """As kept in a draft."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PhotoRef:
        """Back from to_json's data."""
        return cls(str(data["key"]), str(data["thumb"]), int(data["size"]), int(data["width"]),
                   int(data["height"]), int(data.get("row", 0)))
