"""The dashboard through HTTP: sign-in links, one scope rule for every page and download."""

from __future__ import annotations

import io
import re
import time

import openpyxl
import pytest
import requests
from sqlalchemy import delete, select

from handlers import signin
from storage.models import Assignment, Project
from tests.dash_kit import dash, dash_both, link_for, rewire, signed_in
from tests.pg import PgCluster
from tests.sample import ADMIN, ADMIN_TK, CODE, NO_ROLE, OFFICER, OFFICER_BN, SUP_BN, SUP_TK
from tests.stack import Stack

__all__ = ["dash", "dash_both"]
BN, TK = {CODE, "50470000-3431"}, {"50490000-3572", "50490000-3573"}
OLD = "50470000-0001"  # FY 2566: only with ทุกปี
NAME, PHONE = "สมศรี", "2246"
# user -> (FY 2570 projects on the overview, {code: "personal" | "plain" | "denied"})
MATRIX = {
    OFFICER: ({CODE}, {CODE: "personal", "50470000-3431": "denied", "50490000-3572": "denied"}),
    OFFICER_BN: (BN, {CODE: "plain", "50490000-3572": "denied"}),
    SUP_BN: (BN, {CODE: "personal", "50490000-3572": "denied"}),
    SUP_TK: (TK, {CODE: "denied", "50490000-3572": "personal"}),
    ADMIN: (BN | TK, {CODE: "personal", "50490000-3572": "personal"}),
    ADMIN_TK: (TK, {CODE: "denied", "50490000-3572": "personal"}),
}
CODES = re.compile(r'data-code="([0-9-]+)"')


def _codes(html: str) -> set[str]:
    return set(CODES.findall(html))


def test_the_chat_link_signs_in_once_and_sets_a_safe_cookie(dash: Stack) -> None:
    link = link_for(dash, SUP_BN)
    first = requests.get(link, allow_redirects=False, timeout=10)
    assert first.status_code == 303
    assert first.headers["Location"] == "/dash/"
    cookie = first.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/dash" in cookie
    assert "Secure" not in cookie  # http://127.0.0.1: a Secure cookie would never come back
    again = requests.get(link, timeout=10)
    assert again.status_code == 403
    assert "ถูกใช้ไปแล้ว" in again.text
    assert "Forbidden" not in again.text


def test_forged_and_expired_links_are_refused_in_thai(dash: Stack) -> None:
    link = link_for(dash, SUP_BN)
    forged = link[:-1] + ("a" if link[-1] != "a" else "b")
    assert requests.get(forged, timeout=10).status_code == 403
    key = dash.settings.link_key
    token = signin.mint(dash.services.redis, key, SUP_BN, 1)
    time.sleep(1.2)  # Redis expires it
    gone = requests.get(f"{dash.bot_url}/dash/signin/{token}", timeout=10)
    assert gone.status_code == 403
    assert "หมดอายุ" in gone.text
    other_key = signin.mint(dash.services.redis, b"another key", SUP_BN, 60)
    assert requests.get(f"{dash.bot_url}/dash/signin/{other_key}", timeout=10).status_code == 403
    assert requests.get(link, timeout=10).status_code == 200  # the real one still works once


def test_no_session_no_page_and_unregistered_get_no_link(dash: Stack) -> None:
    for path in ("/dash/", "/dash/overdue", f"/dash/p/{CODE}", "/dash/export.xlsx",
                 f"/dash/p/{CODE}/form.pdf"):
        resp = requests.get(dash.bot_url + path, timeout=10)
        assert (resp.status_code, "แดชบอร์ด" in resp.text) == (401, True), path
    said = dash.say("แดชบอร์ด", user=NO_ROLE)
    assert "/dash/signin/" not in " ".join(said)
    assert "ลงทะเบียน" in said[-1]


