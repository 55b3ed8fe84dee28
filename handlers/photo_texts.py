"""What the bot says about photos (evidence attached to a report), in polite Thai."""

from __future__ import annotations

from handlers import texts

PROBLEMS = {
    "too_big": ("ขออภัยค่ะ รูปนี้ใหญ่เกินไป (เกิน {mb} MB) จึงยังไม่ได้แนบ "
                "กรุณาส่งรูปที่เล็กลง (เช่น ถ่ายใหม่หรือส่งแบบไม่ใช่ต้นฉบับ) นะคะ"),
    "too_many_pixels": ("ขออภัยค่ะ รูปนี้มีขนาดภาพใหญ่ผิดปกติ จึงยังไม่ได้แนบ "
                        "กรุณาส่งรูปอื่นหรือย่อขนาดก่อนนะคะ"),
    "not_image": ("ขออภัยค่ะ เปิดรูปนี้ไม่ได้ (ไฟล์อาจเสียหรือไม่ใช่รูปภาพ) จึงยังไม่ได้แนบ "
                  "กรุณาส่งรูปอีกครั้งนะคะ"),
    "gone": ("ขออภัยค่ะ รูปนี้หมดอายุในระบบ LINE แล้ว จึงดึงมาแนบไม่ได้ "
             "กรุณาส่งรูปอีกครั้งนะคะ"),
    "unavailable": ("ขออภัยค่ะ ตอนนี้ดึงรูปจาก LINE ไม่สำเร็จ (ลองแล้วหลายครั้ง) "
                    "ข้อมูลรายงานที่กรอกไว้ยังอยู่ครบ กรุณาส่งรูปอีกครั้งในอีกสักครู่นะคะ"),
}
NOT_A_PHOTO = texts.NOT_A_PHOTO
SEND_PHOTOS = "ส่งรูปหลักฐานได้เลยค่ะ (แนบได้สูงสุด {limit} รูปต่อรายงาน)"
ALREADY = "รูปนี้แนบไว้แล้วค่ะ (ตอนนี้มี {count} รูป)"
NO_PHOTOS = "แบบร่างนี้ยังไม่มีรูปแนบค่ะ"
NO_SUCH_PHOTO = "ไม่พบรูปที่ {number} ค่ะ ตอนนี้มี {count} รูป (พิมพ์ \"ลบรูป\" เพื่อลบรูปล่าสุด)"
WHICH_REPORT = ("ได้รับรูปแล้วค่ะ ({count} รูป) รูปนี้เป็นหลักฐานของรายงานโครงการไหน เดือนอะไรคะ "
                "กรุณาเลือกด้านล่าง หรือพิมพ์ \"ยกเลิก\" หากไม่ต้องการแนบ")
WHICH_REPORT_ASKED = "แนบรูปกับรายงานโครงการไหน เดือนอะไรคะ กรุณาเลือกด้านล่างนะคะ"
PICK_FIRST = "รูปจะแนบกับรายงานนี้ค่ะ กรุณาเลือกโครงการที่จะรายงานก่อนนะคะ"
NOTHING_TO_ATTACH = ("ยังไม่มีรายงานที่แนบรูปได้ค่ะ พิมพ์ \"รายงาน\" เพื่อกรอกรายงาน "
                     "แล้วส่งรูประหว่างกรอกได้เลยนะคะ")
ATTACH_INTRO = ("แนบรูปกับรายงานครั้งที่ {number} ประจำเดือน {month} ที่ส่งไปแล้ว\n{label}\n"
                "ส่งรูปได้เลยค่ะ แล้วกด \"ยืนยันแนบรูป\" เพื่อเพิ่มรูปในรายงานนี้ "
                "(ลบรูปล่าสุด: พิมพ์ \"ลบรูป\")")
HELD_DROPPED = ("ยกเลิกแล้วค่ะ รูปที่ส่งมายังไม่ได้แนบกับรายงานใด "
                "หากต้องการแนบภายหลัง ส่งรูปในแชตอีกครั้งได้เลยนะคะ")
NONE_HELD = "ตอนนี้ไม่มีรูปรอแนบแล้วค่ะ"


def problem(reason: str, max_bytes: int) -> str:
    """Why a photo was not attached, and what to do."""
    text = PROBLEMS.get(reason, PROBLEMS["not_image"])
    return text.format(mb=max_bytes // (1024 * 1024))


def received(count: int, limit: int) -> str:
    """A photo was attached to the draft."""
    left = limit - count
    more = f"แนบได้อีก {left} รูป" if left > 0 else "ครบจำนวนที่แนบได้แล้ว"
    return f"ได้รับรูปที่ {count} แล้วค่ะ ({more})"


def over_limit(limit: int) -> str:
    """The draft already holds the most photos a report may have."""
    return (f"ขออภัยค่ะ รายงานหนึ่งฉบับแนบรูปได้ไม่เกิน {limit} รูป รูปนี้จึงยังไม่ได้แนบ "
            "หากต้องการเปลี่ยนรูป พิมพ์ \"ลบรูป\" (หรือ \"ลบรูป 2\") ก่อนแล้วส่งใหม่นะคะ")


def removed(number: int, count: int) -> str:
    """A photo was taken out of the draft."""
    return f"ลบรูปที่ {number} ออกแล้วค่ะ (เหลือ {count} รูป)"


def with_photos(count: int) -> str:
    """The receipt's line about the photos stored with the report."""
    return f"\nรูปประกอบ (หลักฐาน): {count} รูป" if count else ""


def photos_saved(label: str, month: str, added: int, removed_count: int, total: int) -> str:
    """Only the photos of a stored report changed."""
    parts = [f"เพิ่ม {added} รูป"] if added else []
    parts += [f"ลบ {removed_count} รูป"] if removed_count else []
    done = " และ".join(parts) or "ไม่มีการเปลี่ยนแปลงรูป"
    return (f"บันทึกรูปหลักฐานแล้วค่ะ ({done})\n{label}\nรายงานประจำเดือน {month} "
            f"มีรูปประกอบ {total} รูป")
