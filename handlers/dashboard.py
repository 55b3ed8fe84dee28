""""แดชบอร์ด": a link that opens the dashboard (LIFF in production, a one-time link locally)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import redis
from sqlalchemy.orm import Session

from conversations import grammar
from conversations.grammar import Intent
from core.messages import quick_text, text
from handlers import signin
from handlers.router import Chat, Inbound, Kind, Outcome
from storage.scope import scope_of

log = logging.getLogger(__name__)
NOT_REGISTERED = ("ขออภัยค่ะ แดชบอร์ดใช้ได้เฉพาะผู้ที่ลงทะเบียนแล้ว กรุณาพิมพ์ \"ลงทะเบียน <รหัสเชิญ>\" "
                  "ก่อนนะคะ (ยังไม่มีรหัสเชิญ กรุณาติดต่อผู้ดูแลระบบ)")
LINK = ("แดชบอร์ดโครงการที่ท่านดูได้ค่ะ แตะลิงก์เพื่อเปิด (ลิงก์นี้ใช้ได้ครั้งเดียว "
        "ภายใน {minutes} นาที)\n{url}")
LIFF = "แดชบอร์ดโครงการที่ท่านดูได้ค่ะ แตะลิงก์เพื่อเปิดใน LINE\n{url}"


@dataclass(frozen=True)
class DashboardCommand:
    """Answer "แดชบอร์ด" with the way in: the LIFF URL, or a signed single-use link."""

    redis: redis.Redis
    base_url: str  # the public base URL of the web process
    key: bytes  # signs the links
    ttl_seconds: int = 600
    liff_id: str = ""

    def __call__(self, event: Inbound, session: Session) -> Outcome | None:
        """The link, for a registered user in a one-to-one chat; None for other texts."""
        if event.kind is not Kind.TEXT or not event.user_id or event.chat is not Chat.USER:
            return None
        if grammar.understand(event.text).intent is not Intent.DASHBOARD:
            return None
        scope = scope_of(session, event.user_id)
        if not scope.registered:
            return Outcome([text(NOT_REGISTERED)])
        quick = [quick_text("สรุป"), quick_text("ค้างส่ง")]
        if self.liff_id:
            return Outcome([text(LIFF.format(url=f"https://liff.line.me/{self.liff_id}"), quick)])
        token = signin.mint(self.redis, self.key, event.user_id, self.ttl_seconds)
        url = f"{self.base_url.rstrip('/')}/dash/signin/{token}"
        log.info("dashboard link sent: user=%s", scope.user_hash)
        return Outcome([text(LINK.format(minutes=max(self.ttl_seconds // 60, 1), url=url),
                             quick)])
