"""The dashboard's pages: overview, project, overdue, downloads; every one scoped by scope_of."""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, NoReturn
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, g, redirect, render_template, request
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException

from core import periods
from core.behind import BEHIND, RULE
from core.display import money, percent
from handlers import signin, status_views
from handlers.reminder_commands import ReminderCommands
from handlers.status import PDF_PERSONAL, overview_rows, project_status
from reminders.due import load_due_dates
from reminders.policy import Policy
from runtime.media_store import MediaStore
from runtime.reminders import policy_from
from runtime.services import Services
from storage import queries
from storage.queries import ProjectInfo
from storage.scope import Scope, scope_of
from web import auth, overdue
from web.cache import LinesCache, MonthsMemo
from web.overview import SORTS, STATES, Filters, choices, overview
from web.photos import photos_of
from web.texts import LIFF_SCRIPT, MESSAGES, render_message

log = logging.getLogger(__name__)
blueprint = Blueprint("dashboard", __name__, url_prefix="/dash", template_folder="templates")
_OPEN = frozenset({"dashboard.sign_in", "dashboard.liff", "dashboard.liff_session",
                   "dashboard.font"})
_FONTS = {"sarabun": "Sarabun-Regular.ttf", "sarabun-bold": "Sarabun-SemiBold.ttf"}


@blueprint.app_template_filter("thai_date")
def _thai_date(value: date | None) -> str:
    """"25 พ.ย. 2569" (BE), or "-"."""
    return periods.thai_date(value) if value else "-"


@blueprint.app_template_filter("month")
def _month(value: date | None) -> str:
    """A reporting month as "พ.ย. 2569"."""
    return periods.period_of(value).label if value else "-"


@blueprint.app_template_filter("pct")
def _pct(value: Decimal | None) -> str:
    """The one percent format ("25.50 %")."""
    return percent(value)


@blueprint.app_template_filter("baht")
def _baht(value: Decimal | None) -> str:
    """Baht with separators ("1,234.50")."""
    return money(value) if value is not None else "-"


@blueprint.app_context_processor
def _words() -> dict[str, Any]:
    """The status card's own words: a report's on-plan and on-target answers, when it was sent."""
    return {"plan_words": status_views.plan_word, "target_words": status_views.target_word,
            "plan_word": status_views.plan_word, "target_word": status_views.target_word,
            "sent_phrase": status_views.sent_phrase, "behind_word": BEHIND,
            "behind_rule": RULE}


def _services() -> Services:
    return current_app.extensions["tidtam"]  # type: ignore[no-any-return]


def _now() -> datetime:
    """Now (tests pin it through the app's TIDTAM_CLOCK)."""
    clock: Callable[[], datetime] | None = current_app.config.get("TIDTAM_CLOCK")
    return clock() if clock is not None else datetime.now(UTC)


def _zone() -> ZoneInfo:
    """The reporting calendar's time zone (TIMEZONE)."""
    return ZoneInfo(_services().settings.timezone)


def _today() -> date:
    return _now().astimezone(_zone()).date()


def _cache() -> LinesCache:
    """This app's overview cache (DASHBOARD_CACHE_SECONDS; 0: none)."""
    found = current_app.extensions.get("tidtam_dash_cache")
    if found is None:
        found = LinesCache(_services().settings.dashboard_cache_seconds)
        current_app.extensions["tidtam_dash_cache"] = found
    return found


def _memo() -> MonthsMemo:
    """This app's memo of each project's months."""
    found = current_app.extensions.get("tidtam_dash_months")
    if found is None:
        found = current_app.extensions["tidtam_dash_months"] = MonthsMemo()
    return found


def _policy() -> Policy:
    return policy_from(_services().settings)


def refuse(code: int, key: str, **values: Any) -> NoReturn:
    """Stop with a Thai page (key: one of web.texts.MESSAGES)."""
    abort(Response(render_message(MESSAGES[key].format(**values)), status=code,
                   mimetype="text/html"))


