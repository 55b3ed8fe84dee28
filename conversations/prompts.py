"""The fixed Thai wording of conversations, and the words that steer them."""

from __future__ import annotations

from collections.abc import Iterable

from core.messages import Message, quick_text, text

CANCEL = "ยกเลิก"
BACK = "ย้อนกลับ"
SKIP = "ข้าม"
SUBMIT = "ยืนยัน"
EDIT = "แก้ไข"
RESUME = "ทำต่อ"
CONFIRM_VALUE = "ยืนยันค่านี้"
CHANGE_VALUE = "กรอกใหม่"

NOTHING_TO_ADD_TO = ("ยังไม่มีรายงานครั้งก่อนของโครงการนี้ให้นับต่อค่ะ กรุณาพิมพ์ความก้าวหน้าสะสมของทั้ง"
                     "โครงการเป็นตัวเลขเดียว เช่น 45")
CANCEL_WORDS = (CANCEL, "ยกเลิกรายงาน", "cancel")
BACK_WORDS = (BACK, "กลับ", "back")
HELP_WORDS = ("ช่วยเหลือ", "help", "?", "วิธีใช้")
RESUME_WORDS = (RESUME, "กรอกต่อ", "ต่อ")
SKIP_WORDS = (SKIP, "ไม่มี", "-", "ไม่มีค่ะ", "ไม่มีครับ", "skip")
SUBMIT_WORDS = (SUBMIT, "ยืนยันส่ง", "ส่ง", "ตกลง", "ok", "โอเค")
EDIT_WORDS = (EDIT, "แก้", "edit")
YES_WORDS = (CONFIRM_VALUE, "ยืนยัน", "ใช่", "ถูกต้อง", "ตกลง", "ok")
NO_WORDS = (CHANGE_VALUE, "ไม่", "ไม่ใช่", "แก้ไข", "กรอกใหม่ค่ะ", "กรอกใหม่ครับ")

# What the summary, the soft checks and the yes/no questions take: typed at a question that
# wants sentences (the work done, the obstacles) it answers nothing there.
GO_ON_WORDS = ("ยืนยัน", "ยืนยันส่ง", "ยืนยันค่านี้", "ส่ง", "ส่งเลย", "ส่งได้", "ส่งได้เลย", "ตกลง",
               "ok", "okay", "โอเค", "confirm", "ถูกต้อง", "ถูกต้องแล้ว", "ครบแล้ว", "👍", "👌", "✅")
OTHER_STEP_WORDS = (*GO_ON_WORDS, "แก้ไข", "แก้", "edit", "กรอกใหม่", "ใช่", "ไม่ใช่", "yes",
                    "ยังไม่เบิก", "เป็นไปตามแผน", "ไม่เป็นไปตามแผน", "เป็นไปตามเป้าหมาย",
                    "ไม่เป็นไปตามเป้าหมาย")
NOT_THIS_QUESTION = "ข้อนี้ถามถึง{label}ค่ะ"
SKIP_HINT = "หากไม่มี พิมพ์ \"ข้าม\" หรือ \"ไม่มี\" ได้ค่ะ"
CANCELLED = "ยกเลิกแบบร่างรายงานแล้วค่ะ ข้อมูลที่กรอกไว้ไม่ถูกบันทึก พิมพ์ \"รายงาน\" เพื่อเริ่มใหม่ได้ทุกเมื่อนะคะ"
# A correction or an addition of photos cancelled: the report already sent is untouched.
CANCELLED_AMEND = ("ยกเลิกการแก้ไขแล้วค่ะ รายงานที่ส่งไปแล้วยังอยู่เหมือนเดิม ไม่มีการเปลี่ยนแปลงนะคะ")
CANCELLED_PHOTOS = "ยกเลิกการแนบรูปแล้วค่ะ รายงานที่ส่งไปแล้วยังอยู่เหมือนเดิมนะคะ"
UNSAVED_PHOTOS = " ส่วนรูป {count} รูปที่เพิ่งส่งมาไม่ได้บันทึกค่ะ"
ADD_PHOTOS = "ยืนยันแนบรูป"  # the summary's button when photos are added to a sent report
CONFIRM_PHOTOS = ("ส่งรูปได้เลยค่ะ แล้วกด \"ยืนยันแนบรูป\" เพื่อเพิ่มรูปในรายงานที่ส่งไปแล้ว "
                  "(ข้อมูลในรายงานไม่เปลี่ยน) หรือ \"ยกเลิก\" ค่ะ")
CONFIRM_AMEND = ("กรุณาตรวจสอบสรุปด้านบน แล้วเลือก \"ยืนยัน\" เพื่อบันทึกการแก้ไข \"แก้ไข\" "
                 "เพื่อแก้ข้อมูลเพิ่ม หรือ \"ยกเลิก\" (รายงานที่ส่งไปแล้วจะอยู่เหมือนเดิม) ค่ะ")
RESUMED = "กลับมากรอกรายงานต่อนะคะ"
ENTER_AGAIN = "ได้ค่ะ กรุณากรอกใหม่อีกครั้งนะคะ"
CHECK_QUESTION = "ต้องการยืนยันค่านี้ หรือกรอกใหม่คะ"
PICK_FIELD = "ต้องการแก้ไขข้อใดคะ เลือกจากรายการด้านล่างหรือพิมพ์หมายเลขข้อได้เลยค่ะ"
PICK_FIELD_AGAIN = "ขออภัยค่ะ ไม่พบหัวข้อนั้น กรุณาเลือกหัวข้อที่ต้องการแก้ไขจากรายการนะคะ"
CONFIRM_AGAIN = "กรุณาตรวจสอบสรุปด้านบน แล้วเลือก \"ยืนยัน\" เพื่อส่ง \"แก้ไข\" เพื่อแก้ข้อมูล หรือ \"ยกเลิก\" ค่ะ"
REQUIRED = "ข้อนี้จำเป็นต้องกรอกค่ะ"
AT_FIRST = "นี่เป็นคำถามแรกแล้วค่ะ"
OTHER_PROJECT = ("หากเลือกโครงการผิด พิมพ์ \"ยกเลิก\" แล้วพิมพ์ \"รายงาน\" เพื่อเลือกโครงการใหม่ได้เลยค่ะ")
HELP_CONFIRM = ("ตอนนี้เป็นขั้นตรวจสอบก่อนส่ง เลือก \"ยืนยัน\" เพื่อบันทึกรายงาน \"แก้ไข\" เพื่อเปลี่ยนข้อมูลบางข้อ "
                "หรือ \"ยกเลิก\" เพื่อทิ้งแบบร่างค่ะ")
HELP_PHOTOS = ("ตอนนี้เป็นการแนบรูปกับรายงานที่ส่งไปแล้ว ส่งรูปในแชตได้เลย แล้วเลือก \"ยืนยันแนบรูป\" "
               "เพื่อเพิ่มรูปในรายงานนั้น หรือ \"ยกเลิก\" (รายงานที่ส่งไปแล้วอยู่เหมือนเดิม) ค่ะ")
HELP_COMMON = ("พิมพ์ \"ย้อนกลับ\" เพื่อกลับไปข้อก่อนหน้า \"ยกเลิก\" เพื่อยกเลิกแบบร่าง "
               "หรือถามสถานะโครงการระหว่างนี้ก็ได้ แล้วพิมพ์ \"ทำต่อ\" เพื่อกลับมากรอกต่อค่ะ")


def message(body: str, quick: Iterable[str] = ()) -> Message:
    """A text message with quick-reply buttons that send their own label."""
    return text(body, [quick_text(q) for q in quick])
