"""Thai wording of the report command's own replies."""

from __future__ import annotations

from core.display import project_named

EXPIRED = ("แบบร่างรายงานที่กรอกค้างไว้หมดอายุแล้ว เนื่องจากไม่มีการตอบกลับเป็นเวลานาน "
           "ข้อมูลในแบบร่างนั้นไม่ถูกบันทึก พิมพ์ \"รายงาน\" เพื่อเริ่มใหม่ได้เลยค่ะ")
LOST = ("ขออภัยค่ะ ข้อมูลรายงานที่กรอกค้างไว้หายไปเนื่องจากระบบขัดข้อง และยังไม่ได้บันทึก "
        "กรุณาพิมพ์ \"รายงาน\" เพื่อเริ่มกรอกใหม่อีกครั้งนะคะ")
PICK_PROJECT_FIRST = ("ขอเลือกโครงการก่อนนะคะ ข้อความเมื่อสักครู่ยังไม่ได้บันทึก "
                      "เลือกโครงการจากรายการด้านล่าง แล้วพิมพ์ใหม่ได้เลยค่ะ")
NO_DRAFT = "ตอนนี้ไม่มีแบบร่างรายงานค้างอยู่ค่ะ พิมพ์ \"รายงาน\" เพื่อเริ่มรายงานใหม่ได้เลย"
HAS_DRAFT = "ท่านมีแบบร่างรายงานที่ยังกรอกไม่เสร็จอยู่ค่ะ กรอกต่อจากเดิมได้เลย (หรือพิมพ์ \"ยกเลิก\" เพื่อเริ่มใหม่)"
RESUME_NOTE = "ท่านยังมีแบบร่างรายงานที่กรอกค้างไว้ พิมพ์ \"ทำต่อ\" เพื่อกลับไปกรอกต่อได้เลยค่ะ"
NOT_REGISTERED = ("ท่านยังไม่ได้ลงทะเบียนใช้งานค่ะ กรุณาติดต่อผู้ดูแลระบบเพื่อขอรหัสเชิญ "
                  "แล้วพิมพ์ \"ลงทะเบียน\" ตามด้วยรหัส เช่น ลงทะเบียน AB12-CD34")
NO_PROJECTS = "ยังไม่มีโครงการที่ผูกกับบัญชีของท่านค่ะ กรุณาติดต่อผู้ดูแลระบบเพื่อขอรหัสเชิญของโครงการ"
NO_LONGER_ALLOWED = ("ขออภัยค่ะ บัญชีของท่านไม่มีสิทธิ์รายงานโครงการนี้แล้ว รายงานจึงไม่ถูกบันทึก "
                     "หากคิดว่าไม่ถูกต้อง กรุณาติดต่อผู้ดูแลระบบนะคะ")


def not_officer(code: str | None) -> str:
    """Reports are filed by officers only; the asker may still look (their own code as the
    example, none when they see no project)."""
    how = f"เช่น พิมพ์ \"สถานะ {code}\"" if code else "โดยพิมพ์ \"สถานะ\" ตามด้วยรหัสโครงการ"
    return ("การส่งรายงานทำได้เฉพาะเจ้าหน้าที่ผู้รับผิดชอบโครงการเท่านั้นค่ะ "
            f"ท่านยังดูสถานะโครงการได้ตามปกติ {how}")


def left_sent(photos: bool, month: str, unsaved: int) -> str:
    """A new report asked for while a sent report was open to correct or to add photos to:
    that one stays as it was sent (and the photos sent since, unsaved, are said)."""
    what = "การแนบรูปกับ" if photos else "การแก้ไข"
    lost = (f" ส่วนรูป {unsaved} รูปที่เพิ่งส่งมายังไม่ได้บันทึก (พิมพ์ \"แนบรูป\" แล้วส่งอีกครั้งได้ค่ะ)"
            if unsaved else "")
    return (f"หยุด{what}รายงานเดือน {month} ไว้ก่อนนะคะ รายงานที่ส่งไปแล้วยังอยู่เหมือนเดิม{lost}")


def nothing_to_amend(month: str | None) -> str:
    """There is no report (of that month) to correct."""
    which = f"ของเดือน {month}" if month else "ของโครงการนี้"
    return f"ยังไม่มีรายงาน{which}ให้แก้ไขค่ะ พิมพ์ \"รายงาน\" เพื่อส่งรายงานใหม่ได้เลย"


NOT_READ = ("ขออภัยค่ะ «ติดตาม» รับได้เฉพาะข้อความตัวอักษรและรูปภาพ "
            "กรุณาพิมพ์คำตอบของข้อนี้นะคะ")
