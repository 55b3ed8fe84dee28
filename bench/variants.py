"""Generate printout variants of the project form from the seeds, with the facts they print.

The seeds give real content (names, units, rationale, plan linkage, report details); each
variant draws new report figures around it and prints them the way old printouts do:
titles framed differently, several header fields on a line, indented lines, report parts
spread over lines in either order and split by page breaks, displaced or missing labels,
damaged characters, Thai digits, reports out of order, two copies, a file cut short.

Every variant comes with its truth (the ProjectForm it was printed from) and the fields that
the printout itself lost (a "?" in a number, a missing date, a cut): those cannot be read
exactly, only flagged or skipped.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from core.thai import ce_to_be
from forms.document import parse_document
from forms.records import IndicatorForm, ProgressEntry, ProjectForm

ENTRY_FIELDS = ("date", "detail", "progress", "disbursed", "budget_count", "on_plan", "on_target")
HEADER_FIELDS = (
    "name", "code", "fiscal_year", "start", "end", "budget_received", "budget_used", "unit",
    "responsible_name", "responsible_phone", "coordinator_name", "coordinator_phone",
    "rationale", "objectives", "targets",
    "plan.strategy", "plan.sub_strategy", "plan.goal", "plan.indicator",
)  # fmt: skip
TITLE = "แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ"
_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_STRAY = ("'", "`", "~", ".", "ฯ", "๑", "๕", "?")
_BREAK_BLANKS = "\n\n\n\n\n"


@dataclass
class Variant:
    """One generated printout, the record it prints, and the facts it lost."""

    text: str
    truth: ProjectForm
    lost: set[str] = field(default_factory=set)  # "header:<field>" / "report:<n>:<field>"
    tricks: set[str] = field(default_factory=set)  # the transformations applied
    printed: list[int] = field(default_factory=list)  # report numbers in printed order


def seed_projects(folder: Path) -> list[ProjectForm]:
    """The project forms printed in the seed files (content for the variants)."""
    forms: list[ProjectForm] = []
    for path in sorted(folder.glob("*.txt")):
        forms += parse_document(path.read_text(encoding="utf-8"), path.name).projects
    return forms


def _details(seeds: list[ProjectForm]) -> list[str]:
    """Every report detail of the seeds."""
    return sorted({entry.detail for form in seeds for entry in form.reports if entry.detail})


def draw_truth(rng: random.Random, seeds: list[ProjectForm]) -> ProjectForm:
    """A project with a seed's header and freshly drawn reports."""
    base = rng.choice(seeds)
    year = rng.randint(2560, 2571)
    first = date(year - 544, 10, 1)
    pool = _details(seeds)
    reports, progress, day = [], Decimal(0), first
    for number in range(1, rng.randint(1, 12) + 1):
        day = day + timedelta(days=rng.randint(18, 40))
        if rng.random() < 0.7:
            progress = min(Decimal(100), progress + Decimal(rng.randint(0, 2500)) / 100)
        detail = rng.choice(pool)
        if rng.random() < 0.25:
            detail += "\n" + rng.choice(pool)
        amount = Decimal(0) if rng.random() < 0.4 else Decimal(rng.randint(0, 10**9)) / 100
        reports.append(
            ProgressEntry(
                number=number,
                date=day,
                detail=detail,
                progress=progress.quantize(Decimal("0.01")),
                disbursed=amount,
                budget_count=number,
                on_plan=rng.random() < 0.8,
                on_target=rng.random() < 0.8,
            )
        )
    received = Decimal(rng.choice([0, rng.randint(1, 10**8)]))
    code = f"{base.code[:8]}-{rng.randint(0, 9999):04d}"
    return replace(
        base,
        code=code,
        fiscal_year=year,
        start=first,
        end=date(year - 543, 9, 30),
        budget_received=received,
        budget_used=Decimal(rng.randint(0, int(received))) if received else Decimal(0),
        reports=tuple(reports),
    )


