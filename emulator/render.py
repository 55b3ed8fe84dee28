"""Render LINE message objects as plain text, with tappable actions numbered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]
INLINE = frozenset({"text", "span", "filler", "icon", "separator"})
RULE = "─" * 12


@dataclass(frozen=True)
class Choice:
    """One tappable action: a button, a template action or a quick-reply item."""

    label: str
    kind: str
    text: str | None = None
    data: str | None = None
    display_text: str | None = None
    uri: str | None = None
    mode: str | None = None


def choice_of(action: JSON) -> Choice:
    """The choice an action object offers."""
    label = action.get("label") or action.get("text") or action.get("displayText") or ""
    return Choice(label=str(label), kind=str(action.get("type", "")), text=action.get("text"),
                  data=action.get("data"), display_text=action.get("displayText"),
                  uri=action.get("uri"), mode=action.get("mode"))


Piece = str | Choice


def _flex(node: Any, out: list[Piece]) -> None:
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind == "bubble":
        for part in ("header", "hero", "body", "footer"):
            _flex(node.get(part), out)
    elif kind == "carousel":
        bubbles = node.get("contents", [])
        for i, bubble in enumerate(bubbles, 1):
            out.append(f"{RULE} {i}/{len(bubbles)}")
            _flex(bubble, out)
    elif kind == "box":
        kids = [k for k in node.get("contents", []) if isinstance(k, dict)]
        if node.get("layout") != "vertical" and kids and all(k.get("type") in INLINE
                                                             for k in kids):
            words = [_flex_text(k) for k in kids]
            out.append("  ".join(w for w in words if w))
        else:
            for kid in kids:
                _flex(kid, out)
    elif kind == "text":
        out.append(_flex_text(node))
    elif kind == "button" and isinstance(node.get("action"), dict):
        out.append(choice_of(node["action"]))
    elif kind == "image":
        out.append(f"[รูปภาพ] {node.get('url', '')}")
    elif kind == "video":
        out.append(f"[วิดีโอ] {node.get('url', '')}")
    elif kind == "separator":
        out.append(RULE)


def _flex_text(node: JSON) -> str:
    if node.get("type") != "text":
        return ""
    spans = node.get("contents") or []
    return str(node.get("text") or "".join(str(s.get("text", "")) for s in spans))


def _template(tpl: JSON, out: list[Piece]) -> None:
    kind = tpl.get("type")
    columns = tpl.get("columns", []) if kind in ("carousel", "image_carousel") else [tpl]
    for i, col in enumerate(columns, 1):
        if len(columns) > 1:
            out.append(f"{RULE} {i}/{len(columns)}")
        out.extend(str(col[k]) for k in ("title", "text") if col.get(k))
        actions = col.get("actions") or ([col["action"]] if col.get("action") else [])
        out.extend(choice_of(a) for a in actions if isinstance(a, dict))


def _pieces(msg: JSON) -> list[Piece]:
    kind, out = msg.get("type"), list[Piece]()
    url = msg.get("originalContentUrl", "")
    if kind == "text":
        out.append(str(msg.get("text", "")))
    elif kind == "image":
        out.append(f"[รูปภาพ] {url}")
    elif kind in ("video", "audio"):
        out.append(f"[{'วิดีโอ' if kind == 'video' else 'เสียง'}] {url}")
    elif kind == "sticker":
        out.append(f"[สติกเกอร์ {msg.get('packageId')}/{msg.get('stickerId')}]")
    elif kind == "location":
        out.append(f"[ตำแหน่ง] {msg.get('title', '')} {msg.get('address', '')} "
                   f"({msg.get('latitude')}, {msg.get('longitude')})")
    elif kind == "template":
        _template(msg.get("template") or {}, out)
    elif kind == "flex":
        _flex(msg.get("contents"), out)
    else:
        out.append(f"[{kind}] {msg.get('altText', '')}".rstrip())
    return out


def actions_of(msg: JSON) -> list[Choice]:
    """The buttons and template actions in a message, in display order."""
    return [p for p in _pieces(msg) if isinstance(p, Choice)]


def quick_replies(msg: JSON) -> list[Choice]:
    """The quick-reply items attached to a message."""
    items = (msg.get("quickReply") or {}).get("items") or []
    return [choice_of(i["action"]) for i in items if isinstance(i.get("action"), dict)]


def choices(messages: Sequence[JSON]) -> list[Choice]:
    """Every choice in a batch, numbered from 1 in this order: LINE shows quick replies
    only for the last message, so only its items count."""
    found = [c for m in messages for c in actions_of(m)]
    return found + (quick_replies(messages[-1]) if messages else [])


def _choice_line(n: int, c: Choice, quick: bool) -> str:
    hint = f" → {c.uri}" if c.uri else " (เลือกวัน/เวลา)" if c.kind == "datetimepicker" else ""
    return f"  {'(' if quick else '['}{n}{')' if quick else ']'} {c.label}{hint}"


def render_message(msg: JSON, start: int = 1, quick_reply: bool = True) -> str:
    """One message as readable lines, its choices numbered from start."""
    lines, n = [], start
    for piece in _pieces(msg):
        if isinstance(piece, Choice):
            lines.append(_choice_line(n, piece, quick=False))
            n += 1
        else:
            lines.append(piece)
    if quick_reply:
        lines += [_choice_line(n + i, c, quick=True) for i, c in enumerate(quick_replies(msg))]
    return "\n".join(lines)


def render_messages(messages: Sequence[JSON]) -> list[str]:
    """Each message of a batch rendered, numbered to agree with choices(messages)."""
    out, n = [], 1
    for i, msg in enumerate(messages):
        out.append(render_message(msg, n, quick_reply=i == len(messages) - 1))
        n += len(actions_of(msg))
    return out