NOTHING_TO_CONFIRM = ("ตอนนี้ไม่มีรายงานที่รอการยืนยันค่ะ "
                      "พิมพ์ \"รายงาน\" เพื่อเริ่มรายงานใหม่ได้เลยนะคะ")
PICK_PROJECT = "ต้องการรายงานโครงการใดคะ เลือกจากปุ่มด้านล่าง หรือพิมพ์รหัสโครงการได้เลยค่ะ"
PICK_AMEND = "ต้องการแก้ไขรายงานโครงการใดคะ เลือกจากปุ่มด้านล่าง หรือพิมพ์รหัสโครงการได้เลยค่ะ"


def intro(label: str, amend: bool, prefilled: bool, month: str = "") -> str:
    """The opening lines of a draft: whose report, for which month, and how to get out."""
    which = f"\n{month}" if month else ""
    if amend:
        return f"แก้ไขรายงานของ{project_named(label)} ค่ะ{which}"
    if prefilled:
        return (f"รับข้อมูลรายงาน{project_named(label)} แล้วค่ะ{which}\n"
                "ขอถามเพิ่มเฉพาะข้อที่ยังขาดนะคะ")
    return (f"เริ่มรายงานความก้าวหน้า{project_named(label)} ค่ะ{which}\n"
            "(พิมพ์ \"ย้อนกลับ\" เพื่อแก้ข้อก่อนหน้า หรือ \"ยกเลิก\" ได้ทุกเมื่อ)")


def intro_amend(label: str, month: str, number: int) -> str:
    """The opening line of a draft that corrects one month's report."""
    return (f"แก้ไขรายงานครั้งที่ {number} ประจำเดือน {month} ของ{project_named(label)} ค่ะ\n"
            "(ตรวจสอบแล้วเลือกข้อที่ต้องการแก้ หรือพิมพ์ \"ยกเลิก\" ได้ทุกเมื่อ)")


def intro_indicator(label: str) -> str:
    """The opening line of a quarterly indicator draft."""
    return f"เริ่มรายงาน{label} ค่ะ\n(พิมพ์ \"ย้อนกลับ\" หรือ \"ยกเลิก\" ได้ทุกเมื่อ)"


def not_yours(code: str) -> str:
    """The officer named a project they are not bound to."""
    return (f"ไม่พบโครงการ {code} ในรายการที่ท่านรับผิดชอบค่ะ "
            "กรุณาตรวจสอบรหัส หรือพิมพ์ \"รายงาน\" เพื่อเลือกจากรายการ")


def no_match(fragment: str) -> str:
    """No project name contains the fragment."""
    return f"ไม่พบโครงการที่มีชื่อตรงกับ \"{fragment}\" ในรายการที่ท่านรับผิดชอบค่ะ"


def receipt(name: str, code: str, number: int, revision: int, month: str, day: str,
            progress: str, disbursed: str, moved: bool = False, filed: str = "",
            photos: str = "") -> str:
    """The receipt after a report is stored (moved: later months' reports were renumbered;
    filed: the day it was sent, when the form is dated otherwise; photos: their line)."""
    what = f"แก้ไขรายงานครั้งที่ {number} (ฉบับแก้ไขที่ {revision - 1})" if revision > 1 \
        else f"บันทึกรายงานครั้งที่ {number}"
    when = (f"{day} (วันสุดท้ายของเดือนที่รายงาน ส่งจริงวันที่ {filed})" if filed and filed != day
            else day)
    note = ("\n(รายงานของเดือนหลังจากนี้เลื่อนลำดับครั้งที่ตามเดือนแล้วค่ะ)" if moved else "")
    return (f"{what} ประจำเดือน {month} ของ{project_named(name)} ({code}) "
            f"เรียบร้อยแล้วค่ะ ✅\nวันที่ในแบบรายงาน: {when}\nความก้าวหน้า: {progress}\n"
            f"เบิกจ่ายครั้งนี้: {disbursed}{photos}{note}\nขอบคุณค่ะ")


def already_sent(name: str, code: str, number: int, month: str, day: str) -> str:
    """A second tap on a used "ยืนยัน": the report went through the first time."""
    return (f"รายงานครั้งที่ {number} ประจำเดือน {month} ของโครงการ {name} ({code}) "
            f"ส่งเรียบร้อยแล้วค่ะ (วันที่รายงาน {day}) ไม่ต้องยืนยันซ้ำนะคะ")


def future_month(asked: str, latest: str) -> str:
    """A report for a month that has not come yet."""
    return f"ยังรายงานล่วงหน้าของเดือน {asked} ไม่ได้ค่ะ รายงานได้ถึงเดือน {latest} นะคะ"