def _money(value: Decimal) -> str:
    """Baht as the old system printed it."""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def damage(rng: random.Random, word: str) -> str:
    """The word with one character lost, replaced by a Thai digit or stray mark, or added."""
    where = rng.randrange(1, len(word) - 1)
    how = rng.random()
    stray = rng.choice(_STRAY)
    if how < 0.4:
        return word[:where] + "?" + word[where + 1 :]
    if how < 0.7:
        return word[:where] + stray + word[where + 1 :]
    return word[:where] + stray + word[where:]


@dataclass
class _Style:
    """The look of one printed copy."""

    rng: random.Random
    thai_digits: bool
    indent: float
    bold: bool
    title: str
    combine: bool
    blank: bool
    damage: float  # chance that a label or keyword is damaged
    harm: float  # chance that a value loses a character (lost to the reader)

    def num(self, text: str) -> str:
        """Digits as this copy prints them."""
        return text.translate(_THAI) if self.thai_digits else text

    def label(self, word: str) -> str:
        """A label, damaged now and then (one character, sometimes two)."""
        if self.rng.random() < self.damage:
            word = damage(self.rng, word)
            if len(word) > 9 and self.rng.random() < 0.3:
                word = damage(self.rng, word)
        return word

    def text(self, value: str, key: str, lost: set[str]) -> str:
        """Free text, losing a character inside a word now and then ("?")."""
        if self.rng.random() >= self.harm * 3:
            return value
        spots = [i for i in range(1, len(value) - 1) if not value[i - 1 : i + 2].count(" ")]
        if not spots:
            return value
        spot = self.rng.choice(spots)
        lost.add(key)
        return value[:spot] + "?" + value[spot + 1 :]

    def line(self, text: str) -> str:
        """A line, indented by a space now and then (never a tab-continued one)."""
        if text and not text.startswith("\t") and self.rng.random() < self.indent:
            return " " + text
        return text


def _style(rng: random.Random) -> _Style:
    """Draw the look of a copy."""
    title = rng.choice(["**\\*\\* {} \\*\\***", "**** {} ****", "** {} **", "{}"]).format(TITLE)
    return _Style(
        rng=rng,
        thai_digits=rng.random() < 0.15,
        indent=rng.choice([0.0, 0.0, 0.3, 1.0]),
        bold=rng.random() < 0.5,
        title=title,
        combine=rng.random() < 0.5,
        blank=rng.random() < 0.6,
        damage=rng.choice([0.0, 0.05, 0.15]),
        harm=rng.choice([0.0, 0.0, 0.02]),
    )


def _date(style: _Style, day: date) -> str:
    """A BE date, zero-padded or not."""
    pad = style.rng.random() < 0.7
    text = f"{day.day:02d}/{day.month:02d}" if pad else f"{day.day}/{day.month}"
    return style.num(f"{text}/{ce_to_be(day.year)}")


