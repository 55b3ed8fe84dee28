"""The report command: connects the pure conversation engine to drafts, storage and LINE."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from sqlalchemy.orm import Session

from conversations import grammar, prompts
from conversations.drafts import DraftStore, DraftWrite, Loaded
from conversations.engine import Draft, Form, Result, Stage, Submit, dump_value, start, values_of
from conversations.readers import find_month_be
from conversations.step import at_free_text, claims, reprompt, step
from conversations.summary import adds_photos, cancelled, confirm_note
from conversations.thai_numbers import normalize
from core.display import baht, percent
from core.messages import Message, quick_text, text
from core.months import Months
from core.periods import period_of, thai_date
from core.report_schema import never, report_field
from handlers import photo_texts as pt
from handlers import report_photos as rp
from handlers import report_texts as t
from handlers.indicator_report import (
    blocked,
    choose_indicator,
    indicator_draft,
    overwrite_note,
    submit_indicator,
)
from handlers.register import user_ref
from handlers.report_period import (
    default_month,
    finished_text,
    month_choices,
    month_label,
    month_note,
    period_problem,
    second_report,
)
from handlers.report_pick import (
    choose,
    is_cancel_word,
    is_draft_word,
    is_submit_word,
    name_said,
    picker_again,
    typed_pick,
)
from handlers.report_words import (
    StartRequest,
    interrupts,
    parse_postback,
    parse_start,
    start_mid_draft,
)
from handlers.router import Inbound, Kind, Outcome
from handlers.texts import NOT_PHOTOS
from reminders.due import DueDates, load_due_dates
from reminders.policy import Policy
from storage import draft_marks
from storage.coltypes import utcnow
from storage.enums import Role
from storage.models import ProgressReport, Project
from storage.photos import sync_photos
from storage.queries import first_code
from storage.repo import latest_report
from storage.reporting import (
    amend_report,
    draft_context,
    last_submitted_by,
    month_report,
    report_answers,
    reportable_projects,
    reported_months,
    submit_report,
    user_row,
)
from storage.scope import scope_of

log = logging.getLogger(__name__)
LOST_WITHIN = timedelta(days=8)  # an older mark is of a draft that expired long ago


class At(StrEnum):
    """Where a user's report conversation stands when an event comes."""

    IDLE = "idle"  # no draft
    PICKING = "picking"  # the project picker is open (a draft without a project yet)
    FILLING = "filling"  # a draft of one project


@dataclass(frozen=True)
class Turn:
    """One event met in one state, with the grammar's reading of its text (read once)."""

    event: Inbound
    session: Session
    user: str
    loaded: Loaded
    parsed: grammar.Parsed | None  # None: not a text

    @property
    def draft(self) -> Draft | None:
        """The open draft, if any."""
        return self.loaded.draft

    @property
    def draft_now(self) -> Draft:
        """The open draft (the states PICKING and FILLING have one)."""
        assert self.loaded.draft is not None
        return self.loaded.draft

    @property
    def state(self) -> At:
        """The conversation's state."""
        draft = self.loaded.draft
        return At.IDLE if draft is None else At.FILLING if draft.target else At.PICKING

    @property
    def notice(self) -> list[Message]:
        """The notice of a draft that expired unfinished, shown once."""
        return [text(t.EXPIRED)] if self.loaded.expired else []


# What a transition decides: a reply (Outcome), a request to report, or None (not ours).
Decided = Outcome | StartRequest | None


