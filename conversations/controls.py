"""Words that steer a draft rather than answer its question: cancel, back, help, resume.

Read in sentences ("ยกเลิกก่อนค่ะ เดี๋ยวค่อยมาทำ", "ขอกลับไปแก้งบค่ะ", "ต้องตอบยังไงคะ งงค่ะ"),
but never from an answer that merely contains the word ("ยกเลิกสัญญาผู้รับจ้างรายเดิม …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conversations.answers import core, without_particles
from conversations.readers import DRAWN_PARTICLE, complains

_CANCEL = re.compile(
    r"^(?:พอ(?:แค่นี้|ก่อน)?)?(?:ขอ|ช่วย)?(?:ยกเลิก|เลิก|ทิ้ง|ลบ(?:ทิ้ง)?|cancel|stop|หยุด)ๆ?(?:การ)?(?:ทำ|ส่ง|กรอก)?"
    r"(?:รายงาน|แบบร่าง|ร่าง|draft)?(?:ครั้งนี้|ฉบับนี้|อันนี้|นี้)?(?:ทั้งหมด|หมด)?(?:ทิ้ง)?(?:ไป|ไว้)?(?:เลย)?(?:ก่อน)?(?:เถอะ|เหอะ)?"
    r"(?:(?:ไม่|เดี๋ยว|ค่อย|เพราะ|เนื่อง|ขอ|ละ|นะ)\S*)?$"
    r"|^(?:พอ(?:แค่นี้|ก่อน)?)?(?:ขอ)?ไม่(?:ทำ|ส่ง|รายงาน|กรอก|เอา)(?:ต่อ)?"
    r"(?:(?:ตอนนี้|วันนี้)(?:ก่อน)?|ก่อน|แล้ว|ละ)(?:แล้ว|ละ)?(?:(?:ยกเลิก|ไม่)\S*)?$"
    r"|^พอ(?:แค่นี้|เท่านี้)?ก่อน(?:นะ)?$"
    r"|^(?:ขอ)?ออก(?:จาก)?(?:การ)?(?:รายงาน|ระบบ|แบบฟอร์ม)(?:นี้)?(?:ก่อน)?$"
    r"|^(?:ขอ)?งด(?:ไว้)?(?:การ)?(?:ส่ง|รายงาน)?(?:ไว้)?ก่อน$"
    r"|^(?:อ้าว|เอ้ย|อุ๊ย)?(?:ยัง)?ไม่ได้(?:จะ|ตั้งใจ(?:จะ)?|อยาก)(?:ทำ|ส่ง|รายงาน|กรอก)"
    r"|^(?:เดี๋ยว(?:ค่อย)?(?:มา)?(?:รายงาน|ส่ง|ทำ|กรอก)(?:ใหม่|ต่อ)?(?:ทีหลัง|วันหลัง|พรุ่งนี้)?)?"
    r"(?:ขอ)?ออก(?:ไป)?ก่อน$"
    r"|^เดี๋ยว(?:ค่อย)?(?:มา)?(?:รายงาน|ส่ง|ทำ|กรอก)\S{0,12}?(?:ขอ)?ยกเลิก(?:ไป)?(?:ก่อน)?(?:นะ)?$",
    # "พอก่อนนะคะ เดี๋ยวขอข้อมูล…": stop for now; "ออกจากรายงาน ไม่ทำแล้ว": leave it; "งดก่อน";
    # "อ้าว ไม่ได้จะรายงานตอนนี้ครับ กดผิด": started by mistake
    re.I)
_BACK = re.compile(
    r"^(?:ผิด(?:ๆ)?|เดี๋ยว(?:ก่อน)?|ขอโทษ)?(?:กระผม|ผม|หนู|ดิฉัน|ฉัน)?(?:ขอ)?(?:ย้อน(?:กลับ)?|ถอย(?:กลับ)?|กลับ|back)(?:ไป)?"
    r"(?:แก้(?:ไข)?)?"
    r"(?:เรื่อง|ที่)?(?P<what>\S{0,20}?)(?:ก่อน|หน่อย|ด้วย|ที|ได้(?:ไหม(?!้)|มั้ย|ป่ะ|หรือเปล่า))*(?:ค้า|ค่า)?$")
_FIX_EARLIER = re.compile(
    r"^(?:ขอ|ต้อง)?(?:แก้(?:ไข)?|เปลี่ยน)(?:เรื่อง|ที่)?(?P<what>\S{1,20}?)(?:ก่อน|ใหม่)"
    r"(?:ได้(?:ไหม(?!้)|มั้ย|ป่ะ))?$")
# "แก้ข้อเมื่อกี้ ย้อนกลับหน่อย": the previous question named first, whatever follows.
_FIX_PREVIOUS = re.compile(r"^(?:ขอ)?(?:แก้(?:ไข)?|เปลี่ยน)(?P<what>ข้อ(?:เมื่อกี้|ที่แล้ว|ก่อน(?:หน้า)?|บน))"
                           r"(?:ย้อน|กลับ|ไป|หน่อย|ก่อน|ที|ด้วย|นะ|ได้|ไหม(?!้)|มั้ย)*$")
# What may be named after "กลับไปแก้": the previous question, or a field's everyday name.
_FIELD_WORDS = ("รายละเอียด", "ผลการดำเนินงาน", "ผลงาน", "งาน", "ความก้าวหน้า", "ความคืบหน้า",
                "เปอร์เซ็น", "ร้อยละ", "%", "งบ", "เงิน", "เบิก", "ยอด", "แผน", "เป้า", "ปัญหา",
                "อุปสรรค")
_NO_MORE_EDITS = re.compile(
    r"^(?:อ๋อ|อ้อ|อ่อ|เอ่อ)?(?:ไม่|ไม่ต้อง)(?:แก้|แก้ไข)(?:อะไร)?(?:แล้ว|ต่อ|ละ)?(?:ค่ะ|ครับ)?"
    r"(?:กลับ\S*|ถูก(?:แล้ว|ต้อง|หมด)\S*|ส่ง\S{0,6}|ยกเลิก(?:การ)?แก้(?:ไข)?)?$"
    r"|^ยกเลิก(?:การ)?แก้(?:ไข)?$|^ถูก(?:หมด|ทั้งหมด|แล้ว)(?:แล้ว)?(?:ส่ง(?:ได้)?(?:เลย)?)?$|^ส่ง(?:ได้)?เลย(?:ได้(?:ไหม|มั้ย))?(?:ไม่(?:ต้อง)?แก้\S*)?$"
    r"|^ไม่มี(?:อะไร)?(?:แล้ว|ละ)?(?:ค่ะ|ครับ)?ส่ง(?:ได้)?(?:เลย)?$"
    r"|^(?:อ้าว|อ้อ|อ๋อ|เอ่อ)?ไม่ได้(?:จะ|ตั้งใจ(?:จะ)?|อยาก)แก้(?:ไข)?(?:อะไร)?(?:กดผิด\S*)?$")
# ("ไม่ต้องแก้แล้ว ส่งเลย", "ยกเลิกการแก้ไข": back to the summary)
# "ถูกแล้ว กลับไปหน้าสรุป", "เปลี่ยนใจ ไม่มีอะไรต้องแก้": nothing to change after all.
_BACK_TO_SUMMARY = re.compile(r"กลับ(?:ไป)?(?:ที่)?(?:หน้า)?สรุป|สรุปใหม่(?:ให้ดู)?|ขอดูสรุป"
                              r"|ไม่มีอะไร(?:ที่)?(?:ต้อง|จะ)?แก้"
                              r"|ไม่มีอะไร(?:ที่)?(?:ต้อง|จะ)เปลี่ยน")  # not "ไม่มีอะไรเปลี่ยน": as before
_RESUME = re.compile(r"^(?:ทำ|กรอก|รายงาน)?ต่อ(?:เลย|จากเดิม)?$|^resume$|^continue$"
                     r"|^(?:ขอ)?(?:ทำ|กรอก)ต่อจาก(?:ที่)?(?:ค้าง|ทำ)(?:ไว้)?\S{0,12}$"
                     r"|^(?:โอเค|ok|ได้)?(?:ค่ะ|ครับ)?กลับมา(?:กรอก|ทำ|ส่ง)?(?:รายงาน)?ต่อ"
                     r"(?:แล้ว)?(?:นะ)?(?:ค่ะ|ครับ|คะ)?$"
                     r"|^(?:กรอก|ทำ)(?:ไป)?ถึง(?:ไหน|ข้อไหน)|^อยู่(?:ที่)?ข้อไหน|^ถึงข้อไหน")
# Asking about the question itself; at a free-text question only these clear ones count.
_HELP_CLEAR = re.compile(
    r"ต้องพิมพ์|ต้องตอบ|พิมพ์อะไร|^(?:ต้อง)?กด(?:ตรง|ที่)?ไหน|ตอบยังไง|ตอบอย่างไร|กรอกอะไร|กรอกยังไง|กรอกอย่างไร|ใส่อะไร|ช่วยด้วย"
    r"|แบบไหน|ต้อง(?:ใส่|ตอบ|กรอก|เขียน)\S{0,24}?(?:ไหม(?!้)|มั้ย|หรือ)|จำเป็นต้อง(?:ใส่|ตอบ|กรอก)|ต้องเขียน|เขียนยังไง|เขียนอะไร|เขียนอย่างไร|ตัวอย่าง"
    r"|อะไร\S{0,6}ต้อง(?:กรอก|ใส่)|ต้อง(?:กรอก|ใส่)\S{0,6}(?:อะไร|กี่)|กี่ข้อ|อธิบาย(?:หน่อย|ให้|เพิ่ม)"
    r"|^งง$|งงค่ะ|งงครับ|^(?:ขอ)?help(?:หน่อย|ด้วย|pls|please|plz)?$|(?:ตรงนี้|ข้อนี้|ช่องนี้)ให้(?:ใส่|กรอก|เขียน|ตอบ)|^ช่วยเหลือ$|^วิธีใช้$|^\?+$"
    r"|^(?:ยัง)?ไม่เข้าใจ(?:คำถาม|ข้อนี้|ที่ถาม)?(?:เลย)?$|^ไม่เข้าใจว่า\S*หรือ|พิมพ์(?:ยังไง|อย่างไร)|(?:ละเอียด|ยาว)(?:ๆ)?(?:แค่|ขนาด)ไหน|พิมพ์ยาว(?:ๆ)?ได้(?:ไหม(?!้)|มั้ย)"
    r"|^ขอ(?:ความ)?ช่วย(?:เหลือ)?(?:หน่อย|ด้วย)?(?:งง\S{0,4})?$"
    r"|ไม่รู้จะ(?:เขียน|ตอบ|พิมพ์|กรอก|ใส่)|ใช้ไม่เป็น|^(?:ขอ)?ถาม(?:หน่อย|ก่อน)"
    r"|ตอบ(?:ว่า)?(?:ไร|อะไร)|(?:วิธี)?ตอบ\S{0,8}(?:ทำไง|ยังไง)|วิธีตอบ|ต้องดู(?:ยังไง|อย่างไร|จากไหน|ตรงไหน)")
_HELP_LOOSE = re.compile(
    r"ยังไง|อย่างไร|(?<!ไม่มี)(?<!ไม่ได้ทำ)อะไร|หมายถึง|หมายความ|ดูจากไหน|ไหนคะ|ไหนครับ|ไหม(?!้)|มั้ย|หรือเปล่า|(?:^|\s)งง"
    r"|ไม่เข้าใจ|\?$|หรือ\S*(?:คะ|ครับ|\?)$|หรอ$|เหรอ$")
# Asking for the question again ("ช่วยถามใหม่อีกครั้งได้ไหมคะ ข้อความเลื่อนหายไปแล้ว", "อ่านไม่ทัน").
_REPEAT = re.compile(r"(?:ขอ|ช่วย|รบกวน)?(?:ถาม|ทวน)(?:คำถาม)?(?:ใหม่|อีก(?:ที|ครั้ง|รอบ)|ซ้ำ)"
                     r"|ทวนคำถาม|คำถาม\S{0,8}(?:หาย|ไม่เห็น)|(?:ข้อความ|แชท)\S{0,4}เลื่อน\S{0,6}หาย"
                     r"|อ่านไม่ทัน|ถามว่า(?:อะไร|ไร)(?:นะ|น้า)?")
_ASKING = re.compile(r"ไหม(?!้)|มั้ย|ยังไง|อย่างไร|\?|หน่อย|หรือ")
PROJECT = "โครงการ"  # "กลับไปแก้โครงการ": the project, chosen before the first question
# Asking what the question means, where an answer is a number or a yes/no.
_MEANING = re.compile(r"หมาย(?:ถึง|ความว่า)\S{0,30}(?:อะไร|ไหน|ยังไง|อย่างไร|หรือ|ไหม(?!้)|มั้ย|\?)"
                      r"|คืออะไร|คือยังไง|คืออย่างไร|แปลว่าอะไร|ความหมาย\S{0,6}(?:อะไร|ยังไง)")
# Asking what the question itself means, at a free-text question ("อุปสรรคหมายถึงอะไรบ้างคะ",
# "เดือนนี้หมายถึงเดือน ก.ค. หรือ ส.ค. คะ"): the question's own words, then "หมายถึง".
_MEANING_HERE = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in _FIELD_WORDS if len(w) > 2)
    + r"|เดือนนี้|รอบนี้|ข้อนี้|คำถาม(?:นี้)?|ที่ถาม)\S{0,10}หมาย(?:ถึง|ความ)")
WHAT_PREVIOUS = ("ข้อที่แล้ว", "ข้อก่อน", "ข้อก่อนหน้า", "ข้อเมื่อกี้", "ข้อบน", "ก่อนหน้า", "อันก่อน",
                 "หน้าก่อน", "หน้าก่อนหน้า", "หน้าที่แล้ว", "หน้า",
                 "ที่แล้ว", "ข้อ", "")


@dataclass(frozen=True)
class Control:
    """A steering word: its kind ("cancel", "back", "help", "resume", "repeat", "done_editing") and,
    for back, what the person wants to change ("" for the previous question)."""

    kind: str
    what: str = ""


def _names_a_question(what: str) -> bool:
    """True when what is empty, "the previous one", a field's everyday name, or the project
    (chosen before the first question)."""
    return (what in WHAT_PREVIOUS or any(word in what for word in _FIELD_WORDS)
            or what == PROJECT)


# The previous answer said to be wrong ("ตอบข้อที่แล้วผิด", "ผมพิมพ์ผิดข้อที่แล้ว"): back to it.
_EARLIER = r"(?:ข้อ(?:ที่แล้ว|ก่อน(?:หน้า)?|เมื่อกี้|บน)|เมื่อกี้)"
_VERB = r"(?:ตอบ|พิมพ์|กด|ใส่|เลือก)"
_EARLIER_WRONG = re.compile(
    rf"^(?:ผม|หนู|ดิฉัน|ฉัน|เรา)?(?:{_VERB}?{_EARLIER}{_VERB}?ผิด|{_VERB}?ผิด{_EARLIER})(?:ไป)?$")
# A field's earlier answer said to be wrong ("ข้อเป้าเมื่อกี้ตอบผิดครับ"): back to that field.
_FIELD_WRONG = re.compile(rf"^(?:ข้อ)?(?P<what>{'|'.join(map(re.escape, _FIELD_WORDS))})\S{{0,6}}?"
                          rf"(?:เมื่อกี้|ที่แล้ว){_VERB}?ผิด(?:ไป)?$")
# A slip owned up to before the request ("พิมพ์ผิด", "กดผิด", "ขอโทษ"), set aside.
_SLIP = re.compile(r"^(?:(?:พิมพ์|กด|เลือก|ใส่|ตอบ|ส่ง)?ผิด(?:ๆ)?(?:ไป)?(?:โครงการ|ข้อ)?|ขอโทษ|โทษที"
                   r"|อุ๊ย|อ๊ะ|เอ้ย|เอ๊ย|อ้าว|เปลี่ยนใจ|เดี๋ยว(?:ก่อน)?)$")
# Only the verb ("ยกเลิก", "กลับ"): what follows it may be its object, unless it is a reason.
_BARE = re.compile(r"^(?:ขอ)?(?:ยกเลิก|เลิก|cancel|stop|หยุด|ย้อน(?:กลับ)?|ถอย(?:กลับ)?|กลับ|back)$",
                   re.I)
_REASON = re.compile(r"^(?:เพราะ|เนื่อง|ไว้|เดี๋ยว|ค่อย|ขอ|ยัง|ข้อมูล|พรุ่งนี้|ทีหลัง|วันหลัง|ก่อน|จะ|ไม่"
                     r"|ลืม|ต้อง|พิมพ์|กดผิด|เลือกผิด|ใส่|ผิด)")


def _steer_with_reason(said: str, free_text: bool) -> Control | None:
    """A cancel or back said first, perhaps after owning up to a slip, with a reason after it
    ("ขอยกเลิกการรายงานครั้งนี้ก่อน ข้อมูลยังไม่ครบ", "พิมพ์ผิด ขอกลับไปข้อก่อนหน้า",
    "ไม่เอาแล้ว ไว้ส่งพรุ่งนี้"); a bare verb followed by its object is an answer."""
    clauses = said.split()
    while len(clauses) > 1 and _SLIP.match(clauses[0]):
        clauses = clauses[1:]
    if not clauses:
        return None
    first, rest = clauses[0], clauses[1:]
    found = _steer(first, free_text)
    if found is None or found.kind not in ("cancel", "back"):
        return None
    if rest and _BARE.match(first) and not _REASON.match(rest[0]):
        return None  # "ยกเลิก สัญญาเดิม": the verb's object
    return found


_DRAWN_PARTICLE = re.compile(rf"(?<=[ก-๛]){DRAWN_PARTICLE}$")


def control(text: str, free_text: bool) -> Control | None:
    """The steering a message asks for, or None when it is (or may be) an answer."""
    said = without_particles(core(text))
    flat = re.sub(r"\s+", "", said)
    if not flat:
        return None
    found = _steer(flat, free_text)
    if found is None and _DRAWN_PARTICLE.search(flat):  # "ยกเลิกค่า", "ย้อนกลับคร้าบ"
        found = _steer(_DRAWN_PARTICLE.sub("", flat), free_text)
    clauses = said.split()
    if found is None and len(clauses) > 1 and _SLIP.match(clauses[0]):
        found = _steer("".join(clauses[1:]), free_text)  # "เอ้ย ไม่แก้ละ"
    if found is None and len(said.split()) > 1 and len(flat) <= 80:
        return _steer_with_reason(said, free_text)
    return found


def _steer(flat: str, free_text: bool) -> Control | None:
    """The steering that a message without spaces is, wholly."""
    if _CANCEL.match(flat):
        return Control("cancel")
    back = _BACK.match(flat) or _FIX_EARLIER.match(flat) or _FIX_PREVIOUS.match(flat)
    if back is not None and free_text and re.match(r"^(?:ขอ)?(?:ย้อน)?กลับมา", flat):
        back = None  # "กลับมาตรวจงานอีกครั้ง": came back, an answer
    if back is not None and (_names_a_question(back["what"]) or (
            not free_text and back.re is _BACK)):
        return Control("back", back["what"])
    if _EARLIER_WRONG.match(flat):
        return Control("back")
    if free_text and (field := _FIELD_WRONG.match(flat)) is not None:
        return Control("back", field["what"])
    if _NO_MORE_EDITS.match(flat) or _BACK_TO_SUMMARY.search(flat):
        return Control("done_editing")
    if _RESUME.match(flat):
        return Control("resume")
    if _HELP_CLEAR.search(flat) and (len(flat) <= 40 or (
            len(flat) <= 80 and _ASKING.search(flat))):
        return Control("help")  # "ช่วยยกตัวอย่างหน่อยได้ไหมคะ ว่าต้องพิมพ์แบบไหน"
    if len(flat) <= 60 and _REPEAT.search(flat) and not complains(flat) and not re.search(
            r"งง|ไม่เข้าใจ", flat):  # confused ("งงค่ะ ถามว่าอะไรนะคะ"): the question explained
        return Control("repeat")
    if free_text and _MEANING_HERE.match(flat) and _MEANING.search(flat + "?"):
        return Control("help")  # "อุปสรรคหมายถึงอะไรบ้างคะ เรื่องเงินด้วยไหม"
    if not free_text and _MEANING.search(flat):
        return Control("help")  # "ตามแผนหมายถึงอะไรคะ แผนงานหรือแผนเงิน": not a "yes"
    return None


def asks_about_the_question(text: str) -> bool:
    """True for a question about what to answer ("แผนคืออะไรคะ", "หมายถึงรวมเงินเดือนด้วยไหม");
    asked only when the answer could not be read as one."""
    flat = re.sub(r"\s+", "", text)
    return bool(_HELP_LOOSE.search(flat) or _HELP_CLEAR.search(flat))