def _header(style: _Style, form: ProjectForm, lost: set[str]) -> list[str]:
    """Sections 1 to 1.6."""
    rng = style.rng

    def heading(text: str) -> str:
        number, _, title = text.partition(" ")
        if len(title) > 12 and rng.random() < style.damage:  # a damaged heading word
            title = damage(rng, title[:12]) + title[12:]
        return f"**{number} {title}**" if style.bold else f"{number} {title}"

    def fld(label: str, value: str, dots: str = "") -> str:
        return f"{style.label(label)}{dots} : {value}".rstrip()

    when = rng.random() < 0.5

    def day(value: date | None) -> str:
        if value is None:
            return ""
        return f"{value:%Y-%m-%d} 00:00:00" if when else _date(style, value)

    phone = f" โทร. {form.responsible_phone}" if form.responsible_phone else ""
    coord = form.coordinator_name or ""
    if form.coordinator_phone:
        coord += f" โทร. {form.coordinator_phone}"
    money = [_money(v) if v is not None else "" for v in (form.budget_received, form.budget_used)]
    fields = [
        fld("ชื่อโครงการ/กิจกรรม", form.name),
        fld("รหัสโครงการ", style.num(form.code), "..."),
        fld("ปีงบประมาณ พ.ศ.", style.num(str(form.fiscal_year))),
        fld("เริ่มต้นโครงการ", day(form.start)),
        fld("งบประมาณที่ได้รับ", style.num(money[0]) + " บาท"),
        fld("สิ้นสุดโครงการ", day(form.end)),
        fld("งบประมาณที่ใช้ไป", style.num(money[1]) + " บาท"),
    ]
    people = [
        fld("หน่วยงานที่รับผิดชอบ", " / ".join(form.unit), "."),
        fld("ชื่อผู้รับผิดชอบ", f"{form.responsible_name or ''}{phone}", "..."),
        fld("ผู้ประสานงาน สยป", coord),
    ]
    if style.combine:  # "รหัสโครงการ... : X ปีงบประมาณ พ.ศ. : Y" and the like
        fields = [fields[0], f"{fields[1]} {fields[2]}", f"{fields[3]} {fields[4]}",
                  f"{fields[5]} {fields[6]}"]  # fmt: skip
        people = [people[0], f"{people[1]} {people[2]}"]
    name = style.text(form.name, "header:name", lost)
    fields[0] = fld("ชื่อโครงการ/กิจกรรม", name)
    if rng.random() < 0.1:  # the name printed after a page break, below its label
        fields[0] = f"ชื่อโครงการ/กิจกรรม\n\n\n\n{style.title}\n\n: {name}"
        variant_trick = "value after a break"
        lost.add(variant_trick)
    rationale = style.text(form.rationale or "", "header:rationale", lost)
    lines = [
        heading("1. ชื่อโครงการและหน่วยงานที่รับผิดชอบโครงการ"),
        heading("1.1 รหัสโครงการและชื่อโครงการ"),
        *fields,
        heading("1.2 หน่วยงานที่รับผิดชอบ"),
        *people,
        heading("1.3 หลักการและเหตุผล"),
        *rationale.split("\n"),
        heading("1.4 วัตถุประสงค์ของโครงการ"),
        *(f"- {item}" for item in form.objectives),
        heading("1.5 เป้าหมายของโครงการ.."),
        *form.targets,
        heading("1.6 สนับสนุนแผนพัฒนา กทม. ระยะ 20 ปี (ยุทธศาสตร์-ประเด็นยุทธศาสตร์-กลยุทธ์ตามแผนฯ /ตัวชี้วัด)"),
        fld("ประเด็นยุทธศาสตร์", form.plan.strategy or ""),
        fld("ประเด็นยุทธศาสตร์ย่อย", form.plan.sub_strategy or ""),
        fld("เป้าหมายที่", form.plan.goal or ""),
        fld("ตัวชี้วัด", form.plan.indicator or "", "..."),
        heading("2. รายงานความก้าวหน้าของโครงการและการใช้จ่ายงบประมาณ"),
    ]
    return [style.line(line) for line in lines if line]


@dataclass
class _Report:
    """The printed pieces of one report, before they are laid out."""

    entry: ProgressEntry
    label: str
    date: str
    detail: list[str]
    figures: list[str]  # progress, budget, plan, target


def cut(rng: random.Random, word: str) -> str:
    """The word with a run of three to five characters lost ("…", a "?" each, or nothing)."""
    size = rng.randint(3, 5)
    where = rng.randrange(2, len(word) - size - 1)
    return word[:where] + rng.choice(["…", "?" * size, ""]) + word[where + size :]


