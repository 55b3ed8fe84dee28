"""The status-family commands: สถานะ, ประวัติ, กราฟ, PDF, ค้างส่ง, สรุป, ส่งออก excel."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from core import periods
from core.messages import Message, quick_text, text
from handlers import status_views
from handlers.deps import HandlerDeps, Media
from handlers.excel import excel_answer
from handlers.indicator_status import indicator_answer
from handlers.photo_views import history_carousel, latest_photo_count, with_photo_count
from handlers.query_words import SLOW, Query, Verb, parse_query
from handlers.router import Chat, Command, Inbound, Kind, Outcome
from photos.store import PhotoStore
from reminders.due import load_due_dates
from reminders.policy import Policy
from storage import queries
from storage.queries import NameIndex, ProjectBrief, ProjectInfo
from storage.scope import Scope, scope_of

log = logging.getLogger(__name__)
PAGE = 12  # choices per page; the 13th quick reply is "next"

REGISTER = ("ขออภัยค่ะ บัญชี LINE นี้ยังไม่ได้ลงทะเบียนใช้งาน\n"
            "หากได้รับรหัสเชิญจากผู้ดูแลระบบแล้ว กรุณาพิมพ์ \"ลงทะเบียน <รหัสเชิญ>\" "
            "เช่น ลงทะเบียน AB12-CD34 แล้วจึงสอบถามสถานะโครงการได้นะคะ "
            "(ยังไม่มีรหัสเชิญ กรุณาติดต่อผู้ดูแลระบบ)")
ASK = "กรุณาพิมพ์ \"{verb}\" ตามด้วยรหัสโครงการหรือชื่อโครงการบางส่วนค่ะ"
PDF_PERSONAL = ("ขออภัยค่ะ แบบฟอร์ม PDF มีชื่อและเบอร์โทรศัพท์ของผู้รับผิดชอบ "
                "จึงให้ดาวน์โหลดได้เฉพาะเจ้าหน้าที่ผู้รับผิดชอบ ผู้บังคับบัญชา และผู้ดูแลระบบของโครงการ {code} "
                "ดูรายละเอียดได้ด้วยคำสั่ง \"ประวัติ {code}\" นะคะ "
                "(หากท่านต้องใช้แบบฟอร์มนี้ กรุณาติดต่อผู้ดูแลระบบเพื่อขอสิทธิ์)")
PDF_FAILED = "ขออภัยค่ะ สร้างแบบฟอร์ม PDF ของโครงการ {code} ไม่สำเร็จ กรุณาลองใหม่อีกครั้งนะคะ"


def ask_text(verb: Verb, code: str | None) -> str:
    """How to name a project to a verb, the asker's own first project as the example."""
    return ASK.format(verb=verb.value) + (f" เช่น {verb.value} {code}" if code else "")


def bangkok_clock(timezone: str) -> Callable[[], date]:
    """Today's date in the reporting calendar's time zone."""
    zone = ZoneInfo(timezone)
    return lambda: datetime.now(zone).date()


def _choices(verb: Verb, projects: list[ProjectBrief], first: int = 1) -> list[Message]:
    """Quick-reply items, numbered like the listing, asking the same verb about each project."""
    return [quick_text(status_views.cut(f"{n}. {p.name}", 20), f"{verb.value} {p.code}")
            for n, p in enumerate(projects, first)]


def _listing(projects: list[ProjectBrief], first: int = 1) -> str:
    """Numbered "CODE name" lines."""
    return "\n".join(f"{n}. {p.code} {status_views.cut(p.name, 80)}"
                     for n, p in enumerate(projects, first))