@dataclass
class ReportCommand:
    """Start, continue and finish progress-report drafts for officers."""

    drafts: DraftStore
    forms: dict[str, Form]
    today: Callable[[], date]
    policy: Policy = field(default_factory=Policy)
    # Supervisors and admins cannot report: "ขอรายงานโครงการ X" from them asks for its status.
    status: Callable[[Inbound, Session], Outcome | None] | None = None
    max_photos: int = 10  # PHOTOS_PER_REPORT
    max_photo_bytes: int = 10 * 1024 * 1024  # PHOTO_MAX_BYTES (said when a photo is too big)
    now: Callable[[], datetime] | None = None  # when a report is sent (the router's clock)
    _loaded: tuple[str, Loaded] | None = field(default=None, init=False, repr=False)

    def __call__(self, event: Inbound, session: Session) -> Outcome | None:
        """Handle the event if it belongs to a report conversation; mark drafts begun and ended."""
        outcome = self._route(event, session)
        if outcome is not None and event.user_id is not None:
            self._track(session, event.user_id, self._load(event), outcome)
        return outcome

    @staticmethod
    def _track(session: Session, user: str, loaded: Loaded, outcome: Outcome) -> None:
        """Keep the database's mark of an open draft in step with the draft."""
        write = outcome.draft
        if write is None:
            return
        before, after = loaded.draft, write.draft
        if after is not None and after.target and (before is None or not before.target):
            draft_marks.mark_open(session, user, after.target, utcnow())
        elif after is None and (before is not None or loaded.expired):
            draft_marks.clear(session, user)

    def _lost(self, session: Session, user: str, loaded: Loaded) -> list[Message]:
        """The notice of a draft Redis no longer has although the database says it was open."""
        if loaded.draft is not None or loaded.expired:
            return []
        mark = draft_marks.take(session, user)
        if mark is None or utcnow() - mark.started_at > LOST_WITHIN:
            return []
        log.warning("report draft lost from Redis user=%s", user_ref(user))
        return [text(t.LOST, [quick_text("รายงาน")])]

    def _route(self, event: Inbound, session: Session) -> Outcome | None:
        """Handle the event if it belongs to a report conversation: the transition of the
        draft's state and the event's kind (TRANSITIONS) decides, reading the grammar once."""
        if event.user_id is None or event.kind not in (Kind.TEXT, Kind.POSTBACK, Kind.IMAGE,
                                                       Kind.OTHER_MESSAGE):
            return None
        loaded = self._load(event)
        parsed = grammar.understand(event.text) if event.kind is Kind.TEXT else None
        turn = Turn(event, session, event.user_id, loaded, parsed)
        decided = TRANSITIONS[(turn.state, event.kind)](self, turn)
        return self._request(turn, decided) if isinstance(decided, StartRequest) else decided

    def _ignore(self, turn: Turn) -> Decided:
        """Not the report's: another handler answers."""
        return None

    def _text_only(self, turn: Turn) -> Decided:
        """A sticker (or any message but text and photos) mid-draft: say what is read, ask again."""
        draft = turn.draft_now
        said = pt.NOT_A_PHOTO if turn.event.message_type in NOT_PHOTOS else t.NOT_READ
        return self._finish(turn.session, turn.user, reprompt(self.forms[draft.form], draft, said))

    def _photo_filling(self, turn: Turn) -> Decided:
        """A photo mid-draft: attach it (or say why not), then ask again where the draft is."""
        draft = turn.draft_now
        if draft.form != "progress":
            return self._text_only(turn)
        photo = turn.event.photo
        if photo is None:
            said = pt.problem(turn.event.photo_problem, self.max_photo_bytes)
        else:
            draft, said = rp.attach(draft, photo, self.max_photos)
        return self._photo_reply(turn, draft, said)

    def _photo_reply(self, turn: Turn, draft: Draft, said: str) -> Outcome:
        """Say what happened to a photo; at the summary a short note, else the question again."""
        form = self.forms[draft.form]
        if draft.stage is Stage.CONFIRM and adds_photos(draft):
            return Outcome([text(f"{said}\n{prompts.CONFIRM_PHOTOS}",
                                 confirm_note(draft)["quickReply"]["items"])],
                           DraftWrite(turn.user, draft))
        if draft.stage is Stage.CONFIRM:
            quick = [quick_text(w) for w in (prompts.SUBMIT, prompts.EDIT, "ลบรูป",
                                              prompts.CANCEL)]
            note = f"{said}\nส่งรูปเพิ่มได้ หรือกด \"{prompts.SUBMIT}\" เพื่อบันทึกรายงานค่ะ"
            return Outcome([text(note, quick)], DraftWrite(turn.user, draft))
        return self._finish(turn.session, turn.user, reprompt(form, draft, said))

    def _photo_idle(self, turn: Turn) -> Decided:
        """A photo with no draft, from an officer: hold it in a draft and ask which report."""
        if not reportable_projects(turn.session, turn.user):
            return None  # not an officer: the role's help
        photo = turn.event.photo
        if photo is None:
            return Outcome([*turn.notice, text(pt.problem(turn.event.photo_problem,
                                                          self.max_photo_bytes))],
                           self._forget_expired(turn.user, turn.loaded))
        holder = Draft(form="progress", target="", target_label="", mode="photos",
                       photos=(photo.to_json(),))
        return Outcome([*turn.notice, self._which_report(turn.session, turn.user, 1)],
                       DraftWrite(turn.user, holder))

    def _photo_picking(self, turn: Turn) -> Decided:
        """A photo while the picker is open: hold it too, and ask again."""
        draft = turn.draft_now
        photo = turn.event.photo
        if photo is None:
            return Outcome([text(pt.problem(turn.event.photo_problem, self.max_photo_bytes))])
        draft, said = rp.attach(draft, photo, self.max_photos)
        if draft.mode != "photos":  # the report's own picker: hold the photo, keep the question
            return Outcome([text(f"{said}\n{pt.PICK_FIRST}")], DraftWrite(turn.user, draft))
        return Outcome([self._which_report(turn.session, turn.user, len(draft.photos))],
                       DraftWrite(turn.user, draft))

    def _photo_words(self, turn: Turn) -> Decided:
        """"ลบรูป [n]" or "แนบรูป" inside a draft of one project; None for other words."""
        parsed, draft = turn.parsed, turn.draft_now
        if parsed is None or not parsed.at_start or draft.form != "progress" or \
                parsed.intent not in (grammar.Intent.REMOVE_PHOTO, grammar.Intent.ATTACH_PHOTO):
            return None
        if parsed.intent is grammar.Intent.ATTACH_PHOTO:
            return self._photo_reply(turn, draft, pt.SEND_PHOTOS.format(limit=self.max_photos))
        if len(parsed.rest) > 12:
            return None
        draft, said = rp.remove(draft, parsed.rest)
        return self._photo_reply(turn, draft, said)

    def _remove_held(self, turn: Turn) -> Decided:
        """"ลบรูป [n|ทั้งหมด]" while a picker or the question which report holds photos: take
        them out; none left of photos held alone, nothing is held any more."""
        parsed, holder = turn.parsed, turn.draft_now
        if parsed is None or parsed.intent is not grammar.Intent.REMOVE_PHOTO or \
                not parsed.at_start or len(parsed.rest) > 12:
            return None
        draft, said = rp.remove(holder, parsed.rest)
        if holder.mode == "photos" and not draft.photos:
            return Outcome([text(f"{said} {pt.NONE_HELD}")], DraftWrite(turn.user, None))
        if holder.mode == "photos":
            return Outcome([text(said), self._which_report(turn.session, turn.user,
                                                           len(draft.photos))],
                           DraftWrite(turn.user, draft))
        again = choose(reportable_projects(turn.session, turn.user), picker_again(draft))
        shown = again.replies if isinstance(again, Outcome) else []
        return Outcome([text(said), *shown], DraftWrite(turn.user, draft))

    def _attach_request(self, turn: Turn) -> Decided:
        """"แนบรูป [รหัส] [เดือน …]": open the month's report to add photos (those held in a
        picker come along); plain, right after submitting: that report."""
        parsed, session, user = turn.parsed, turn.session, turn.user
        if parsed is None or parsed.intent is not grammar.Intent.ATTACH_PHOTO or \
                not parsed.at_start:
            return None
        projects = reportable_projects(session, user)
        if not projects:
            return None
        request = self._with_month(StartRequest(True, False, parsed.code, "", parsed.rest))
        by_code = {p.code: p for p in projects}
        project = by_code.get(request.code or "")
        if project is None and request.code is None:
            since = datetime.combine(self.today() - timedelta(days=31), datetime.min.time(), UTC)
            last = last_submitted_by(session, user, since)
            if last is not None and last[1].code in by_code:
                project = by_code[last[1].code]
                request = replace(request, period=request.period or last[0].period)
            elif len(projects) == 1:
                project = projects[0]
        old = turn.draft
        if project is None:
            if not any(latest_report(session, p.id) for p in projects):
                return Outcome([text(pt.NOTHING_TO_ATTACH)])
            return Outcome([self._which_report(session, user, 0)])
        months, _ = self._months(session, project, self.today())
        return self._open_amend(session, user, project, request, turn.notice, old, months,
                                photos_only=True)

    def _postback(self, turn: Turn) -> Decided:
        """A reminder's button or a month's choice starts (or resumes) a report."""
        return parse_postback(turn.event.postback_data, dict(turn.event.postback_params))

    def _idle_text(self, turn: Turn) -> Decided:
        """No draft: a report request, or a draft word / a late confirm tap answered kindly."""
        request = parse_start(turn.event.text, turn.parsed)
        if request is not None:
            return request
        attached = self._attach_request(turn)
        if attached is not None:
            return attached
        if is_draft_word(turn.event.text):
            return Outcome([*turn.notice, text(t.NO_DRAFT, [quick_text("รายงาน")])],
                           self._forget_expired(turn.user, turn.loaded))
        if is_submit_word(turn.event.text):
            return Outcome([*turn.notice, self._already_sent(turn.session, turn.user)],
                           self._forget_expired(turn.user, turn.loaded))
        return None  # remind() puts the expiry notice in front of the other answer

    def _picking_text(self, turn: Turn) -> Decided:
        """The project picker is open: a request, "ยกเลิก", or a typed code or name picks."""
        request = parse_start(turn.event.text, turn.parsed)
        if request is not None:
            return request
        if is_cancel_word(turn.event.text):
            held = turn.draft_now
            said = pt.HELD_DROPPED if held.mode == "photos" else cancelled(held)
            return Outcome([text(said)], DraftWrite(turn.user, None))
        attached = self._attach_request(turn) or self._remove_held(turn)
        if attached is not None:
            return attached
        named = self._report_named(turn)
        if named is not None:
            return named
        picked = typed_pick(turn.event.text, turn.draft_now, turn.parsed)
        if picked is None and turn.parsed is not None and turn.parsed.intent is None:
            again = self._request(turn, picker_again(turn.draft_now))  # not "ไม่เข้าใจ"
            again.replies = [text(t.PICK_PROJECT_FIRST), *again.replies][:5]  # said why
            return again
        return picked

    def _report_named(self, turn: Turn) -> StartRequest | None:
        """A whole report typed at the picker that names one project by name ("ห้องสมุด
        ออกหน่วย 3 ชุมชน ความคืบหน้า 30%", its "ความคืบหน้า" no status question): that
        project, the rest read as its answers (at least one besides the work done)."""
        parsed = turn.parsed
        if parsed is None or parsed.question or parsed.code is not None or (
                parsed.intent is not None and parsed.at_start):
            return None
        named = name_said(turn.event.text, reportable_projects(turn.session, turn.user))
        if named is None or len(named[0]) != 1 or \
                not set(_one_shot_values(self.forms["progress"], named[1])) - {"detail"}:
            return None
        again = picker_again(turn.draft_now)
        return replace(again, code=named[0][0].code, rest=named[1])

    def _filling_text(self, turn: Turn) -> Decided:
        """A draft of one project: a new request, another command (unless the draft reads the
        message itself), or an answer to the draft's step."""
        draft = turn.draft_now
        form = self.forms[draft.form]
        free = at_free_text(form, draft)
        request = start_mid_draft(turn.event.text, free, turn.parsed)
        if request is not None and not (request.code is None and draft.stage is Stage.CONFIRM
                                        and claims(form, draft, turn.event.text)):
            return request  # "submit" at the summary sends this report, it starts none
        photo_words = self._photo_words(turn)
        if photo_words is not None:
            return photo_words
        if interrupts(turn.event.text, free) and not claims(form, draft, turn.event.text):
            return None
        return self._finish(turn.session, turn.user, step(form, draft, turn.event.text))

    def _request(self, turn: Turn, request: StartRequest) -> Outcome:
        """A request to report: resume the same draft, answer a supervisor's status, or begin."""
        draft, user, session = turn.draft, turn.user, turn.session
        left: list[Message] = []
        if draft is not None and draft.target and draft.mode == "amend" and not request.amend \
                and not request.indicator:
            unsaved = sum(1 for p in rp.refs(draft) if not p.row)
            left = [text(t.left_sent(adds_photos(draft), draft.context.get("period_label", ""),
                                     unsaved))]
        elif draft is not None and draft.target and request.code in (None, draft.target) and (
                request.period is None or draft.form != "progress"
                or request.period.isoformat() == draft.context.get("period")):
            resumed = step(self.forms[draft.form], draft, prompts.RESUME)
            return self._finish(session, user, resumed, [text(t.HAS_DRAFT)])
        notice = [*left, *(turn.notice or self._lost(session, user, turn.loaded))]
        if self.status is not None and not (request.amend or request.indicator) and (
                request.code or request.fragment) and self._cannot_report(session, user):
            asked = replace(turn.event, text=f"สถานะ {request.code or request.fragment}")
            answer = self.status(asked, session)
            if answer is not None:
                return Outcome([*notice, *answer.replies][:5],
                               self._forget_expired(user, turn.loaded))
        outcome = self._begin(session, user, request, notice, draft)
        if outcome.draft is None:
            outcome.draft = self._forget_expired(user, turn.loaded)
        return outcome

    def remind(self, event: Inbound, outcome: Outcome, session: Session) -> Outcome:
        """Frame another command's answer: the expiry (or loss) notice before it, the way back
        to an open draft after it."""
        if event.user_id is None:
            return outcome
        loaded = self._load(event)
        if loaded.draft is not None and loaded.draft.target:
            outcome.replies = [*outcome.replies[:4], text(t.RESUME_NOTE, [quick_text("ทำต่อ")])]
        elif loaded.expired:
            outcome.replies = [text(t.EXPIRED), *outcome.replies[:4]]
            outcome.draft = outcome.draft or self._forget_expired(event.user_id, loaded)
            draft_marks.clear(session, event.user_id)
        elif event.kind is Kind.TEXT:
            outcome.replies = [*self._lost(session, event.user_id, loaded), *outcome.replies][:5]
        return outcome

    def _load(self, event: Inbound) -> Loaded:
        """The event's user's draft, read from the store once per event."""
        cached = self._loaded
        if cached is not None and cached[0] == event.event_id:
            return cached[1]
        loaded = self.drafts.load(event.user_id or "")
        self._loaded = (event.event_id, loaded)
        return loaded

    @staticmethod
    def _forget_expired(user: str, loaded: Loaded) -> DraftWrite | None:
        """Clear the trace of an expired draft once its notice has been shown."""
        return DraftWrite(user, None) if loaded.expired else None

    @staticmethod
    def _cannot_report(session: Session, user: str) -> bool:
        """A registered supervisor or admin (who files no reports)."""
        row = user_row(session, user)
        return row is not None and row.role in (Role.SUPERVISOR, Role.ADMIN)

    def _begin(self, session: Session, user: str, request: StartRequest, notice: list[Message],
               old: Draft | None) -> Outcome:
        """Pick the project (or indicator) and start a new draft."""
        row = user_row(session, user)
        if row is None or row.role is None:
            return Outcome([*notice, text(t.NOT_REGISTERED)])
        if request.indicator:
            picked = choose_indicator(session, user, request.rest)
            if isinstance(picked, list):
                return Outcome([*notice, *picked])
            refusal = blocked(picked, self.today())
            if refusal is not None:
                return Outcome([*notice, refusal])
            draft = indicator_draft(picked, self.today())
            intro = t.intro_indicator(draft.target_label) + overwrite_note(
                session, picked, int(draft.context["quarter"]),
                int(draft.context["fiscal_year"]))
            return self._finish(session, user, start(self.forms[draft.form], draft, intro),
                                notice)
        projects = reportable_projects(session, user)
        if not projects:
            why = (t.NO_PROJECTS if row.role is Role.OFFICER else
                   t.not_officer(first_code(session, scope_of(session, user))))
            return Outcome([*notice, text(why)])
        request = self._with_month(request)
        today = self.today()
        if request.period and (request.period.year, request.period.month) > (today.year,
                                                                             today.month):
            return Outcome([*notice, text(t.future_month(month_label(request.period),
                                                         month_label(today)))],
                           _drop(user, old))
        projects, request = _named_in(projects, request)
        chosen = choose(projects, request)
        if isinstance(chosen, Outcome):
            return Outcome([*notice, *chosen.replies], self._keep_one_shot(user, request, old))
        return self._open(session, user, chosen, request, notice, old)

    def _already_sent(self, session: Session, user: str) -> Message:
        """Answer a confirm tap that has no draft behind it: already sent, or nothing waits."""
        since = datetime.combine(self.today() - timedelta(days=1), datetime.min.time(), UTC)
        last = last_submitted_by(session, user, since)
        if last is None:
            return text(t.NOTHING_TO_CONFIRM, [quick_text("รายงาน")])
        report, project = last
        return text(t.already_sent(project.name, project.code, report.number,
                                   month_label(report.period), thai_date(report.report_date)),
                    [quick_text("สถานะ", f"สถานะ {project.code}")])

    def _keep_one_shot(self, user: str, request: StartRequest,
                       old: Draft | None) -> DraftWrite:
        """Hold the picker open (a typed code or name then picks), with any one-shot answers."""
        values = dict(old.values) if old is not None and not old.target else {}
        if not request.fragment:
            values.update(_one_shot_values(self.forms["progress"], request.rest))
        context = {"period": request.period.isoformat()} if request.period else {}
        photos = old.photos if old is not None and not old.target else ()
        return DraftWrite(user, Draft(form="progress", target="", target_label="", values=values,
                                      mode="amend" if request.amend else "new", context=context,
                                      photos=photos))

    def _with_month(self, request: StartRequest) -> StartRequest:
        """Take a month named in the request ("รายงานเดือน ต.ค. 2569") out as its period."""
        if not request.rest:
            return request
        found = find_month_be(request.rest, self.today())
        if found is None:
            return request
        period, begin, end = found
        flat = normalize(request.rest)
        rest = f"{flat[:begin]} {flat[end:]}".strip()
        rest = "" if grammar.only_about_sending(rest) else rest  # "ย้อนหลังค่ะ ลืมส่ง": no answer
        fragment = grammar.content(rest) if request.fragment or not rest else ""
        if any(ch.isdigit() for ch in fragment) or not grammar.names_a_project(fragment):
            fragment = ""  # "ขอส่งรายงานย้อนหลังของเดือนที่แล้วค่ะ ลืมส่ง": no project named
        return replace(request, rest=rest, fragment=fragment, period=period)

    def _which_report(self, session: Session, user: str, count: int) -> Message:
        """Ask which report loose photos are for, each choice naming its project and month."""
        def new_month(project: Project) -> date | None:
            owed = self._months(session, project, self.today())[0].owed()
            return owed[0].start if owed else None
        return rp.which_report(session, user, count, new_month)

    def _months(self, session: Session, project: Project, today: date) -> tuple[Months, DueDates]:
        """The project's reporting months today (core.months), and the due dates behind them."""
        due = load_due_dates(session, self.policy, today)
        return due.months(project.agency_id, project.start_date, project.end_date,
                          project.fiscal_year, reported_months(session, project.id), today), due

    def _open(self, session: Session, user: str, project: Project, request: StartRequest,
              notice: list[Message], old: Draft | None) -> Outcome:
        """Create the draft for one project and month, and ask the first missing field."""
        form = self.forms["progress"]
        today = self.today()
        months, due = self._months(session, project, today)
        if request.amend:
            return self._open_amend(session, user, project, request, notice, old, months)
        refusal = self._refuse_period(session, project, months, request, today)
        if refusal is not None:
            return Outcome([*notice, refusal], _drop(user, old))
        period = request.period or default_month(months, today)
        context = draft_context(session, project, period)
        context["period_label"] = month_label(period)
        label = f"{project.name} ({project.code})"
        values = dict(old.values) if old is not None and not old.target else {}
        if old is not None and old.target == project.code and old.form == form.name:
            values = dict(old.values)  # another month chosen mid-draft keeps the answers
        if not request.fragment:
            values.update(_one_shot_values(form, request.rest))
        carried = old.photos if old is not None and (not old.target or (
            old.target == project.code and old.mode != "amend")) else ()  # a sent one's stay
        draft = Draft(form=form.name, target=project.code, target_label=label, values=values,
                      context=context, unchecked=tuple(values), photos=carried)
        intro = t.intro(label, False, bool(values),
                        month_note(period, due.of(project.agency_id), today))
        result = start(form, draft, intro)
        choices = month_choices(project, months, period, today)
        return self._finish(session, user, _offer(result, choices), notice)

    def _open_amend(self, session: Session, user: str, project: Project, request: StartRequest,
                    notice: list[Message], old: Draft | None, months: Months,
                    photos_only: bool = False) -> Outcome:
        """A draft holding one month's report, to correct it (this month's, else the latest)."""
        form = self.forms["progress"]
        today = self.today()
        if request.period is not None:
            report = month_report(session, project.id, request.period)
        else:
            report = (month_report(session, project.id, period_of(today).start)
                      or latest_report(session, project.id))
        if report is None:
            asked = month_label(request.period) if request.period else None
            return Outcome([*notice, text(t.nothing_to_amend(asked), [quick_text("รายงาน")])],
                           _drop(user, old))
        context = draft_context(session, project, report.period)
        context["period_label"] = month_label(report.period)
        context["budget_used"] = str(Decimal(context["budget_used"]) - report.budget_disbursed)
        values = _amend_values(report)
        label = f"{project.name} ({project.code})"
        photos = rp.stored_refs(session, report.id)
        draft = Draft(form=form.name, target=project.code, target_label=label, values=values,
                      mode="amend", context=context, answered=tuple(values),
                      photos=tuple(p.to_json() for p in photos))
        if old is not None and not old.target:  # photos held in the picker come along
            for held in rp.refs(old):
                draft, _ = rp.attach(draft, held, self.max_photos)
        if photos_only:
            draft = replace(draft, context={**draft.context, "photos_only": "1"})
        intro = (pt.ATTACH_INTRO.format(number=report.number, month=month_label(report.period),
                                        label=label) if photos_only else
                 t.intro_amend(label, month_label(report.period), report.number))
        return self._finish(session, user, start(form, draft, intro), notice)

    @staticmethod
    def _refuse_period(session: Session, project: Project, months: Months,
                       request: StartRequest, today: date) -> Message | None:
        """Finished work, a month out of bounds, or a month already reported: say so."""
        if months.closed and project.end_date is not None:
            return text(finished_text(project))
        if request.period is not None:
            problem = period_problem(project, request.period, today)
            if problem is not None:
                return problem
        month = request.period or default_month(months, today)
        existing = month_report(session, project.id, month)
        if existing is not None:
            return second_report(project, existing, months, today)
        return None

    def _finish(self, session: Session, user: str, result: Result,
                before: list[Message] | None = None) -> Outcome:
        """Apply a submit (in the caller's transaction) and decide the draft's change.

        The draft is written only after the database commits (workers/handle.py), so a
        failed write leaves the draft in place and a retried event finds it again.
        """
        replies = list(before or [])
        for effect in result.effects:
            replies.append(self._submit(session, user, effect))
        replies.extend(result.replies)
        return Outcome(replies[-5:], DraftWrite(user, result.draft))

    def _submit(self, session: Session, user: str, effect: Submit) -> Message:
        """Store a finished draft and return the receipt."""
        draft = effect.draft
        if draft.form == "indicator":
            return submit_indicator(session, user, draft)
        form = self.forms[draft.form]
        projects = {p.code: p for p in reportable_projects(session, user)}
        project = projects.get(draft.target)
        if project is None:
            return text(t.NO_LONGER_ALLOWED)
        values = values_of(form, draft)
        today = self.today()
        held = draft.context.get("period")
        period = date.fromisoformat(held) if held else period_of(today).start
        if draft.mode == "amend":
            report = month_report(session, project.id, period)
            if report is None:
                return text(t.nothing_to_amend(month_label(period)))
            photos_changed = [p.key for p in rp.refs(draft)] != [
                p.key for p in rp.stored_refs(session, report.id)]
            if draft.values == _amend_values(report) and (
                    photos_changed or draft.context.get("photos_only")):  # only the photos
                added, removed = sync_photos(session, report, rp.refs(draft), user)
                return text(pt.photos_saved(draft.target_label, month_label(report.period),
                                            added, removed, len(draft.photos)))
            report = amend_report(session, report, values, user, self.now() if self.now else None)
            moved = False
        else:
            last = latest_report(session, project.id)
            report = submit_report(session, project, values, user, period, today,
                                   self.now() if self.now else None)
            moved = last is not None and last.period > period
        if draft.photos or draft.mode == "amend":  # a new report has no photos to take away
            sync_photos(session, report, rp.refs(draft), user)
        log.info("report stored project=%s number=%s revision=%s photos=%d", project.code,
                 report.number, report.revision, len(draft.photos))
        return text(t.receipt(project.name, project.code, report.number, report.revision,
                              month_label(report.period), thai_date(report.report_date),
                              percent(_d(values["progress"])), baht(_d(values["disbursed"])), moved,
                              thai_date(today), pt.with_photos(len(draft.photos))))