@pytest.mark.parametrize("user", list(MATRIX))
def test_every_page_follows_the_one_scope_rule(dash: Stack, user: str) -> None:
    visible, rights = MATRIX[user]
    web = signed_in(dash, user)
    url = dash.bot_url
    overview = web.get(f"{url}/dash/", timeout=10).text
    assert _codes(overview) == visible
    assert NAME not in overview
    assert PHONE not in overview
    for code, right in rights.items():
        page = web.get(f"{url}/dash/p/{code}", timeout=30)  # a loaded 2-core machine: seconds
        pdf = web.get(f"{url}/dash/p/{code}/form.pdf", timeout=30)
        chart = web.get(f"{url}/dash/p/{code}/chart.png", timeout=30)
        if right == "denied":
            assert page.status_code == 404
            assert code not in page.text
            assert pdf.status_code == 404
            assert chart.status_code == 404
            continue
        assert page.status_code == 200
        assert chart.headers["Content-Type"] == "image/png"
        if right == "personal":
            assert NAME in page.text
            assert PHONE in page.text
            assert pdf.status_code == 200
            assert pdf.content.startswith(b"%PDF")
        else:
            assert NAME not in page.text
            assert PHONE not in page.text
            assert pdf.status_code == 403
            assert "ชื่อและเบอร์โทรศัพท์" in pdf.text
    sheet = web.get(f"{url}/dash/export.xlsx?fy=2570", timeout=30)
    assert sheet.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(sheet.content))
    rows = list(book["โครงการ"].iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} == visible
    overdue = web.get(f"{url}/dash/overdue", timeout=10).text
    assert _codes(overdue) <= visible


@pytest.mark.parametrize("user", [OFFICER, SUP_TK, ADMIN_TK])
def test_another_agency_is_refused_on_every_page(dash: Stack, user: str) -> None:
    web = signed_in(dash, user)
    agency = "50470000" if user != OFFICER else "50490000"
    for path in (f"/dash/?agency={agency}", f"/dash/overdue?agency={agency}",
                 f"/dash/export.xlsx?agency={agency}"):
        resp = web.get(dash.bot_url + path, timeout=10)
        assert (resp.status_code, "ไม่มีสิทธิ์" in resp.text) == (403, True), path
        assert "บางนา" not in resp.text
        assert "ทุ่งครุ" not in resp.text


def test_filters_counts_and_search(dash_both: Stack) -> None:
    dash = dash_both
    web = signed_in(dash, ADMIN)
    url = f"{dash.bot_url}/dash/"
    page = web.get(url, timeout=10).text
    assert 'id="filter-late"' in page
    late = web.get(url, params={"state": "late"}, timeout=10).text
    assert _codes(late) == {"50470000-3431", "50490000-3573"}
    assert "ค้างส่ง 1 เดือน: ต.ค. 2569" in late
    assert _codes(web.get(url, params={"q": "คลองสวย"}, timeout=10).text) == {"50470000-3431"}
    assert _codes(web.get(url, params={"q": "3572"}, timeout=10).text) == {"50490000-3572"}
    assert _codes(web.get(url, params={"q": "%"}, timeout=10).text) == set()  # literal
    assert _codes(web.get(url, params={"q": "CO-WORKING SPACE"}, timeout=10).text) == {
        "50490000-3572"}  # any case ("Co-working Space")
    page = web.get(url, timeout=10).text
    assert '<b>4</b>ทั้งหมด' in page
    assert '<b>2</b>ค้างส่งรายงาน' in page
    everything = web.get(url, params={"fy": "all"}, timeout=10).text
    assert OLD in _codes(everything)
    finished = web.get(url, params={"fy": "all", "state": "finished"}, timeout=10).text
    assert _codes(finished) == {OLD}
    tk = web.get(url, params={"agency": "50490000"}, timeout=10).text
    assert _codes(tk) == TK
    behind = web.get(url, params={"state": "behind"}, timeout=10).text
    assert "50490000-3572" in _codes(behind)  # reported ไม่เป็นไปตามแผน


def test_hostile_names_are_escaped(dash: Stack) -> None:
    with dash.services.sessions.begin() as s:
        project = s.scalars(select(Project).where(Project.code == CODE)).one()
        project.name = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        project.reports[-1].obstacles = "<b>ปัญหา</b>"
    web = signed_in(dash, SUP_BN)
    for path in ("/dash/", f"/dash/p/{CODE}"):
        html = web.get(dash.bot_url + path, timeout=10).text
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;" in html
    for path in ("/dash/", f"/dash/p/{CODE}"):  # the latest report's obstacles, as text
        assert "&lt;b&gt;ปัญหา&lt;/b&gt;" in web.get(dash.bot_url + path, timeout=10).text