@dataclass
class StatusCommands:
    """Answers the status family of queries for registered users, within their scope."""

    media: Media
    timezone: str
    today: Callable[[], date]
    names: NameIndex = field(default_factory=NameIndex)
    policy: Policy = field(default_factory=Policy)
    photos: PhotoStore | None = None  # the PDF prints the photos (none: without them)

    def __call__(self, event: Inbound, session: Session) -> Outcome | None:
        """Handle a text that is a status-family query; None for anything else."""
        if event.kind is not Kind.TEXT or not event.user_id:
            return None
        query = parse_query(event.text)
        if query is None:
            return None
        scope = scope_of(session, event.user_id)
        if not scope.registered:
            log.info("status query refused: unregistered user=%s verb=%s project=%s",
                     scope.user_hash, query.verb.name, query.code or "-")
            return Outcome([text(REGISTER)])
        if query.verb is Verb.OVERDUE:
            return Outcome(self._overdue(session, scope))
        if query.verb is Verb.DIGEST:
            return Outcome(self._digest(session, scope))
        if query.verb is Verb.EXCEL:
            return Outcome([excel_answer(session, scope, self.media, self.timezone,
                                         self.today(), self.policy)])
        if query.verb is Verb.INDICATOR:
            return Outcome([indicator_answer(session, scope, query.fragment, self.today(),
                                             self.policy)])
        return Outcome(self._about_project(session, scope, query))

    def _about_project(self, session: Session, scope: Scope, query: Query) -> list[Message]:
        """Find the project a query names, check the scope, then answer the verb."""
        if query.code:
            info = queries.find_project(session, query.code)
            if info is not None and not scope.can_see(info):
                log.info("status query denied: user=%s project=%s verb=%s",
                            scope.user_hash, info.code, query.verb.name)
                info = None  # the same answer as for a code that does not exist
            if info is None:
                near = queries.similar_codes(session, scope, query.code)
                return [_not_found(f"รหัส {query.code}", query.verb, near,
                                   queries.first_code(session, scope), by_code=True)]
        elif query.fragment:
            found, total = self.names.search(
                session, scope, query.fragment, PAGE, (query.page - 1) * PAGE)
            if total == 1 and query.page == 1:
                info = queries.find_project(session, found[0].code)
            elif not found and query.question and (own := self._mine(session, scope)):
                return own  # "ส่งรายงานโครงการ … ไปกี่ครั้ง": the name was a guess
            elif not found:
                near = self.names.similar(session, scope, query.fragment)
                return [_not_found(f"ที่ชื่อมีคำว่า “{query.fragment}”", query.verb, near,
                                   queries.first_code(session, scope))]
            else:
                return [self._pick(query, found, total)]
        else:
            if query.verb is Verb.HISTORY and (answer := self._mine(session, scope)):
                return answer  # "ประวัติ", "ผมส่งรายงานไปกี่ครั้งแล้วครับ"
            mine = queries.scope_projects(session, scope, PAGE + 1)
            only = queries.find_project(session, mine[0].code) if len(mine) == 1 else None
            if only is not None:  # "สถานะครับ" from someone with one project: that one
                return self._answer(session, scope, query.verb, only)
            ask = ask_text(query.verb, mine[0].code if mine else None)
            if not mine or len(mine) > PAGE:
                return [text(ask)]
            return [text(f"{ask}\n\nโครงการของท่าน:\n{_listing(mine)}",
                         _choices(query.verb, mine))]
        assert info is not None  # found by code, or by a unique name match within the scope
        return self._answer(session, scope, query.verb, info)

    def _mine(self, session: Session, scope: Scope) -> list[Message]:
        """The asker's own reports, project by project (none when they see none, or more
        projects than a chat can list: then they are asked which one)."""
        today = self.today()
        rows = overview_rows(session, scope, today, self.policy)
        if not rows or len(rows) > PAGE:
            return []
        due = load_due_dates(session, self.policy, today)
        dues = {r.standing.code: due.of(r.standing.agency_id)(periods.period_of(today))
                for r in rows}
        briefs = [ProjectBrief(0, r.standing.code, r.standing.name, 0) for r in rows]
        bodies = status_views.mine_texts(rows, today, dues)
        last = len(bodies) - 1
        return [text(b, _choices(Verb.HISTORY, briefs) if i == last else ())
                for i, b in enumerate(bodies)]

    def _pick(self, query: Query, found: list[ProjectBrief], total: int) -> Message:
        """Several matches: list them and offer each as a quick reply (plus "next")."""
        first = (query.page - 1) * PAGE + 1
        pages = (total + PAGE - 1) // PAGE
        body = (f"พบ {total} โครงการที่ชื่อมีคำว่า “{query.fragment}” ค่ะ"
                + (f" (หน้า {query.page}/{pages})" if pages > 1 else "")
                + f"\nเลือกโครงการที่ต้องการได้เลยนะคะ\n\n{_listing(found, first)}")
        quick = _choices(query.verb, found, first)
        if query.page < pages:
            quick.append(quick_text("ถัดไป ▸", query.again(query.page + 1)))
        return text(body, quick)

    def _answer(self, session: Session, scope: Scope, verb: Verb,
                info: ProjectInfo) -> list[Message]:
        """The answer to one verb about one visible project."""
        today = self.today()
        if verb is Verb.STATUS:
            facts = project_status(session, info, today, self.policy,
                                   scope.sees_personal_data(info), ZoneInfo(self.timezone))
            latest = facts.latest.period if facts.latest else None
            return [with_photo_count(status_views.status_bubble(facts), info.code,
                                     latest_photo_count(session, info.id, latest))]
        if verb is Verb.HISTORY:
            reports = queries.project_reports(session, info.id, ZoneInfo(self.timezone),
                                               detail=True)
            bodies = status_views.history_texts(info, reports)
            quick = [quick_text("สถานะ", f"สถานะ {info.code}"),
                     quick_text("กราฟ", f"กราฟ {info.code}")]
            answer = [text(b, quick if i == len(bodies) - 1 else ())
                      for i, b in enumerate(bodies)]
            carousel = history_carousel(session, self.media, info.id)
            if carousel is not None:  # the photos after the texts (LINE takes five messages)
                answer = [*answer[:4], carousel]
            return answer
        if verb is Verb.CHART:
            return [self._chart(session, info, today)]
        return [self._pdf(session, scope, info)]

    def _chart(self, session: Session, info: ProjectInfo, today: date) -> Message:
        """A PNG of progress against the straight-line plan, as an image message."""
        from handlers.charts import project_chart

        png = project_chart(info, queries.project_reports(session, info.id,
                                                          ZoneInfo(self.timezone)), today)
        url = self.media.publish(png, "png", f"tidtam-{info.code}")
        return {"type": "image", "originalContentUrl": url, "previewImageUrl": url,
                "quickReply": {"items": [quick_text("สถานะ", f"สถานะ {info.code}"),
                                         quick_text("ประวัติ", f"ประวัติ {info.code}")]}}

    def _pdf(self, session: Session, scope: Scope, info: ProjectInfo) -> Message:
        """A link, valid for a while, to the official form as PDF."""
        from forms.exporter import project_pdf

        if not scope.may_print(info):
            log.warning("pdf denied (personal data): user=%s project=%s",
                        scope.user_hash, info.code)
            return text(PDF_PERSONAL.format(code=info.code))
        try:
            pdf = project_pdf(session, info.code, self.photos.get if self.photos else None)
        except Exception:
            log.exception("pdf export failed for project=%s", info.code)
            return text(PDF_FAILED.format(code=info.code))
        url = self.media.publish(pdf, "pdf", f"tidtam-{info.code}")
        until = datetime.now(ZoneInfo(self.timezone)) + timedelta(seconds=self.media.ttl_seconds)
        when = f"{periods.thai_date(until.date())} เวลา {until:%H:%M} น."
        return text(f"แบบฟอร์มรายงานความก้าวหน้าโครงการ {info.code} (PDF) ค่ะ\n"
                    f"ลิงก์นี้ใช้ได้ถึง {when}\n{url}",
                    [quick_text("สถานะ", f"สถานะ {info.code}")])

    def _overdue(self, session: Session, scope: Scope) -> list[Message]:
        """Active projects in scope with months past their due date and no report."""
        today = self.today()
        bodies = status_views.overdue_texts(overview_rows(session, scope, today, self.policy),
                                            today)
        return [text(b, [quick_text("สรุป")] if i == len(bodies) - 1 else ())
                for i, b in enumerate(bodies)]

    def _digest(self, session: Session, scope: Scope) -> list[Message]:
        """Counts and the projects to follow up in the scope."""
        today = self.today()
        digest = status_views.digest_of(overview_rows(session, scope, today, self.policy),
                                        today)
        behind = [ProjectBrief(0, s.code, s.name, 0) for s, _ in digest.behind]
        return [text(status_views.digest_text(digest),
                     [quick_text("ค้างส่ง"), *_choices(Verb.STATUS, behind[:PAGE])])]