def _pieces(style: _Style, entry: ProgressEntry, lost: set[str], tricks: set[str]) -> _Report:
    """Format one report's pieces, maybe damaging a keyword or losing a value."""
    rng, key = style.rng, f"report:{entry.number}:"
    space = rng.choice(["", " "])
    dash = "- " if rng.random() < 0.1 else ""
    shown = entry.number
    if rng.random() < 0.03:  # a wrong label: the budget count and the order say otherwise
        shown = entry.number + rng.choice([-1, 1, 10])
    label = f"{dash}{style.label('รายงานครั้งที่')}{space}{style.num(str(shown))}"
    percent = f"{entry.progress:.2f}"
    if rng.random() < style.harm:  # a lost digit: the report cannot be read
        percent = percent[:1] + "?" + percent[2:]
        lost.update(key + name for name in ENTRY_FIELDS)
    detail = entry.detail.split("\n")
    if rng.random() < style.harm * 3:
        words = [i for i, w in enumerate(detail[0]) if w != " "][1:-1]
        if words:
            spot = rng.choice(words)
            if detail[0][spot - 1] != " " and detail[0][spot + 1 : spot + 2] not in ("", " "):
                detail[0] = detail[0][:spot] + "?" + detail[0][spot + 1 :]
                lost.add(key + "detail")
    status = [
        ("" if entry.on_plan else "ไม่") + style.label("เป็นไปตามแผน"),
        ("" if entry.on_target else "ไม่") + style.label("เป็นไปตามเป้าหมาย"),
    ]
    if rng.random() < 0.03:  # a status printed blank: it can only be stored as unknown
        for index in rng.choice([(0,), (1,), (0, 1)]):
            status[index] = ""
            lost.add(key + ("on_plan", "on_target")[index])
        tricks.add("status blank")
    count = style.num(str(entry.number))
    if rng.random() < style.harm:  # the budget count lost
        count = "?"
        lost.add(key + "budget_count")
    labels = [style.label("ความก้าวหน้าของงาน"), style.label("งบประมาณที่เบิกใช้")]
    if rng.random() < 0.03:  # a label that lost characters, beside an intact value
        which = rng.randrange(2)
        labels[which] = cut(rng, labels[which])
        tricks.add("label cut")
    figures = [
        f"{labels[0]}ฯ = {style.num(percent)}" + rng.choice([" %", ""]),
        f"{labels[1]} (ครั้งที่ {count}) = {style.num(_money(entry.disbursed))} บาท",
        *status,
    ]
    return _Report(entry, label, _date(style, entry.date), detail, figures)