def test_revoked_user_loses_the_dashboard_at_once(dash: Stack) -> None:
    web = signed_in(dash, SUP_BN)
    with dash.services.sessions.begin() as s:
        s.execute(delete(Assignment).where(Assignment.line_user_id == SUP_BN))
    resp = web.get(f"{dash.bot_url}/dash/", timeout=10)
    assert resp.status_code == 403
    assert CODE not in resp.text


def test_nudge_button_is_the_chat_command_with_its_daily_limit(dash: Stack) -> None:
    web = signed_in(dash, SUP_BN)
    page = web.get(f"{dash.bot_url}/dash/overdue", timeout=10).text
    assert _codes(page) == {"50470000-3431"}
    assert "ค้างตั้งแต่ ต.ค. 2569" in page
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert csrf is not None
    stale = web.post(f"{dash.bot_url}/dash/overdue/nudge", data={"csrf": "0" * 32}, timeout=10)
    assert stale.status_code == 403
    posted = web.post(f"{dash.bot_url}/dash/overdue/nudge", data={"csrf": csrf.group(1)},
                      allow_redirects=False, timeout=10)
    assert posted.status_code == 303  # Post/Redirect/Get: the answer is a page to GET
    assert posted.headers["Location"] == "/dash/overdue?nudged=1"
    other = signed_in(dash, SUP_BN)  # another session of the same user: not its message
    assert 'id="nudge-result"' not in other.get(dash.bot_url + posted.headers["Location"],
                                                 timeout=10).text
    shown = web.get(dash.bot_url + posted.headers["Location"], timeout=10)
    first = shown.text
    assert 'id="nudge-result"' in first
    assert _codes(first) == {"50470000-3431"}
    refreshed = web.get(shown.url, timeout=10).text  # a refresh sends nothing, says it once
    assert 'id="nudge-result"' not in refreshed
    assert _codes(refreshed) == {"50470000-3431"}
    again = web.post(f"{dash.bot_url}/dash/overdue/nudge", data={"csrf": csrf.group(1)},
                     timeout=10).text
    chat = dash.say("เตือนค้างส่ง", user=SUP_BN)[-1]
    if "ไม่มีเจ้าหน้าที่" in first:  # nobody to remind: the day's nudge is not used up
        assert chat.split("ค่ะ")[0] in again
    else:
        assert "วันนี้ได้เตือน" in again
        assert "วันนี้ได้เตือน" in chat


def test_officer_sees_no_nudge_button(dash: Stack) -> None:
    web = signed_in(dash, OFFICER)
    page = web.get(f"{dash.bot_url}/dash/overdue", timeout=10).text
    assert 'id="nudge"' not in page


def _liff(dash: Stack) -> str:
    """Configure LIFF, with the emulator as LINE Login's verify endpoint; the channel id."""
    channel = "1650000000"
    dash.settings = dash.settings.model_copy(update={
        "liff_id": "1650000000-AbCdEfGh", "line_login_channel_id": channel,
        "line_login_api_base_url": dash.emulator_url})
    rewire(dash)
    return channel


def _id_token(dash: Stack, user: str, channel: str, ttl: float = 3600) -> str:
    resp = requests.post(f"{dash.emulator_url}/_emulator/id_token",
                         json={"userId": user, "clientId": channel, "ttl": ttl}, timeout=10)
    return str(resp.json()["idToken"])