def _not_found(what: str, verb: Verb, near: list[ProjectBrief], example: str | None,
               by_code: bool = False) -> Message:
    """"ไม่พบ" with the closest projects as choices (example: a code the asker may see)."""
    body = f"ไม่พบโครงการ{what} ในโครงการที่ท่านดูได้ค่ะ"
    if near:
        body += f"\n\nโครงการที่ใกล้เคียง:\n{_listing(near)}\n\nแตะเพื่อเลือกได้เลยนะคะ"
    elif by_code:
        like = f" เช่น {verb.value} {example}" if example else ""
        body += ("\nกรุณาตรวจสอบรหัสโครงการอีกครั้ง (รหัสหน่วยงาน 8 หลัก ขีด และเลข 4 หลัก"
                 f"{like}) หรือพิมพ์ชื่อโครงการบางส่วนแทนได้นะคะ")
    if by_code:  # said whether the project exists or is only outside the asker's scope
        body += "\nหากเป็นโครงการที่ท่านต้องติดตาม กรุณาติดต่อผู้ดูแลระบบเพื่อขอสิทธิ์นะคะ"
    elif example:
        body += f"\nลองพิมพ์ชื่อให้สั้นลง หรือใช้รหัสโครงการ เช่น {verb.value} {example} นะคะ"
    else:
        body += f"\nลองพิมพ์ชื่อให้สั้นลง หรือพิมพ์ \"{verb.value}\" ตามด้วยรหัสโครงการแทนนะคะ"
    return text(body, _choices(verb, near))


