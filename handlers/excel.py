""""ส่งออก excel": a link, valid for a while, to the spreadsheet of the asker's projects."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import periods
from core.messages import Message, quick_text, text
from handlers.deps import Media
from reminders.policy import Policy
from sheets.workbook import build_xlsx
from storage.models import Project
from storage.scope import Scope

log = logging.getLogger(__name__)
NONE = ("ขออภัยค่ะ ยังไม่มีโครงการปีงบประมาณ {year} ที่ท่านดูได้ จึงยังส่งออกไฟล์ Excel ไม่ได้นะคะ "
        "(หากท่านต้องติดตามโครงการใด กรุณาติดต่อผู้ดูแลระบบเพื่อขอสิทธิ์)")
FAILED = "ขออภัยค่ะ สร้างไฟล์ Excel ไม่สำเร็จ กรุณาลองใหม่อีกครั้งนะคะ"
READY = ("ไฟล์ Excel โครงการปีงบประมาณ {year} ที่ท่านดูได้ ({count:,} โครงการ) ค่ะ\n"
         "มีแผ่นงานโครงการพร้อมรายงานล่าสุด เดือนที่ค้างส่ง ปัญหา/อุปสรรค "
         "และตัวชี้วัดรายไตรมาส\nลิงก์นี้ใช้ได้ถึง {when}\n{url}")


def excel_answer(session: Session, scope: Scope, media: Media, timezone: str, today: date,
                 policy: Policy) -> Message:
    """The link to this fiscal year's spreadsheet of the projects the asker may see."""
    year = periods.fiscal_year_of(today)
    count = len(session.scalars(scope.filter(
        select(Project.id).where(Project.fiscal_year == year))).all())
    if not count:
        log.info("excel refused (nothing in scope): user=%s", scope.user_hash)
        return text(NONE.format(year=year))
    try:
        data = build_xlsx(session, today, scope, fiscal_year=year, policy=policy)
    except Exception:
        log.exception("excel export failed: user=%s", scope.user_hash)
        return text(FAILED)
    url = media.publish(data, "xlsx", f"tidtam-{year}")
    until = datetime.now(ZoneInfo(timezone)) + timedelta(seconds=media.ttl_seconds)
    when = f"{periods.thai_date(until.date())} เวลา {until:%H:%M} น."
    log.info("excel sent: user=%s projects=%d", scope.user_hash, count)
    return text(READY.format(year=year, count=count, when=when, url=url),
                [quick_text("สรุป"), quick_text("ค้างส่ง")])