def test_liff_id_token_verified_at_line_opens_the_viewers_scope(dash: Stack) -> None:
    channel = _liff(dash)
    page = requests.get(f"{dash.bot_url}/dash/liff", timeout=10)
    assert "static.line-scdn.net/liff" in page.text
    assert "1650000000-AbCdEfGh" in page.text
    assert "sha256-" in page.headers["Content-Security-Policy"]
    bare = requests.get(f"{dash.bot_url}/dash/", allow_redirects=False, timeout=10)
    assert bare.status_code == 303
    assert bare.headers["Location"] == "/dash/liff"
    web = requests.Session()
    post = f"{dash.bot_url}/dash/liff/session"
    ours = {"X-Requested-With": "tidtam"}
    token = _id_token(dash, SUP_TK, channel)
    assert web.post(post, data={"id_token": token}, timeout=10).status_code == 403  # no header
    assert web.post(post, data={"id_token": token}, headers=ours, timeout=10).status_code == 204
    assert _codes(web.get(f"{dash.bot_url}/dash/", timeout=10).text) == TK
    verified = [c for c in requests.get(f"{dash.emulator_url}/_emulator/calls", timeout=10)
                .json()["calls"] if c["path"] == "/oauth2/v2.1/verify"]
    assert [c["status"] for c in verified] == [200]  # asked LINE (here the emulator) once
    chat = dash.say("แดชบอร์ด", user=SUP_TK)[-1]
    assert "https://liff.line.me/1650000000-AbCdEfGh" in chat
    assert "/dash/signin/" not in chat


@pytest.mark.parametrize("case", ["forged", "other channel", "expired", "unregistered"])
def test_liff_refuses_what_line_does_not_vouch_for(dash: Stack, case: str) -> None:
    channel = _liff(dash)
    token = {"forged": "emu.not-issued-by-line",
             "other channel": _id_token(dash, SUP_TK, "1659999999"),
             "expired": _id_token(dash, SUP_TK, channel, ttl=-1),
             "unregistered": _id_token(dash, NO_ROLE, channel)}[case]
    web = requests.Session()
    resp = web.post(f"{dash.bot_url}/dash/liff/session", data={"id_token": token},
                    headers={"X-Requested-With": "tidtam"}, timeout=10)
    assert resp.status_code == 403
    assert "tidtam_dash" not in resp.headers.get("Set-Cookie", "")
    assert web.get(f"{dash.bot_url}/dash/", allow_redirects=False, timeout=10).status_code == 303


def test_a_new_report_shows_at_once_despite_the_overview_cache(dash: Stack) -> None:
    from datetime import date

    from tests.sample import report_row

    web = signed_in(dash, SUP_BN)
    late = f"{dash.bot_url}/dash/?state=late"
    assert _codes(web.get(late, timeout=10).text) == {"50470000-3431"}
    assert _codes(web.get(late, timeout=10).text) == {"50470000-3431"}  # served again
    with dash.services.sessions.begin() as s:
        project = s.scalars(select(Project).where(Project.code == "50470000-3431")).one()
        s.add(report_row(project, 1, date(2026, 10, 24), "12"))
    assert _codes(web.get(late, timeout=10).text) == set()


def test_postgresql_aggregate_reads_the_reports_as_the_rows_do(
        pg_cluster: PgCluster, request: pytest.FixtureRequest) -> None:
    from storage.db import make_engine, make_session_factory
    from storage.scope import scope_of
    from tests.sample import seed
    from web.overview import Filters, _pairs, _reports_aggregated, _reports_rows, chosen

    url = pg_cluster.take_database(template=request.getfixturevalue("_pg_migrated_template"))
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    seed(sessions)
    with sessions() as session:
        project = session.scalars(select(Project).where(Project.code == CODE)).one()
        project.reports[-1].on_plan = None  # every value of a yes/no: true, false, unknown
        session.flush()
        ids = chosen(scope_of(session, ADMIN), Filters()).subquery()
        core = session.connection()
        rows_sig, rows_latest = _reports_rows(core, ids)
        agg_sig, agg_latest = _reports_aggregated(core, ids)
    engine.dispose()
    assert agg_latest == rows_latest
    assert {p: _pairs(s) for p, s in agg_sig.items()} == {p: _pairs(s) for p, s in rows_sig.items()}
    assert {v[4] for v in agg_latest.values()} == {True, False, None}


def test_the_project_page_shows_each_reports_photos(stack: Stack) -> None:
    from tests.photo_kit import has_gps
    from tests.test_photo_views import BOSS, _filed_with_three_photos, _supervisor
    from tests.test_report_flow import CODE as PHOTO_CODE

    _filed_with_three_photos(stack)
    _supervisor(stack)
    stack.settings = stack.services.settings  # links to this stack's web app
    rewire(stack)
    web = signed_in(stack, BOSS)
    page = web.get(f"{stack.bot_url}/dash/p/{PHOTO_CODE}", timeout=10).text
    thumbs = re.findall(r'<img src="([^"]+/media/[^"]+\.jpg)" alt="รูปประกอบรายงานครั้งที่ 1"',
                        page)
    assert len(thumbs) == 3
    for url in thumbs:
        resp = web.get(url, timeout=10)
        assert resp.headers["Content-Type"] == "image/jpeg"
        assert not has_gps(resp.content)