@blueprint.errorhandler(HTTPException)
def thai_error(error: HTTPException) -> Response:
    """Werkzeug's English errors as a Thai page."""
    key = {404: "not_found", 405: "not_found", 503: "unavailable"}.get(error.code or 500,
                                                                      "failed")
    return Response(render_message(MESSAGES[key]), status=error.code or 500,
                    mimetype="text/html")


@blueprint.get("/<path:rest>")
def unknown_page(rest: str) -> NoReturn:
    """An address under /dash that no page has ("/dash/xyz"): the Thai page, not Werkzeug's
    English (a route of last resort: every other page's rule is more specific)."""
    refuse(404, "not_found")


@blueprint.before_request
def who() -> Response | None:
    """Every page but the sign-in ones needs a session of a registered user."""
    if request.endpoint in _OPEN:
        return None
    user = auth.viewer(_services().redis, request)
    if user is None:
        if _services().settings.uses_liff and request.method == "GET":
            return redirect("/dash/liff", code=303)  # type: ignore[return-value]
        refuse(401, "signed_out")
    g.viewer = user
    return None


@blueprint.after_request
def headers(resp: Response) -> Response:
    """No caching, no framing, no referrer (sign-in links carry a token), a tight CSP."""
    resp.headers.setdefault("Cache-Control", "no-store")
    resp.headers["X-Frame-Options"] = "DENY"
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Referrer-Policy"] = "no-referrer"
    resp.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; font-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    return resp


def _scope(session: Session) -> Scope:
    """The viewer's scope now, from their bindings (a revoked user sees nothing)."""
    scope = scope_of(session, g.viewer)
    if not scope.registered:
        refuse(403, "not_registered")
    return scope


def _page(template: str, **values: Any) -> str:
    return render_template(template, csrf=auth.csrf_token(_services().settings.link_key,
                                                          request), **values)


@blueprint.get("/font/<name>.ttf")
def font(name: str) -> Response:
    """Sarabun, served by us (no CDN): Thai reads the same on a phone without it."""
    import fontpkg_sarabun

    if name not in _FONTS:
        abort(404)
    data = (fontpkg_sarabun.ROOT / "files" / _FONTS[name]).read_bytes()
    return Response(data, mimetype="font/ttf",
                    headers={"Cache-Control": "public, max-age=604800"})


# --- signing in ------------------------------------------------------------------------------

@blueprint.get("/signin/<token>")
def sign_in(token: str) -> Response:
    """Exchange a single-use link from the chat for a session, then show the overview."""
    services = _services()
    user = signin.redeem(services.redis, services.settings.link_key, token)
    if user is None and auth.viewer(services.redis, request) is not None:
        return redirect("/dash/", code=303)  # type: ignore[return-value]  # tapped twice
    if user is None:
        log.info("dashboard link refused (forged, expired or used)")
        refuse(403, "link_dead")
    with services.sessions() as session:
        if not scope_of(session, user).registered:
            refuse(403, "not_registered")
    resp = redirect("/dash/", code=303)
    auth.start(services.redis, services.settings, resp, user)
    return resp  # type: ignore[return-value]


@blueprint.get("/liff")
def liff() -> Response:
    """The LIFF page: it asks the LIFF SDK for an ID token and posts it here."""
    settings = _services().settings
    if not settings.uses_liff:
        abort(404)
    resp = Response(render_template("liff.html", liff_id=settings.liff_id,
                                    script=LIFF_SCRIPT))
    resp.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src https://static.line-scdn.net 'self' "
        f"'sha256-{_liff_script_hash()}'; connect-src 'self' https://api.line.me "
        "https://access.line.me https://liffsdk.line-scdn.net; style-src 'unsafe-inline'; "
        "base-uri 'none'")
    return resp


def _liff_script_hash() -> str:
    return base64.b64encode(hashlib.sha256(LIFF_SCRIPT.encode()).digest()).decode()


