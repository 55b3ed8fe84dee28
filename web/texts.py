"""The dashboard's Thai messages (refusals, expired links) and the LIFF page's script."""

from __future__ import annotations

from flask import render_template

_AGAIN = "กรุณาพิมพ์ \"แดชบอร์ด\" ในแชต LINE (หรือแตะเมนูแดชบอร์ด) เพื่อรับลิงก์ใหม่นะคะ"
MESSAGES = {
    "link_dead": "ลิงก์นี้หมดอายุ ถูกใช้ไปแล้ว หรือไม่ถูกต้องค่ะ " + _AGAIN,
    "signed_out": "ยังไม่ได้เข้าสู่ระบบ หรือหมดเวลาใช้งานแล้วค่ะ " + _AGAIN,
    "signed_out_now": "ออกจากระบบแล้วค่ะ " + _AGAIN,
    "not_registered": ("ขออภัยค่ะ บัญชี LINE นี้ยังไม่ได้ลงทะเบียนใช้งาน หรือถูกยกเลิกสิทธิ์แล้ว "
                       "กรุณาติดต่อผู้ดูแลระบบนะคะ"),
    "agency_refused": ("ขออภัยค่ะ ท่านไม่มีสิทธิ์ดูข้อมูลของหน่วยงานนี้ "
                       "(หากท่านต้องติดตามหน่วยงานนี้ กรุณาติดต่อผู้ดูแลระบบเพื่อขอสิทธิ์)"),
    "project_refused": ("ไม่พบโครงการนี้ในโครงการที่ท่านดูได้ค่ะ "
                        "หากเป็นโครงการที่ท่านต้องติดตาม กรุณาติดต่อผู้ดูแลระบบเพื่อขอสิทธิ์นะคะ"),
    "nothing_in_scope": "ขออภัยค่ะ ยังไม่มีโครงการที่ท่านดูได้ จึงยังส่งออกไฟล์ Excel ไม่ได้นะคะ",
    "form_stale": "แบบฟอร์มนี้หมดอายุแล้วค่ะ กรุณาเปิดหน้าเดิมใหม่แล้วลองอีกครั้งนะคะ",
    "not_found": "ไม่พบหน้านี้ค่ะ กรุณากลับไปที่หน้าภาพรวมนะคะ",
    "unavailable": "ขออภัยค่ะ ระบบไม่พร้อมให้บริการชั่วคราว กรุณาลองใหม่อีกครั้งในอีกสักครู่นะคะ",
    "failed": "ขออภัยค่ะ เปิดหน้านี้ไม่สำเร็จ กรุณาลองใหม่อีกครั้งนะคะ",
}

# The LIFF page's one script (its hash is allowed by the page's Content-Security-Policy).
LIFF_SCRIPT = """
const el = document.getElementById("state");
const FAILED = "เข้าสู่ระบบไม่สำเร็จค่ะ กรุณาปิดแล้วเปิดแดชบอร์ดจากเมนูใน LINE อีกครั้ง";
const liffId = document.body.dataset.liffId;
liff.init({liffId}).then(() => {
  if (!liff.isLoggedIn()) { liff.login({redirectUri: location.href}); return; }
  const body = new URLSearchParams({id_token: liff.getIDToken() || ""});
  return fetch("/dash/liff/session", {method: "POST", body, credentials: "same-origin",
                                      headers: {"X-Requested-With": "tidtam"}})
    .then(r => { if (r.ok) { location.replace("/dash/"); }
                 else { el.textContent = FAILED; } });
}).catch(() => { el.textContent = "เปิดแดชบอร์ดไม่สำเร็จค่ะ กรุณาลองใหม่อีกครั้ง"; });
"""


def render_message(message: str) -> str:
    """A small Thai page with one message and the way back."""
    return render_template("message.html", message=message)