# The report conversation as a table: (state, event kind) → its transition.
TRANSITIONS: dict[tuple[At, Kind], Callable[[ReportCommand, Turn], Decided]] = {
    (At.IDLE, Kind.TEXT): ReportCommand._idle_text,
    (At.IDLE, Kind.POSTBACK): ReportCommand._postback,
    (At.IDLE, Kind.OTHER_MESSAGE): ReportCommand._ignore,
    (At.IDLE, Kind.IMAGE): ReportCommand._photo_idle,
    (At.PICKING, Kind.IMAGE): ReportCommand._photo_picking,
    (At.FILLING, Kind.IMAGE): ReportCommand._photo_filling,
    (At.PICKING, Kind.TEXT): ReportCommand._picking_text,
    (At.PICKING, Kind.POSTBACK): ReportCommand._postback,
    (At.PICKING, Kind.OTHER_MESSAGE): ReportCommand._ignore,
    (At.FILLING, Kind.TEXT): ReportCommand._filling_text,
    (At.FILLING, Kind.POSTBACK): ReportCommand._postback,
    (At.FILLING, Kind.OTHER_MESSAGE): ReportCommand._text_only,
}


def _named_in(projects: list[Project], request: StartRequest) -> tuple[list[Project],
                                                                      StartRequest]:
    """A report said in one message that names its project by name ("รายงาน ห้องสมุด
    ออกหน่วย… 30%"): the projects so named, and the request without the name (its words are
    no work done); unchanged when a code is given or a short name already matches."""
    if request.code or not request.rest or (request.fragment and any(
            request.fragment.casefold() in p.name.casefold() for p in projects)):
        return projects, request
    named = name_said(request.rest, projects)
    if named is None:
        return projects, request
    return named[0], replace(request, fragment="", rest=named[1])