@blueprint.post("/liff/session")
def liff_session() -> Response:
    """Verify a LIFF ID token with LINE, map its user to their binding, open a session."""
    services = _services()
    settings = services.settings
    if not settings.uses_liff:
        abort(404)
    if request.headers.get("X-Requested-With") != "tidtam":  # a form from elsewhere cannot
        refuse(403, "link_dead")
    verified = auth.verify_id_token(settings, request.form.get("id_token", "")[:4096])
    if verified is None:
        refuse(403, "link_dead")
    with services.sessions() as session:
        if not scope_of(session, verified.sub).registered:
            refuse(403, "not_registered")
    resp = Response(status=204)
    auth.start(services.redis, settings, resp, verified.sub)
    return resp


@blueprint.post("/signout")
def sign_out() -> Response:
    """End the session."""
    if not auth.csrf_ok(_services().settings.link_key, request):
        refuse(403, "form_stale")
    resp = Response(render_message(MESSAGES["signed_out_now"]), mimetype="text/html")
    auth.end(_services().redis, request, resp)
    return resp


# --- pages -----------------------------------------------------------------------------------

def _filters(today: date) -> Filters:
    """The overview's filters from the query string (the current fiscal year by default)."""
    args = request.args
    fy_arg = args.get("fy", "")
    year: int | None = periods.fiscal_year_of(today)
    if fy_arg == "all":
        year = None
    elif fy_arg.isdigit():
        year = int(fy_arg)
    page = args.get("page", "1")
    return Filters(state=args.get("state", "") if args.get("state", "") in STATES else "",
                   fiscal_year=year, agency=args.get("agency", "")[:20],
                   text=args.get("q", "")[:100],
                   sort=args.get("sort", "code") if args.get("sort") in SORTS else "code",
                   page=int(page) if page.isdigit() else 1)


def _check_agency(code: str, agencies: list[tuple[str, str | None]]) -> None:
    """Refuse an agency the viewer has no project of."""
    if code and code not in {a for a, _ in agencies}:
        log.warning("dashboard agency refused: user=%s", scope_hash())
        refuse(403, "agency_refused")


def scope_hash() -> str:
    """The viewer's hash, for logs."""
    return Scope(g.viewer).user_hash


@blueprint.get("/")
def overview_page() -> str:
    """Every project in the viewer's scope, filtered, sorted, counted, one page at a time."""
    services = _services()
    today = _today()
    with services.sessions() as session:
        scope = _scope(session)
        years, agencies = choices(session, scope)
        f = _filters(today)
        _check_agency(f.agency, agencies)
        view = overview(session, scope, f, today,
                        lambda: load_due_dates(session, _policy(), today), _cache(), _memo(),
                        (years, agencies), _zone())
    return _page("overview.html", view=view, f=f, today=today, scope=scope,
                 current_year=periods.fiscal_year_of(today), page_url=_page_url)


def _page_url(f: Filters, **change: Any) -> str:
    """The overview's URL with some filters changed (page back to 1 unless given)."""
    values = {"state": f.state, "fy": "all" if f.fiscal_year is None else f.fiscal_year,
              "agency": f.agency, "q": f.text, "sort": f.sort, "page": 1}
    values.update(change)
    return "/dash/?" + urlencode({k: v for k, v in values.items() if v not in ("", None)})


def _project(session: Session, scope: Scope, code: str) -> ProjectInfo:
    """A project the viewer may see, or a refusal that does not say whether it exists."""
    info = queries.find_project(session, code[:20])
    if info is None or not scope.can_see(info):
        log.warning("dashboard project refused: user=%s", scope.user_hash)
        refuse(404, "project_refused")
    return info


