"""An event's effects are the router's Outcome, end to end; this stores and reads them back."""

from __future__ import annotations

from typing import Any

from conversations.drafts import DraftWrite
from handlers.router import Outcome


def has_effects(outcome: Outcome) -> bool:
    """True when the outcome asks for anything after the commit (replies, a draft, a menu)."""
    return bool(outcome.replies) or outcome.draft is not None or outcome.menu is not None


def to_json(outcome: Outcome) -> dict[str, Any]:
    """The outcome as stored with its event (the shape earlier versions stored too)."""
    return {"replies": outcome.replies,
            "draft": outcome.draft.to_json() if outcome.draft else None,
            "menu": outcome.menu}


def from_json(data: dict[str, Any]) -> Outcome:
    """An outcome back from what to_json stored."""
    draft = data.get("draft")
    menu = data.get("menu")
    return Outcome(list(data.get("replies") or []),
                   DraftWrite.from_json(draft) if draft else None,
                   str(menu) if menu else None)