def _drop(user: str, old: Draft | None) -> DraftWrite | None:
    """Forget the old draft after a refusal, unless it is a picker holding photos (kept, so
    no photo is lost: another choice can still take them)."""
    if old is None or (not old.target and old.photos):
        return None
    return DraftWrite(user, None)


def _amend_values(report: ProgressReport) -> dict[str, object]:
    """A stored report as the answers of a correction; a status a printout left blank (None)
    is asked again, never prefilled, and so are the obstacles that may then be required."""
    values = {name: dump_value(value) for name, value in report_answers(report).items()}
    if report.on_plan is None or report.on_target is None:  # an optional field stays empty
        return {name: value for name, value in values.items()
                if value is not None or report_field(name).required is never}
    return values


def _d(value: object) -> Decimal:
    """A Decimal answer (the engine guarantees the kind)."""
    assert isinstance(value, Decimal)
    return value


def _one_shot_values(form: Form, rest: str) -> dict[str, object]:
    """Answers found in a one-shot message, as draft values ("ขอกรอกแบบรายงานความก้าวหน้า"
    carries none: its words only name the form)."""
    if not rest or not grammar.content(rest):
        return {}
    from conversations.oneshot import extract_report_fields

    found = extract_report_fields(rest)
    if set(found) <= {"detail"} and _ABOUT_THE_REQUEST.search(rest):
        return {}  # "…ของห้องสมุดเคลื่อนที่ย้อนหลังค่ะ ลืมส่งไปเลย ขอโทษค่ะ": no work done said
    return {s.name: dump_value(found[s.name]) for s in form.slots  # type: ignore[arg-type]
            if s.name in found}


# Words about the request itself (whose, how late, sorry), never the work done.
_ABOUT_THE_REQUEST = re.compile(r"^\s*ของ|ลืมส่ง|ขอโทษ|ขออภัย|ย้อนหลัง|ส่งช้า|ส่งไม่ทัน")


def _offer(result: Result, choices: list[Message]) -> Result:
    """The first question with the other months to choose from among its quick replies."""
    if not result.replies or not choices:
        return result
    last = dict(result.replies[-1])
    items = list((last.get("quickReply") or {}).get("items", []))
    moves = {prompts.BACK, prompts.CANCEL}  # the way out stays last
    answers = [i for i in items if i.get("action", {}).get("label") not in moves]
    ways_out = [i for i in items if i.get("action", {}).get("label") in moves]
    last["quickReply"] = {"items": [*answers, *choices, *ways_out][:13]}
    return replace(result, replies=[*result.replies[:-1], last])