def _section(style: _Style, truth: ProjectForm, variant: Variant) -> list[list[str]]:
    """Section 2 as lines, grouped per report (a group may be empty)."""
    rng = style.rng
    reports = [_pieces(style, entry, variant.lost, variant.tricks) for entry in truth.reports]
    if len(reports) > 2 and rng.random() < 0.1:  # two reports printed out of order
        i = rng.randrange(len(reports) - 1)
        reports[i], reports[i + 1] = reports[i + 1], reports[i]
        variant.tricks.add("out of order")
    variant.printed = [report.entry.number for report in reports]
    groups: list[list[str]] = []
    carry = ""
    brk = _BREAK_BLANKS + style.title + "\n"
    for index, report in enumerate(reports):
        key = f"report:{report.entry.number}:"
        after = reports[index + 1] if index + 1 < len(reports) else None
        p, b, plan, target = report.figures
        date_text = report.date
        if rng.random() < 0.03:  # no date printed: the report cannot be stored
            date_text = ""
            variant.lost.update(key + name for name in ENTRY_FIELDS)
            variant.tricks.add("no date")
        elif rng.random() < 0.03:  # a date far from its neighbours
            day = report.entry.date
            far = date(day.year - rng.choice([1, 10]), day.month, min(day.day, 28))
            date_text = _date(style, far)
            variant.lost.add(key + "date")
            variant.tricks.add("far date")
        first, *more = report.detail
        head = (
            f"{report.label}\t:: {date_text} : {first}"
            if date_text
            else f"{report.label}\t:: {first}"
        )
        carry_mark = "\x00"
        if carry:  # a figure of the report before, printed on this line (page-break artefact)
            head, carry = f"{head}\t\t: {carry}", ""
            carry_mark = head[-8:]
        if not report.label or rng.random() < 0.05:
            head = head.split("\t", 1)[1]  # no label at all
            variant.tricks.add("no label")
        rest = [rng.choice(["\t\t", ""]) + line for line in more]
        layout = rng.uniform(0.05, 0.55) if head.endswith(carry_mark) else rng.random()
        if layout < 0.05 and after is not None:  # its target lands on the next report's line
            lines = [head + "\t\t", *rest, f"\t:: {p} {b}\t: {plan}"]
            carry = target
            variant.tricks.add("target displaced")
        elif layout < 0.55:
            lines = [head + "\t\t", *rest, f"\t:: {p} {b}\t: {plan}\t: {target}"]
        elif layout < 0.7:
            lines = [head, *rest, f"\t:: {p}\t: {b}\t: {plan} : {target}"]
        elif layout < 0.85:  # figures spread over lines, maybe over pages
            spread = [f":: {p}", f": {b}", f": {plan}", f": {target}"]
            lines = [head, *rest]
            for piece in spread:
                lines.append(brk + piece if rng.random() < 0.4 else piece)
            variant.tricks.add("figures spread")
        else:  # figures first, then date and detail
            label, _, text = head.partition("\t")
            lines = [label] if text else []
            lines += [f"\t:: {p} {b}\t: {plan}\t: {target}", text or head, *rest]
            variant.tricks.add("figures first")
        if " " in first and rng.random() < 0.05 and layout < 0.7:  # page break inside detail
            cut = first.index(" ", len(first) // 3) if " " in first[len(first) // 3 :] else -1
            if cut > 0:
                lines[0] = lines[0].replace(first, first[:cut], 1).rstrip("\t")
                lines.insert(1, brk + first[cut + 1 :])
                variant.lost.add(key + "detail")
                variant.tricks.add("detail over a break")
        groups.append(lines)
        if after is not None and rng.random() < 0.05:  # label on the previous figures line
            last = groups[-1][-1]
            if last.startswith("\t::") and after.label:
                at_end = rng.random() < 0.5  # at the end of the line, or at its start
                groups[-1][-1] = f"{last}\t{after.label}" if at_end else f"{after.label}{last}"
                after.label = ""
                variant.tricks.add("label displaced")
        if rng.random() < 0.08 and groups[-1]:
            groups[-1][-1] = brk + groups[-1][-1]
            variant.tricks.add("page break")
    return [[style.line(line) for line in group] for group in groups]


def render(truth: ProjectForm, rng: random.Random, variant: Variant) -> tuple[str, list[int]]:
    """One printed copy of the truth, and where each report's lines end in it."""
    style = _style(rng)
    lines = [style.title, *_header(style, truth, variant.lost)]
    if "value after a break" in variant.lost:
        variant.lost.discard("value after a break")
        variant.tricks.add("value after a break")
    groups = _section(style, truth, variant)
    if rng.random() < 0.1:  # blank lines between report lines
        groups = [[line + "\n" for line in group] for group in groups]
        variant.tricks.add("blank lines")
    footer = [
        "ขอรับรองว่า ข้อมูลที่ปรากฏในเอกสารฉบับนี้ หน่วยงานได้จัดพิมพ์จากระบบงานจริง เพื่อเป็นหลักฐานไว้ตรวจสอบ",
        "ลงชื่อ.....(ผู้รับผิดชอบโครงการ)",
        "ตำแหน่ง .....",
    ]
    joiner = "\n\n" if style.blank else "\n"
    text = joiner.join(lines) + "\n\n"
    ends: list[int] = []
    for group in groups:
        text += "".join(line + "\n" for line in group)
        ends.append(len(text))
    return text + "\n" + joiner.join(footer) + "\n", ends


def make_variant(rng: random.Random, seeds: list[ProjectForm]) -> Variant:
    """A printout variant: one copy, two copies, or a copy cut short."""
    truth = draw_truth(rng, seeds)
    variant = Variant("", truth)
    text, ends = render(truth, rng, variant)
    roll = rng.random()
    if roll < 0.08:  # printed twice
        again = Variant("", truth)
        text = text + "\n\n" + render(truth, rng, again)[0]
        variant.lost &= again.lost  # what one copy lost the other may hold
        variant.tricks |= again.tricks | {"two copies"}
    elif roll < 0.13:  # a copy cut short, then a whole one
        cut = rng.randrange(len(text) // 3, len(text))
        again = Variant("", truth)
        text = text[:cut] + "\n\n" + render(truth, rng, again)[0]
        variant.lost = again.lost
        variant.tricks |= again.tricks | {"cut copy first", *again.tricks}
    elif roll < 0.25 and len(ends) > 1:  # the file is cut short inside section 2
        cut = rng.randrange(ends[0], ends[-1])
        text = text[:cut]
        variant.tricks.add("cut short")
        whole = [index for index, end in enumerate(ends) if end <= cut]
        kept = set(whole[:-1])  # the last report read may itself be cut: not certain
        order = _printed_order(variant)
        for index, number in enumerate(order):
            if index not in kept:
                variant.lost.update(f"report:{number}:{name}" for name in ENTRY_FIELDS)
    if rng.random() < 0.1:  # saved on Windows
        text = text.replace("\n", "\r\n")
        variant.tricks.add("crlf")
    variant.text = text
    return variant


def _printed_order(variant: Variant) -> list[int]:
    """The report numbers in the order they were printed."""
    return variant.printed or [entry.number for entry in variant.truth.reports]


INDICATOR_FIELDS = (
    "number", "name", "level", "plan.strategy", "plan.sub_strategy", "plan.goal",
    "definition", "calculation", "target_value", "target_unit", "achieved_value",
    "achieved_unit", "quarters", "summary", "supporting_factors", "obstacles", "evidence",
)  # fmt: skip
_INDICATOR_WORDS = (
    "คำนิยาม", "วิธีการคำนวณ", "ไตรมาสที่", "ผลงานที่ทำได้", "ปัจจัยสนับสนุน", "อุปสรรค",
    "หลักฐานอ้างอิง", "รายงานผลการดำเนินงาน", "สรุปผลการดำเนินงาน", "ระดับความสำเร็จ",
)  # fmt: skip


@dataclass
class IndicatorVariant:
    """A printout variant of the indicator (KPI) form and the record it prints."""

    text: str
    truth: IndicatorForm
    tricks: set[str] = field(default_factory=set)


def make_indicator_variant(rng: random.Random, text: str, truth: IndicatorForm) -> IndicatorVariant:
    """The indicator seed printed differently: labels and headings damaged, lines indented,
    titles framed otherwise, blank lines dropped, Windows line ends."""
    variant = IndicatorVariant("", truth)
    for word in _INDICATOR_WORDS:
        if word in text and rng.random() < 0.3:
            text = text.replace(word, damage(rng, word), 1)  # the label, not the values
            variant.tricks.add("damaged label")
    if rng.random() < 0.5:
        text = text.replace("****", rng.choice(["**", "**\\*\\*", ""]))
        variant.tricks.add("title framing")
    lines = text.split("\n")
    if rng.random() < 0.4:
        lines = [" " + line if line and rng.random() < 0.5 else line for line in lines]
        variant.tricks.add("indented")
    if rng.random() < 0.3:
        lines = [line for line in lines if line.strip()]
        variant.tricks.add("no blank lines")
    text = "\n".join(lines)
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
        variant.tricks.add("crlf")
    variant.text = text
    return variant
