"""The rich menu of each role, as data: what its tiles say and send (LINE draws the picture)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.enums import Role

WIDTH, ROW_HEIGHT, COLUMNS = 2500, 843, 3
VERSION = 3


@dataclass(frozen=True)
class Tile:
    """One tappable tile: its label and the text it sends."""

    label: str
    text: str


MENUS: dict[str, tuple[Tile, ...]] = {
    "guest": (Tile("ลงทะเบียน", "ลงทะเบียน"), Tile("ช่วยเหลือ", "ช่วยเหลือ"),
              Tile("ติดต่อผู้ดูแล", "ติดต่อผู้ดูแล")),
    "officer": (Tile("ส่งรายงาน", "รายงาน"), Tile("แก้ไขรายงาน", "แก้ไขรายงาน"),
                Tile("ทำต่อ", "ทำต่อ"), Tile("สถานะโครงการ", "สถานะ"),
                Tile("เตือนพรุ่งนี้", "เตือนพรุ่งนี้"), Tile("ช่วยเหลือ", "ช่วยเหลือ")),
    "supervisor": (Tile("แดชบอร์ด", "แดชบอร์ด"), Tile("สถานะโครงการ", "สถานะ"),
                   Tile("ค้างส่ง", "ค้างส่ง"), Tile("สรุปภาพรวม", "สรุป"),
                   Tile("ตัวชี้วัด", "สถานะตัวชี้วัด"), Tile("เตือนค้างส่ง", "เตือนค้างส่ง"),
                   Tile("ส่งออก Excel", "ส่งออก excel"), Tile("ช่วยเหลือ", "ช่วยเหลือ")),
}
MENUS["admin"] = MENUS["supervisor"]


def role_key(role: Role | None) -> str:
    """The menu of a role ("guest" when not registered)."""
    return role.value if role is not None else "guest"


def columns(key: str) -> int:
    """Tiles a row: three, or four when a menu has more than six (LINE allows two rows)."""
    return COLUMNS if len(MENUS[key]) <= 2 * COLUMNS else COLUMNS + 1


def menu_name(key: str) -> str:
    """The rich menu's name at LINE, versioned so a changed menu is created anew."""
    return f"tidtam-{key}-v{VERSION}"


def rich_menu(key: str) -> dict[str, Any]:
    """The rich menu object LINE's API takes for one role: tiles in rows of three (or four)."""
    tiles = MENUS[key]
    per_row = columns(key)
    rows = (len(tiles) + per_row - 1) // per_row
    width = WIDTH // per_row
    areas = [{"bounds": {"x": (i % per_row) * width, "y": (i // per_row) * ROW_HEIGHT,
                         "width": width, "height": ROW_HEIGHT},
              "action": {"type": "message", "label": tile.label[:20], "text": tile.text}}
             for i, tile in enumerate(tiles)]
    return {"size": {"width": WIDTH, "height": rows * ROW_HEIGHT}, "selected": key != "guest",
            "name": menu_name(key), "chatBarText": "เมนูติดตาม", "areas": areas}