@blueprint.get("/p/<code>")
def project_page(code: str) -> str:
    """Header facts (the status card's lines), history in month order, chart, PDF link."""
    services = _services()
    today = _today()
    with services.sessions() as session:
        scope = _scope(session)
        info = _project(session, scope, code)
        facts = project_status(session, info, today, _policy(), scope.sees_personal_data(info),
                               _zone())
        reports = list(reversed(queries.project_reports(session, info.id, _zone(),
                                                        detail=True)))
        photos = photos_of(session, MediaStore(_services()), info.id)
    return _page("project.html", info=info, rows=status_views.card_rows(facts), facts=facts,
                 reports=reports, photos=photos, may_print=scope.may_print(info))


@blueprint.get("/p/<code>/chart.png")
def chart(code: str) -> Response:
    """The project's progress against the straight-line plan."""
    from handlers.charts import project_chart

    today = _today()
    with _services().sessions() as session:
        info = _project(session, _scope(session), code)
        reports = queries.project_reports(session, info.id, _zone())
    png = project_chart(info, reports, today)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=60"})


@blueprint.get("/p/<code>/form.pdf")
def pdf(code: str) -> Response:
    """The official form as PDF, for those who may see names and phones (as PDF <code>)."""
    from forms.exporter import project_pdf

    with _services().sessions() as session:
        scope = _scope(session)
        info = _project(session, scope, code)
        if not scope.may_print(info):
            log.warning("dashboard pdf denied (personal data): user=%s", scope.user_hash)
            abort(Response(render_message(PDF_PERSONAL.format(code=info.code)), status=403,
                           mimetype="text/html"))
        data = project_pdf(session, info.code)
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="tidtam-{info.code}.pdf"'})


@blueprint.get("/export.xlsx")
def xlsx() -> Response:
    """The planning unit's spreadsheet of the viewer's scope (sheets/, as ส่งออก excel)."""
    from sheets.workbook import build_xlsx

    today = _today()
    with _services().sessions() as session:
        scope = _scope(session)
        _, agencies = choices(session, scope)
        f = _filters(today)
        _check_agency(f.agency, agencies)
        if not agencies:
            refuse(403, "nothing_in_scope")
        data = build_xlsx(session, today, scope, agency_code=f.agency or None,
                          fiscal_year=f.fiscal_year, policy=_policy())
    name = "-".join(str(p) for p in ("tidtam", f.agency, f.fiscal_year or "all") if p)
    log.info("dashboard xlsx: user=%s", scope.user_hash)
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})


@blueprint.get("/overdue")
def overdue_page() -> str:
    """Who owes which months since when (core.months), the nudge button, and what the last
    nudge said (once, after its redirect)."""
    today = _today()
    message = auth.take_flash(_services().redis, request) if request.args.get("nudged") else ""
    with _services().sessions() as session:
        scope = _scope(session)
        _, agencies = choices(session, scope)
        agency = request.args.get("agency", "")[:20]
        _check_agency(agency, agencies)
        rows = overview_rows(session, scope, today, _policy())
        owed = overdue.owed(session, scope, status_views.overdue_of(rows), agency)
    return _page("overdue.html", owed=owed, scope=scope, today=today, message=message,
                 agency=agency, agencies=agencies, can_nudge=overdue.can_nudge(scope))


@blueprint.post("/overdue/nudge")
def nudge() -> Response:
    """"เตือนค้างส่ง" from the dashboard: the same rule and daily limit as in chat; its answer
    is shown on the overdue page it redirects to (a refresh there sends nothing again)."""
    services = _services()
    if not auth.csrf_ok(services.settings.link_key, request):
        refuse(403, "form_stale")
    zone = ZoneInfo(services.settings.timezone)
    with services.sessions.begin() as session:
        outcome = ReminderCommands(_policy(), zone, _now).nudge_now(g.viewer, session)
    said = "\n".join(str(m.get("text", "")) for m in outcome.replies)
    auth.flash(services.redis, request, said)
    log.info("dashboard nudge: user=%s", scope_hash())
    return redirect("/dash/overdue?nudged=1", code=303)  # type: ignore[return-value]
