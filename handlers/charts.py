"""Progress charts as PNG bytes (matplotlib, Thai labels in the Sarabun font)."""

from __future__ import annotations

import io
import threading
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from core.display import percent
from core.periods import (
    FISCAL_MONTHS_ABBR,
    be_year,
    fiscal_periods,
    fiscal_year_end,
    fiscal_year_start,
)

WIDTH_PX, HEIGHT_PX, DPI = 1040, 720, 100
FONT_FAMILY = "Sarabun"
ACTUAL, PLAN = "#0D5C63", "#B0B0B0"
_font_lock = threading.Lock()
_font_ready = False


def _ensure_font() -> None:
    """Register the Sarabun font files with matplotlib once per process."""
    global _font_ready
    with _font_lock:
        if _font_ready:
            return
        import fontpkg_sarabun
        from matplotlib import font_manager

        files = fontpkg_sarabun.ROOT / "files"
        for name in ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf"):
            font_manager.fontManager.addfont(str(files / name))
        _font_ready = True


def _month_ticks(fiscal_year: int) -> tuple[list[date], list[str]]:
    """Tick positions (month starts) and labels ("ต.ค.\\n2569" for October and January)."""
    starts = [p.start for p in fiscal_periods(fiscal_year)]
    labels = [f"{abbr}\n{be_year(d)}" if d.month in (10, 1) else abbr
              for abbr, d in zip(FISCAL_MONTHS_ABBR, starts, strict=True)]
    return starts, labels


def progress_chart(
    code: str, name: str, fiscal_year: int, points: list[tuple[date, Decimal]],
    today: date | None = None,
) -> bytes:
    """Progress % per report across the fiscal year against a straight plan line, as PNG."""
    _ensure_font()
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    start, end = fiscal_year_start(fiscal_year), fiscal_year_end(fiscal_year) + timedelta(1)
    points = sorted(points)
    with rc_context({"font.family": FONT_FAMILY, "font.size": 13, "axes.unicode_minus": False}):
        fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
        FigureCanvasAgg(fig)
        ax: Any = fig.add_subplot()
        ax.plot([start, end], [0, 100], linestyle="--", color=PLAN, linewidth=2,
                label="แผน (เส้นตรง 0–100%)")
        if points:
            xs = [d for d, _ in points]
            ys = [float(p) for _, p in points]
            ax.plot(xs, ys, marker="o", color=ACTUAL, linewidth=2.5, markersize=7,
                    label="ความก้าวหน้าที่รายงาน")
            ax.annotate(percent(points[-1][1]), (xs[-1], ys[-1]), xytext=(6, 8),
                        textcoords="offset points", color=ACTUAL, fontweight="bold")
        if today is not None and start <= today < end:
            ax.axvline(today, color="#C62828", linestyle=":", linewidth=1.5, label="วันนี้")
        ticks, labels = _month_ticks(fiscal_year)
        ax.set_xticks(ticks, labels)
        last = max([end, *(d + timedelta(5) for d, _ in points)])
        ax.set_xlim(start, last)
        ax.set_ylim(0, 105)
        ax.set_yticks(range(0, 101, 10))
        ax.set_ylabel("ความก้าวหน้า (%)")
        ax.grid(True, axis="y", alpha=0.3)
        ax.legend(loc="upper left", frameon=False)
        short = name if len(name) <= 70 else name[:69] + "…"
        ax.set_title(f"{short}\nรหัส {code} · ปีงบประมาณ {fiscal_year}", fontsize=15,
                     fontweight="bold", loc="left")
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
