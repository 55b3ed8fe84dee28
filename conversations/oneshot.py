"""Pick report fields out of one free-form message; numbers without a label are never taken."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from conversations.codes import code_spans
from conversations.readers import (
    PLAN_NEGATIVE,
    PLAN_POSITIVE,
    TARGET_NEGATIVE,
    TARGET_POSITIVE,
    Ok,
    Problem,
    ProblemCode,
    find_phrases,
    read_money,
    read_percent,
    spoken_removed,
    verdict,
)
from conversations.thai_numbers import ARABIC_NUMBER, THAI_NUMBER_WORDS, normalize

MASK = "\x00"
_NUM = rf"(?:(?:{ARABIC_NUMBER})(?![.,]?[0-9])(?:\s*(?:พัน|หมื่น|แสน|ล้าน))*|{THAI_NUMBER_WORDS})"
# Hedged, as people say it ("ความคืบหน้าราวๆ ๓๐%", "ความก้าวหน้าอยู่ที่ประมาณ 45%").
_HEDGES = r"(?:(?:ประมาณ|น่าจะ|ราว\s*ๆ|ราว|อยู่ที่|ได้|แล้ว|คือ|เป็น|รวม|ทั้งหมด|ตอนนี้|ถึง)\s*)*"
_PROGRESS = re.compile(
    r"(?:ความ)?(?:ก้าวหน้า|คืบหน้า)(?:ของ(?:งาน|โครงการ))?(?:สะสม)?\s*[:=]?\s*"
    rf"{_HEDGES}(?P<pre>ร้อยละ\s*)?(?P<num>{_NUM}|[0-9][0-9,.]*)"
    r"\s*(?P<unit>%|เปอร์เซ็นต์|เปอร์เซนต์|เปอร์เซ็น|เปอร์เซน|percent)?",
    re.IGNORECASE,
)
_MONEY_LABEL = (r"(?:งบประมาณ(?:ที่)?(?:เบิก(?:จ่าย|ใช้)?|ใช้(?:ไป)?)|งบ(?!ประมาณ)|เบิก(?:จ่าย|ใช้)?"
                r"|ใช้(?:งบ(?:ประมาณ)?|เงิน))(?:ไป|แล้ว)*\s*[:=]?\s*"
                r"(?:(?:จำนวน|เงิน|ประมาณ|ราว\s*ๆ|ราว|รวม|ทั้งหมด)\s*)*")
# A count, not an amount: "เบิก 3 งวด", "เบิกจ่ายสองงวด".
_COUNTED = r"\s*(?:งวด|ครั้ง|รายการ|ชุด|ราย|คน|วัน|เดือน|ปี|แห่ง|%|เปอร์)"
_MONEY = re.compile(
    rf"{_MONEY_LABEL}(?P<pre>฿\s*)?(?P<num>{_NUM}|[0-9][0-9,.]*)(?![0-9])"
    r"(?P<short>\s*(?:k|K|ลบ\.?|ล\.|[mM]\.?[bB]\.?|[mM])(?![a-zA-Zก-๛]))?(?P<rough>\s*กว่า(?:\s*ๆ)?)?"
    rf"(?!{_COUNTED})\s*(?P<unit>บาท|บ\.|\.-)?(?:\s*(?:ค่ะ|คะ|ครับ|นะ|จ้า)(?![ก-๛]))?"
)
# What follows a spelled amount said without its unit: a pause, a particle, or nothing.
_SPELLED_END = re.compile(r"\s|$|[,;:)\x00]|ค่ะ|คะ|ครับ|นะ|จ้า")
_SCALE_WORD = re.compile(r"สิบ|ร้อย|พัน|หมื่น|แสน|ล้าน")
# A labelled amount the pattern above could not take ("เบิกจ่าย ประมาณสองแสนห้า"): it leaves
# the detail all the same, so nothing of an amount stays there to contradict the answer.
_MONEY_LEFT = re.compile(
    rf"{_MONEY_LABEL}(?P<said>[^\s\x00]{{0,12}}?(?:[0-9]|{THAI_NUMBER_WORDS})[^\s\x00]{{0,24}}"
    r"(?:\s*(?:บาท|บ\.))?)")
_NO_MONEY = re.compile(
    r"(?:ยัง)?(?:ไม่มี|ไม่ได้|ไม่)(?:การ)?(?:เบิก(?:จ่าย|ใช้)?|ใช้(?:งบ(?:ประมาณ)?|จ่าย))"
    r"(?:งบ(?:ประมาณ)?|เงิน)?"
)
_BENEFICIARIES = re.compile(r"(?:จำนวน)?ผู้(?:ได้)?รับประโยชน์\s*[:=]?\s*(?:ประมาณ|ราว\s*ๆ?)?\s*"
                            r"(?P<num>[0-9][0-9,]*)\s*(?:คน|ราย)?")
_CODE_LABEL = re.compile(r"(?:รหัส(?:โครงการ)?|โครงการ)\s*[:：]?\s*$")
_OBSTACLES = re.compile(
    r"(?:^|(?<=[\s\x00,;.]))(?P<none>ไม่มี\s*)?(?:ปัญหา(?:\s*(?:และ|/)?\s*อุปสรรค)?|อุปสรรค)"
    r"(?:\s*(?:และ|/)\s*ข้อเสนอแนะ)?(?:\s*คือ)?(?=\s|[:：\-–]|$|ค่ะ|คะ|ครับ|นะ|จ้า)\s*[:：\-–]?(?P<text>[^\x00]*)",
    re.MULTILINE,
)
_COMMAND = re.compile(
    r"^\s*(?:ส่ง|ขอ)?รายงาน(?:ผล)?(?:การดำเนินงาน)?(?:ความ(?:ก้าวหน้า|คืบหน้า))?(?:โครงการ)?"
)
_DETAIL_LABEL = re.compile(r"^\s*(?:รายละเอียด|ผลการดำเนิน(?:งาน|การ))\s*[:：\-–]?", re.MULTILINE)
_CONFLICT = {
    "progress": "พบความก้าวหน้ามากกว่าหนึ่งค่าในข้อความค่ะ กรุณาระบุค่าเดียว เช่น ความก้าวหน้า 80%",
    "disbursed": "พบยอดเบิกจ่ายมากกว่าหนึ่งค่าในข้อความค่ะ กรุณาระบุค่าเดียว เช่น เบิกจ่าย 12,000 บาท",
}
_EDGE = " \t\n,;:|/-–—."
_LOOSE_OK = ("ค่ะ", "คะ", "ครับ", "นะ", "จ้า")
_ONLY_PARTICLES = re.compile(r"(?:\s*(?:ค่ะ|คะ|ครับผม|ครับ|นะ|จ้า)[\s.!~]*)+")
# Only the form's own wording counts wherever it stands; shorter phrases ("ตามแผน") must
# stand alone, so "ดำเนินการตามแผนงาน" is not read as an answer.
_OFFICIAL = re.compile(r"(?:(?:ไม่(?:ค่อย|ได้)*|มิได้)\s*)?เป็นไป\s*ตาม")


def _mask(s: str, start: int, end: int) -> str:
    """Blank s[start:end] with MASK characters, keeping every position."""
    return s[:start] + MASK * (end - start) + s[end:]


def _alone(s: str, start: int, end: int) -> bool:
    """Whether s[start:end] stands as its own word (spaces, punctuation or a particle around)."""
    before = s[start - 1] if start else " "
    after = s[end:]
    return (before.isspace() or before in _EDGE + MASK) and (
        not after or after[0].isspace() or after[0] in _EDGE + MASK or after.startswith(_LOOSE_OK)
    )


def _yes_no(s: str, pos: Sequence[str], neg: Sequence[str]) -> tuple[bool | None, str]:
    """Read one yes/no field from s and mask the phrases that stand as their own words."""
    found = []
    for start, end, polarity in find_phrases(s, pos, neg):
        wording = bool(_OFFICIAL.match(s, start)) or _alone(s, start, end)
        if polarity and not wording:
            continue  # a positive phrase inside a sentence is not an answer
        found.append((start, end, polarity))
        if wording:
            s = _mask(s, start, end)
    return verdict(found), s


def _counted(said: str, after: str) -> bool:
    """True when a labelled number counts something else ("เบิก 3 งวด", "เบิกจ่ายสองงวด")."""
    tail = re.sub(rf"^[^0-9ก-๛]*(?:[0-9][0-9,.]*|{THAI_NUMBER_WORDS})", "", said)
    return bool(re.match(_COUNTED, tail or after))


def _said_as_number(s: str, m: re.Match[str], word_unit: str) -> bool:
    """A number in digits, or a spelled one with its unit or said as an amount ("สองแสนห้า"
    then a pause): never "ความก้าวหน้าสองเดือน"."""
    if re.search("[0-9]", m["num"]) or m[word_unit] or m["unit"]:
        return True
    return bool(_SCALE_WORD.search(m["num"])) and bool(_SPELLED_END.match(s, m.end("num")))


def _clean(text: str) -> str:
    """Trim edge punctuation, collapse spaces per line and drop empty lines."""
    lines = (re.sub(r"\s+([,;])", r"\1", re.sub(r"[^\S\n]+", " ", ln)).strip() for ln in
             text.split("\n"))
    kept = (ln for ln in lines if ln.strip(_EDGE) and not _ONLY_PARTICLES.fullmatch(ln))
    return "\n".join(kept).strip(_EDGE)


def extract_report_fields(text: str) -> dict[str, object]:
    """Read code, detail, progress, disbursed, on_plan, on_target and obstacles when present.

    Values are Decimal / bool / str; a labelled but invalid or conflicting value is left out
    and explained under "problems" (field -> Problem). Several codes go under "codes".
    """
    s = normalize(text)
    fields: dict[str, object] = {}
    problems: dict[str, Problem] = {}
    codes: list[str] = []
    for start, end, code in code_spans(s):
        label = _CODE_LABEL.search(s, 0, start)
        s = _mask(s, label.start() if label else start, end)
        codes.append(code)
    if len(set(codes)) == 1:
        fields["code"] = codes[0]
    elif codes:
        fields["codes"] = list(dict.fromkeys(codes))
    values: dict[str, list[Ok[Decimal] | Problem]] = {"progress": [], "disbursed": []}
    for m in _NO_MONEY.finditer(s):
        values["disbursed"].append(read_money("0"))
        s = _mask(s, *m.span())
    for field, pattern, reader, word_unit in (
        ("progress", _PROGRESS, read_percent, "pre"),
        ("disbursed", _MONEY, read_money, "unit"),
    ):
        for m in pattern.finditer(s):
            if not _said_as_number(s, m, word_unit):
                continue  # "ความก้าวหน้าสองเดือน": not a number of this field
            said = m["num"] + (m.groupdict().get("short") or "") + (m.groupdict().get("rough")
                                                                     or "")
            values[field].append(reader(f"{said} {m['unit'] or ''}"))
            s = _mask(s, *m.span())
    for m in _MONEY_LEFT.finditer(s):
        if not _counted(m["said"], s[m.end():]):
            values["disbursed"].append(read_money(m["said"]))
            s = _mask(s, *m.span())
    for field, results in values.items():
        distinct = set(results)
        if len(distinct) == 1 and isinstance(results[0], Ok):
            fields[field] = results[0].value
        elif distinct:
            problem = next((r for r in results if isinstance(r, Problem)), None)
            problems[field] = problem or Problem(ProblemCode.CONFLICT, _CONFLICT[field])
    for field, pos, neg in (
        ("on_plan", PLAN_POSITIVE, PLAN_NEGATIVE),
        ("on_target", TARGET_POSITIVE, TARGET_NEGATIVE),
    ):
        answer, s = _yes_no(s, pos, neg)
        if answer is not None:
            fields[field] = answer
    for m in _BENEFICIARIES.finditer(s):  # "ผู้รับประโยชน์ 150 คน": the optional count
        fields["beneficiaries"] = Decimal(m["num"].replace(",", ""))
        s = _mask(s, *m.span())
    for m in _OBSTACLES.finditer(s):
        said = "ไม่มี" if m["none"] else _clean(spoken_removed(m["text"]))
        if said:
            fields["obstacles"] = said
        s = _mask(s, *m.span())
    rest = _DETAIL_LABEL.sub("", _COMMAND.sub("", s.replace(MASK, " "), count=1))
    if detail := _clean(spoken_removed(rest)):
        fields["detail"] = detail
    if problems:
        fields["problems"] = problems
    return fields
