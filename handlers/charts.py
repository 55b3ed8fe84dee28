"""Progress charts as PNG bytes (matplotlib, Thai labels in the Sarabun font)."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from core.display import percent
from core.periods import (
    FISCAL_MONTHS_ABBR,
    be_year,
    fiscal_periods,
    fiscal_year_end,
    fiscal_year_of,
    fiscal_year_start,
    span_percent,
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


@dataclass(frozen=True)
class ChartView:
    """What one chart shows: one fiscal year, its points in report order, the last label."""

    year: int
    points: list[tuple[date, Decimal]]
    other_years: int  # reports of other fiscal years, left out
    plan: list[tuple[date, float]]  # the plan line across the year: its corners
    last_label: str | None


def _axis(year: int) -> tuple[date, date]:
    """The chart's x axis: 1 October to the end of 30 September."""
    return fiscal_year_start(year), fiscal_year_end(year) + timedelta(1)


def plan_line(span: tuple[date, date], axis: tuple[date, date]) -> list[tuple[date, float]]:
    """The straight-line plan over the project's own days (flat before and after them), where
    it crosses the axis: the height at x is the plan reached by the start of day x."""
    first, last = span
    start, end = axis
    xs = sorted({start, end, *(x for x in (first, last + timedelta(1)) if start < x < end)})
    return [(x, float(span_percent(first, last, x - timedelta(1)))) for x in xs]


def chart_view(fiscal_year: int, points: list[tuple[date, Decimal]],
               today: date | None = None, span: tuple[date, date] | None = None) -> ChartView:
    """Choose the fiscal year to chart: that of the latest report (else the project's).

    points come in report order (oldest first); a stable sort by date keeps that order for
    reports of the same day, so the last point is the latest report, whatever its value.
    span: the project's first and last day of work (default: its fiscal year).
    """
    ordered = sorted(points, key=lambda p: p[0])
    year = fiscal_year_of(ordered[-1][0]) if ordered else fiscal_year
    shown = [p for p in ordered if fiscal_year_of(p[0]) == year]
    plan = plan_line(span or (fiscal_year_start(fiscal_year), fiscal_year_end(fiscal_year)),
                     _axis(year))
    last = percent(shown[-1][1]) if shown else None
    return ChartView(year, shown, len(ordered) - len(shown), plan, last)


def progress_chart(
    code: str, name: str, fiscal_year: int, points: list[tuple[date, Decimal]],
    today: date | None = None, span: tuple[date, date] | None = None,
) -> bytes:
    """Progress % per report over one fiscal year, as PNG (one drawing at a time: matplotlib
    keeps global state, and a worker drains several conversations in threads)."""
    with _draw_lock:
        return _draw(code, name, fiscal_year, points, today, span)


_draw_lock = threading.Lock()


def _draw(
    code: str, name: str, fiscal_year: int, points: list[tuple[date, Decimal]],
    today: date | None = None, span: tuple[date, date] | None = None,
) -> bytes:
    """Progress % per report over one fiscal year against the plan line, as PNG.

    points are the project's reports oldest first; the chart shows the fiscal year of the
    latest report and says how many reports of other years it leaves out.
    """
    _ensure_font()
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    view = chart_view(fiscal_year, points, today, span)
    start, end = _axis(view.year)
    with rc_context({"font.family": FONT_FAMILY, "font.size": 13, "axes.unicode_minus": False}):
        fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
        FigureCanvasAgg(fig)
        ax: Any = fig.add_subplot()
        plan_label = ("แผน (เส้นตรง 0–100%)" if view.year == fiscal_year else
                      f"แผน (ปีงบประมาณโครงการ {fiscal_year})")
        ax.plot([x for x, _ in view.plan], [y for _, y in view.plan], linestyle="--",
                color=PLAN, linewidth=2, label=plan_label)
        if view.points:
            xs = [d for d, _ in view.points]
            ys = [float(p) for _, p in view.points]
            ax.plot(xs, ys, marker="o", color=ACTUAL, linewidth=2.5, markersize=7,
                    label="ความก้าวหน้าที่รายงาน")
            ax.annotate(view.last_label, (xs[-1], ys[-1]), xytext=(6, 8),
                        textcoords="offset points", color=ACTUAL, fontweight="bold")
        if today is not None and start <= today < end:
            ax.axvline(today, color="#C62828", linestyle=":", linewidth=1.5, label="วันนี้")
        ticks, labels = _month_ticks(view.year)
        ax.set_xticks(ticks, labels)
        ax.set_xlim(start, end)
        ax.set_ylim(0, 105)
        ax.set_yticks(range(0, 101, 10))
        ax.set_ylabel("ความก้าวหน้า (%)")
        ax.grid(True, axis="y", alpha=0.3)
        # below the plot, never over the line
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, frameon=False)
        short = name if len(name) <= 70 else name[:69] + "…"
        note = (f" (ไม่รวมรายงานปีงบประมาณอื่น {view.other_years} ครั้ง)"
                if view.other_years else "")
        ax.set_title(f"{short}\nรหัส {code} · ปีงบประมาณ {view.year}{note}", fontsize=15,
                     fontweight="bold", loc="left", parse_math=False)  # "$" is not mathtext
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
