"""Rich menus per role: drawn and created at LINE at start-up, linked when a role changes."""

from __future__ import annotations

import io
import logging
import threading
from functools import lru_cache
from typing import cast

import fontpkg_sarabun
import redis
from PIL import Image, ImageDraw, ImageFont

from handlers.menus import MENUS, ROW_HEIGHT, WIDTH, columns, menu_name, rich_menu
from outbound.client import LineClient

log = logging.getLogger(__name__)
KEY = "tidtam:richmenus"
LOCK = "tidtam:richmenus:lock"
_FONT = fontpkg_sarabun.ROOT / "files" / "Sarabun-Bold.ttf"
_COLOURS = ("#0b6e4f", "#08a045", "#1b998b")


@lru_cache(maxsize=8)
def picture(key: str) -> bytes:
    """The PNG LINE shows for a menu: one coloured tile per item, its label in Sarabun."""
    tiles = MENUS[key]
    per_row = columns(key)
    rows = (len(tiles) + per_row - 1) // per_row
    image = Image.new("RGB", (WIDTH, rows * ROW_HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    width = WIDTH // per_row
    for i, tile in enumerate(tiles):
        size = 130
        font = ImageFont.truetype(str(_FONT), size)
        while size > 60 and draw.textlength(tile.label, font=font) > width - 90:
            size -= 10
            font = ImageFont.truetype(str(_FONT), size)
        x, y = (i % per_row) * width, (i // per_row) * ROW_HEIGHT
        draw.rectangle((x + 12, y + 12, x + width - 12, y + ROW_HEIGHT - 12),
                       fill=_COLOURS[i % len(_COLOURS)])
        draw.text((x + width / 2, y + ROW_HEIGHT / 2), tile.label, font=font, fill="white",
                  anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def ensure_menus(gateway: LineClient, conn: redis.Redis) -> dict[str, str]:
    """Create the menus LINE does not have yet, make the guest menu the default, remember ids.

    Failures are logged, never raised: the bot works without menus. Workers starting together
    take turns (a Redis lock), so the menus are created once.
    """
    try:
        if not conn.set(LOCK, "1", nx=True, ex=120):
            log.info("rich menus: another worker is setting them up")
            return {}
    except redis.RedisError:
        log.warning("rich menus not set up: Redis unavailable")
        return {}
    try:
        existing = gateway.rich_menus()
        ids = {}
        for key in MENUS:
            name = menu_name(key)
            ids[key] = existing.get(name) or gateway.create_rich_menu(rich_menu(key),
                                                                       picture(key))
        gateway.set_default_rich_menu(ids["guest"])
    except Exception as exc:  # LINE unreachable or refusing: the bot works without menus
        log.warning("rich menus not set up: %s", type(exc).__name__)
        return {}
    finally:
        conn.delete(LOCK)
    conn.hset(KEY, mapping=ids)
    log.info("rich menus ready: %s", ", ".join(sorted(ids)))
    return ids


def link_menu(gateway: LineClient, conn: redis.Redis, user_id: str, key: str) -> None:
    """Show a user their role's menu (nothing when the menus are not set up)."""
    menu_id = cast(bytes | None, conn.hget(KEY, key))
    if menu_id is None:
        return
    try:
        gateway.link_rich_menu(user_id, menu_id.decode())
    except Exception as exc:  # a menu is a convenience: never fail the event for it
        log.warning("rich menu not linked: %s", type(exc).__name__)


def link_by_name(gateway: LineClient, user_id: str, key: str) -> bool:
    """Link a role's menu found by its name at LINE (for processes without the Redis ids)."""
    try:
        menu_id = gateway.rich_menus().get(menu_name(key))
        if menu_id is None:
            return False
        gateway.link_rich_menu(user_id, menu_id)
    except Exception:  # LINE unreachable: the next follow or registration links it
        log.warning("rich menu not linked by name")
        return False
    return True


def ensure_menus_soon(gateway: LineClient, conn: redis.Redis) -> threading.Thread:
    """Set the menus up in the background, so a starting worker answers at once."""
    thread = threading.Thread(target=ensure_menus, args=(gateway, conn), name="richmenus",
                              daemon=True)
    thread.start()
    return thread
