"""Name the fields in which two copies of the same form differ."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any


def differences(old: Any, new: Any, prefix: str = "") -> list[str]:
    """Dotted names of the fields that differ between two records of the same type."""
    if not (is_dataclass(old) and is_dataclass(new)) or type(old) is not type(new):
        return [prefix or "record"] if old != new else []
    changed: list[str] = []
    for spec in fields(old):
        if not spec.compare:  # flags and line numbers say how it was read, not what
            continue
        a, b = getattr(old, spec.name), getattr(new, spec.name)
        name = f"{prefix}{spec.name}"
        if a == b:
            continue
        if is_dataclass(a):
            changed.extend(differences(a, b, f"{name}."))
        elif isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
            for index, (x, y) in enumerate(zip(a, b, strict=True)):
                changed.extend(differences(x, y, f"{name}[{index + 1}]."))
        elif isinstance(a, tuple) and isinstance(b, tuple):
            changed.append(f"{name} ({len(a)} → {len(b)} entries)")
        else:
            changed.append(name)
    return [name.rstrip(".") for name in changed]