def test_a_patched_overview_equals_one_built_again(dash: Stack) -> None:
    from datetime import date
    from decimal import Decimal

    from reminders.due import load_due_dates
    from runtime.reminders import policy_from
    from storage.scope import scope_of
    from tests.sample import report_row
    from tests.stack import TODAY
    from web.cache import data_version
    from web.overview import Book, Filters, load_lines, refresh, report_stamps

    f = Filters()
    with dash.services.sessions.begin() as s:
        scope = scope_of(s, SUP_BN)
        due = load_due_dates(s, policy_from(dash.settings), TODAY)
        seen = data_version(s)
        kept = Book(load_lines(s, scope, f, TODAY, due), report_stamps(s, scope, f))
        late = s.scalars(select(Project).where(Project.code == "50470000-3431")).one()
        s.add(report_row(late, 1, date(2026, 10, 24), "12"))  # filed
        other = s.scalars(select(Project).where(Project.code == CODE)).one()
        other.reports[-1].progress_percent = Decimal("33")  # corrected: a new revision
        other.reports[-1].revision += 1
    with dash.services.sessions() as s:
        now = data_version(s)
        patched = refresh(s, scope, f, TODAY, due, None, seen, now, kept)
        built = load_lines(s, scope, f, TODAY, due)
    assert patched is not None
    assert patched.lines == built
    assert patched.lines != kept.lines
    with dash.services.sessions() as s:  # projects changed: built again, not patched
        assert refresh(s, scope, f, TODAY, due, None, (*now[:3], -1, *now[4:]), now,
                       kept) is None


def test_an_unknown_dashboard_address_is_answered_in_thai(dash: Stack) -> None:
    web = signed_in(dash, SUP_BN)
    resp = web.get(f"{dash.bot_url}/dash/no-such-page", timeout=10)
    assert resp.status_code == 404
    assert "ไม่พบหน้านี้" in resp.text
    assert "Not Found" not in resp.text
    other = requests.get(f"{dash.bot_url}/no-such-page", timeout=10)
    assert other.status_code == 404
    assert "ไม่พบหน้านี้" not in other.text


