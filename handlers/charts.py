"""Progress charts as PNG bytes (matplotlib, Thai labels in the Sarabun font)."""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from core.display import percent
from core.months import months_between, work_span
from core.periods import (
    MONTHS_ABBR,
    Period,
    be_year,
    fiscal_periods,
    fiscal_year_end,
    fiscal_year_start,
    period_of,
    span_percent,
)
from storage.queries import ProjectInfo, ReportInfo

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


def _month_ticks(months: Sequence[Period]) -> tuple[list[date], list[str]]:
    """Tick positions (month starts) and labels: at most 13 labelled, the BE year under the
    first, under each October (a fiscal year begins) and where the year changes ("ม.ค.\\n2570")."""
    step = max(math.ceil(len(months) / 13), 1)
    starts, labels, last_year = [], [], None
    for n, p in enumerate(months):
        starts.append(p.start)
        if n % step:
            labels.append("")
            continue
        year = be_year(p.start)
        labels.append(f"{MONTHS_ABBR[p.month - 1]}\n{year}"
                      if year != last_year or p.month == 10 else MONTHS_ABBR[p.month - 1])
        last_year = year
    return starts, labels


@dataclass(frozen=True)
class ChartView:
    """What one chart shows: every report of the project, the ones its history lists, on an
    axis of whole months: its fiscal year widened to its work's dates and its reports' months."""

    fiscal_year: int
    months: tuple[Period, ...]  # the axis, a tick a month
    points: list[tuple[date, Decimal]]  # in report order, each inside its reporting month
    plan: list[tuple[date, float]]  # the plan line across the axis: its corners
    last_label: str | None

    @property
    def axis(self) -> tuple[date, date]:
        """The x axis: the first month's first day to the day after the last month."""
        return self.plan[0][0], self.plan[-1][0]

    @property
    def own_year(self) -> bool:
        """Whether the axis is exactly the project's fiscal year."""
        return list(self.months) == fiscal_periods(self.fiscal_year)


def plan_line(span: tuple[date, date], axis: tuple[date, date]) -> list[tuple[date, float]]:
    """The straight-line plan over the project's own days (flat before and after them), where
    it crosses the axis: the height at x is the plan reached by the start of day x."""
    first, last = span
    start, end = axis
    xs = sorted({start, end, *(x for x in (first, last + timedelta(1)) if start < x < end)})
    return [(x, float(span_percent(first, last, x - timedelta(1)))) for x in xs]


Point = tuple[date, date, Decimal]  # a report's month (its first day), its date, its progress


def chart_view(fiscal_year: int, points: Sequence[Point], span: tuple[date, date] | None = None,
               ) -> ChartView:
    """Every report, in report order (month, then number: the history's order, oldest first),
    each drawn inside the month it reports on (its form's date, kept within that month), on
    the months from the earliest of the fiscal year's, the work's and the reports' to the
    latest of them. span: the project's first and last day of work (default: its fiscal year).
    """
    span = span or (fiscal_year_start(fiscal_year), fiscal_year_end(fiscal_year))
    placed = [(min(max(day, month), period_of(month).end), progress)
              for month, day, progress in points]
    edges = [fiscal_year_start(fiscal_year), fiscal_year_end(fiscal_year), *span,
             *(month for month, _, _ in points)]
    months = tuple(months_between(min(edges), max(edges)))
    axis = (months[0].start, months[-1].end + timedelta(1))
    return ChartView(fiscal_year, months, placed, plan_line(span, axis),
                     percent(placed[-1][1]) if placed else None)


def report_points(reports: Sequence[ReportInfo]) -> list[Point]:
    """A project's reports (latest month first, as storage.queries gives them) as chart
    points, oldest first."""
    return [(r.period, r.report_date, r.progress) for r in reversed(reports)]


def project_chart(info: ProjectInfo, reports: Sequence[ReportInfo], today: date) -> bytes:
    """The chart of a project and all its reports (the chat's กราฟ and the dashboard's)."""
    return progress_chart(info.code, info.name, info.fiscal_year, report_points(reports),
                          today, work_span(info.start_date, info.end_date, info.fiscal_year))


def progress_chart(
    code: str, name: str, fiscal_year: int, points: Sequence[Point],
    today: date | None = None, span: tuple[date, date] | None = None,
) -> bytes:
    """Progress % per report over one fiscal year, as PNG (one drawing at a time: matplotlib
    keeps global state, and a worker drains several conversations in threads)."""
    with _draw_lock:
        return _draw(code, name, fiscal_year, points, today, span)


_draw_lock = threading.Lock()


def _draw(
    code: str, name: str, fiscal_year: int, points: Sequence[Point],
    today: date | None = None, span: tuple[date, date] | None = None,
) -> bytes:
    """Progress % per report against the plan line, as PNG (chart_view: every report)."""
    _ensure_font()
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    view = chart_view(fiscal_year, points, span)
    start, end = view.axis
    with rc_context({"font.family": FONT_FAMILY, "font.size": 13, "axes.unicode_minus": False}):
        fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
        FigureCanvasAgg(fig)
        ax: Any = fig.add_subplot()
        plan_label = "แผน (เส้นตรง 0–100%)"
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
        ticks, labels = _month_ticks(view.months)
        ax.set_xticks(ticks, labels)
        ax.set_xlim(start, end)
        ax.set_ylim(0, 105)
        ax.set_yticks(range(0, 101, 10))
        ax.set_ylabel("ความก้าวหน้า (%)")
        ax.grid(True, axis="y", alpha=0.3)
        # below the plot, never over the line
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, frameon=False)
        short = name if len(name) <= 70 else name[:69] + "…"
        months = ("" if view.own_year else
                  f" ({view.months[0].label} – {view.months[-1].label})")
        ax.set_title(f"{short}\nรหัส {code} · ปีงบประมาณ {fiscal_year}{months}", fontsize=15,
                     fontweight="bold", loc="left", parse_math=False)  # "$" is not mathtext
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