def makes_a_file(event: Inbound) -> bool:
    """True for a one-to-one chart or PDF request, which deserves LINE's loading animation."""
    if event.kind is not Kind.TEXT or event.chat is not Chat.USER:
        return False
    query = parse_query(event.text)
    return query is not None and query.verb in SLOW


def status_commands(deps: HandlerDeps, today: Callable[[], date] | None = None) -> list[Command]:
    """The status-family commands, in the order the router should try them."""
    clock = today or bangkok_clock(deps.timezone)
    return [StatusCommands(deps.media, deps.timezone, clock, policy=deps.policy,
                           photos=deps.photos)]


def project_status(session: Session, info: ProjectInfo, today: date, policy: Policy,
                   personal: bool, zone: tzinfo) -> status_views.StatusFacts:
    """What the status card says about one project today (its months from core.months; the
    days its reports were received in zone, the reporting calendar's)."""
    reports = queries.project_reports(session, info.id, zone)
    due = load_due_dates(session, policy, today)
    reported = [(periods.period_of(r.period), r.progress) for r in reports]
    months = due.months(info.agency_id, info.start_date, info.end_date, info.fiscal_year,
                        reported, today)
    return status_views.facts(info, reports, today, personal, months, due.of(info.agency_id))


def overview_rows(session: Session, scope: Scope, today: date,
                  policy: Policy) -> list[status_views.Row]:
    """The active projects in scope, each with its months (core.months): ค้างส่ง and สรุป."""
    due = load_due_dates(session, policy, today)
    return [status_views.Row(s, due.months(s.agency_id, s.start_date, s.end_date,
                                            s.fiscal_year, s.reports, today))
            for s in queries.standings(session, scope, periods.fiscal_year_of(today), today)]