def test_the_font_is_served_beside_the_route_of_last_resort(dash: Stack) -> None:
    resp = requests.get(f"{dash.bot_url}/dash/font/sarabun.ttf", timeout=10)
    assert resp.status_code == 200, resp.status_code
    assert resp.content[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO")


def test_a_link_tapped_again_when_signed_in_opens_the_dashboard(dash: Stack) -> None:
    link = link_for(dash, SUP_BN)
    web = requests.Session()
    assert web.get(link, timeout=10).status_code == 200  # signed in, on the overview
    again = web.get(link, timeout=10)  # used, but this browser is signed in
    assert again.status_code == 200
    assert "ภาพรวมโครงการ" in again.text
    assert requests.get(link, timeout=10).status_code == 403  # another browser: refused


def test_a_late_report_shows_its_month_and_the_day_it_was_sent_in_chat_and_dashboard(
        dash: Stack) -> None:
    """October filed in chat on TODAY (22 Nov, 03:00 in Bangkok: still 21 Nov in UTC) carries
    October's last day on its form; every view says October, sent on 22 Nov."""
    from datetime import UTC, date, datetime

    from sqlalchemy import update

    from storage.enums import Source
    from storage.models import ProgressReport

    with dash.services.sessions.begin() as s:
        pid = s.scalar(select(Project.id).where(Project.code == CODE))
        s.execute(delete(ProgressReport).where(ProgressReport.project_id == pid,
                                               ProgressReport.number == 2))
        s.execute(update(ProgressReport).where(ProgressReport.project_id == pid).values(
            source=Source.BOT, report_date=date(2026, 10, 31),
            submitted_at=datetime(2026, 11, 21, 20, tzinfo=UTC)))
    said = "ครั้งที่ 1 · รายงานเดือน ต.ค. 2569 · ส่งเมื่อ 22 พ.ย. 2569 (วันนี้)"
    [card] = dash.ask(f"สถานะ {CODE}", user=SUP_BN)
    assert said in card["altText"]
    web = signed_in(dash, SUP_BN)
    page = web.get(f"{dash.bot_url}/dash/p/{CODE}", timeout=10).text
    assert said in page  # the status card's own line
    assert "ส่งเมื่อ 22 พ.ย. 2569" in page.split("ประวัติการรายงาน")[1]  # and the history's
    overview = web.get(f"{dash.bot_url}/dash/?q={CODE}", timeout=10).text
    assert "รายงานล่าสุด เดือน ต.ค. 2569 · ส่งเมื่อ 22 พ.ย. 2569" in overview
    for text in (card["altText"], page, overview):
        assert "31 ต.ค. 2569" not in text
        assert "21 พ.ย. 2569" not in text  # the day in UTC, not in the reporting calendar


def test_behind_plan_is_one_rule_and_one_wording_in_the_digest_and_the_dashboard(
        dash: Stack) -> None:
    """CODE is ahead of the straight line (25.50 % against 14.52 %) but its latest report says
    it is not on plan: both views call it ล่าช้ากว่าแผน for that reason, and count alike."""
    from sqlalchemy import update

    from storage.models import ProgressReport

    with dash.services.sessions.begin() as s:
        pid = s.scalar(select(Project.id).where(Project.code == CODE))
        s.execute(update(ProgressReport).where(ProgressReport.project_id == pid,
                                               ProgressReport.number == 2).values(on_plan=False))
    [digest] = dash.ask("สรุป", user=SUP_BN)
    text = digest["text"]
    assert "• ล่าช้ากว่าแผน: 2" in text
    assert f"{CODE} " in text
    assert "ทำได้ 25.50 % แผน 14.52 % · รายงานว่าไม่เป็นไปตามแผน" in text
    assert "ทำได้ 0.00 % แผน 14.52 % · ต่ำกว่าแผนแบบเส้นตรง 14.52 จุด" in text  # 3431: none yet
    assert "ไม่ช้ากว่า" not in text
    web = signed_in(dash, SUP_BN)
    page = web.get(f"{dash.bot_url}/dash/?state=behind", timeout=10).text
    assert _codes(page) == BN
    assert re.search(r"<b>2</b>ล่าช้ากว่าแผน", page)
    card = page.split(f'data-code="{CODE}"')[1].split("</article>")[0]
    assert "ล่าช้ากว่าแผน: รายงานว่าไม่เป็นไปตามแผน" in card
    other = page.split('data-code="50470000-3431"')[1].split("</article>")[0]
    assert "ล่าช้ากว่าแผน: ต่ำกว่าแผนแบบเส้นตรง 14.52 จุด" in other
    assert "ล่าช้ากว่าแผน: ความก้าวหน้าต่ำกว่าแผนแบบเส้นตรง หรือรายงานล่าสุดว่าไม่เป็นไปตามแผน" \
        in page  # the rule, said where the list is filtered by it


def test_every_refusal_and_error_page_links_back_to_the_overview(dash: Stack) -> None:
    web = signed_in(dash, SUP_BN)
    back = 'id="back-to-overview" href="/dash/"'
    pages = {
        404: web.get(f"{dash.bot_url}/dash/no-such-page", timeout=10),
        403: web.get(f"{dash.bot_url}/dash/?agency=50490000", timeout=10),
        401: requests.get(f"{dash.bot_url}/dash/", timeout=10),  # no session
    }
    refused = web.get(f"{dash.bot_url}/dash/p/50490000-3572", timeout=10)  # another agency
    link = link_for(dash, SUP_BN)
    requests.get(link, timeout=10)
    spent = requests.get(link, timeout=10)  # used already, in a browser not signed in
    for code, resp in [*pages.items(), (404, refused), (403, spent)]:
        assert resp.status_code == code, resp.url
        assert back in resp.text, resp.url
    assert "ลิงก์นี้หมดอายุ" in spent.text
