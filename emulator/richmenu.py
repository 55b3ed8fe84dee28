"""The emulator's rich-menu endpoints: create, picture, list, default, link per user."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, g, request

from emulator.state import JSON, LineError, body_error

MAX_MENUS = 1000
CHAT_BAR_MAX = 14


def menu_errors(body: JSON) -> list[JSON]:
    """What LINE would refuse in a rich menu object (size, areas, chat bar text)."""
    errors: list[JSON] = []
    raw = body.get("size")
    size: JSON = raw if isinstance(raw, dict) else {}
    width, height = size.get("width"), size.get("height")
    if width not in (800, 1200, 2500) or not isinstance(height, int) or not 250 <= height <= 1686:
        errors.append({"message": "invalid rich menu size", "property": "size"})
    bar = body.get("chatBarText")
    if not isinstance(bar, str) or not 1 <= len(bar) <= CHAT_BAR_MAX:
        errors.append({"message": f"Length must be between 1 and {CHAT_BAR_MAX}",
                       "property": "chatBarText"})
    if not isinstance(body.get("name"), str) or not 1 <= len(body["name"]) <= 300:
        errors.append({"message": "Length must be between 1 and 300", "property": "name"})
    areas = body.get("areas")
    if not isinstance(areas, list) or not 1 <= len(areas) <= 20:
        errors.append({"message": "Size must be between 1 and 20", "property": "areas"})
        return errors
    for i, area in enumerate(areas):
        bounds = area.get("bounds", {}) if isinstance(area, dict) else {}
        inside = (isinstance(width, int) and isinstance(height, int)
                  and all(isinstance(bounds.get(k), int) for k in ("x", "y", "width", "height"))
                  and bounds["x"] + bounds["width"] <= width
                  and bounds["y"] + bounds["height"] <= height)
        if not inside:
            errors.append({"message": "area out of the rich menu", "property": f"areas[{i}]"})
        if not isinstance(area, dict) or not isinstance(area.get("action"), dict):
            errors.append({"message": "Must not be null", "property": f"areas[{i}].action"})
    return errors


@dataclass
class RichMenus:
    """The channel's rich menus, their pictures, the default and the per-user links."""

    menus: dict[str, JSON] = field(default_factory=dict)
    pictures: dict[str, int] = field(default_factory=dict)
    default: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)

    def menu_of(self, user_id: str) -> JSON | None:
        """The menu a user sees: linked to them, else the default."""
        with self.lock:
            menu_id = self.links.get(user_id) or self.default
            return self.menus.get(menu_id) if menu_id else None

    def _known(self, menu_id: str, *, with_picture: bool = False) -> None:
        if menu_id not in self.menus:
            raise LineError(404, "richmenu not found")
        if with_picture and menu_id not in self.pictures:
            raise LineError(400, "must upload richmenu image before applying it to user")


def register_rich_menus(app: Flask, store: RichMenus) -> None:
    """Add LINE's rich-menu endpoints (and /_emulator/richmenu) to the emulator app."""

    def body() -> JSON:
        g.body = request.get_json(silent=True)
        if not isinstance(g.body, dict):
            raise LineError(400, "The request body could not be parsed as JSON")
        return g.body

    @app.post("/v2/bot/richmenu")
    def create() -> JSON:
        menu = body()
        errors = menu_errors(menu)
        if errors:
            raise body_error(errors)
        with store.lock:
            if len(store.menus) >= MAX_MENUS:
                raise LineError(400, "The maximum number of rich menus has been reached")
            menu_id = f"richmenu-{uuid.uuid4().hex}"
            store.menus[menu_id] = {**menu, "richMenuId": menu_id}
        return {"richMenuId": menu_id}

    @app.post("/v2/bot/richmenu/<menu_id>/content")
    def picture(menu_id: str) -> JSON:
        with store.lock:
            store._known(menu_id)
            if request.content_type not in ("image/png", "image/jpeg"):
                raise LineError(415, "Unsupported Media Type")
            data = request.get_data()
            if not data or len(data) > 1024 * 1024:
                raise LineError(400, "image must be at most 1 MB")
            if menu_id in store.pictures:
                raise LineError(400, "An image has already been uploaded to the richmenu")
            store.pictures[menu_id] = len(data)
        return {}

    @app.get("/v2/bot/richmenu/list")
    def listing() -> JSON:
        with store.lock:
            return {"richmenus": list(store.menus.values())}

    @app.get("/v2/bot/richmenu/<menu_id>")
    def one(menu_id: str) -> JSON:
        with store.lock:
            store._known(menu_id)
            return store.menus[menu_id]

    @app.delete("/v2/bot/richmenu/<menu_id>")
    def delete(menu_id: str) -> JSON:
        with store.lock:
            store._known(menu_id)
            del store.menus[menu_id]
            store.pictures.pop(menu_id, None)
            store.links = {u: m for u, m in store.links.items() if m != menu_id}
            store.default = None if store.default == menu_id else store.default
        return {}

    @app.post("/v2/bot/user/all/richmenu/<menu_id>")
    def set_default(menu_id: str) -> JSON:
        with store.lock:
            store._known(menu_id, with_picture=True)
            store.default = menu_id
        return {}

    @app.post("/v2/bot/user/<user_id>/richmenu/<menu_id>")
    def link(user_id: str, menu_id: str) -> JSON:
        with store.lock:
            store._known(menu_id, with_picture=True)
            store.links[user_id] = menu_id
        return {}

    @app.get("/v2/bot/user/<user_id>/richmenu")
    def linked(user_id: str) -> JSON:
        with store.lock:
            if user_id not in store.links:
                raise LineError(404, "the user has no richmenu")
            return {"richMenuId": store.links[user_id]}

    @app.delete("/v2/bot/user/<user_id>/richmenu")
    def unlink(user_id: str) -> JSON:
        with store.lock:
            store.links.pop(user_id, None)
        return {}

    @app.get("/_emulator/richmenu")
    def seen() -> Any:
        user_id = request.args.get("userId", "")
        return {"menu": store.menu_of(user_id)}
