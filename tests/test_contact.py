""""ติดต่อผู้ดูแล": the operator's ADMIN_CONTACT, from the guests' menu, typed, and in refusals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from handlers import texts
from handlers.menus import MENUS
from tests.stack import Stack, body, make_stack

CONTACT = "คุณวิภา ฝ่ายแผนงาน โทร. 02 123 4567 ต่อ 11 (LINE: @tidtam-admin)"
STRANGER = "U" + "5" * 32


@pytest.fixture
def contact_stack(tmp_path: Path, redis_url: str, redis_conn: redis.Redis,
                  stack_db_url: str) -> Iterator[Stack]:
    """A running bot whose operator set ADMIN_CONTACT."""
    st = make_stack(tmp_path, redis_url, stack_db_url, admin_contact=CONTACT)
    yield st
    for server in st.servers:
        server.stop()
    st.services.engine.dispose()


def test_the_guests_menu_tile_asks_for_the_contact() -> None:
    [tile] = [t for t in MENUS["guest"] if t.label == "ติดต่อผู้ดูแล"]
    assert tile.text == "ติดต่อผู้ดูแล"


@pytest.mark.parametrize("said", ["ติดต่อผู้ดูแล", "ติดต่อแอดมินค่ะ", "ขอเบอร์ผู้ดูแลหน่อยครับ"])
def test_asking_for_the_admin_gives_the_contact(contact_stack: Stack, said: str) -> None:
    [answer] = contact_stack.say(said, user=STRANGER)
    assert CONTACT in answer
    assert "ขอรหัสเชิญ" in answer  # what the admin can help with


def test_without_a_contact_configured_the_answer_says_whom_to_ask(stack: Stack) -> None:
    [answer] = stack.say("ติดต่อผู้ดูแล", user=STRANGER)
    assert answer == texts.CONTACT_UNSET
    assert "ผู้ดูแลระบบ «ติดตาม» ของหน่วยงานท่าน" in answer
    for said in ("ติดต่อแอดมินค่ะ", "ช่วยเหลือ", "สวัสดีค่ะ", "สถานะ 50490000-3572"):
        for reply in stack.say(said, user=STRANGER):
            assert "ADMIN_CONTACT" not in reply, reply  # never a setting's name
    [refusal] = stack.say("รายงาน", user=STRANGER)
    assert texts.ASK_ADMIN in refusal
    assert "ช่องทางติดต่อ" not in refusal


@pytest.mark.parametrize("said", ["รายงาน", "สถานะ 50490000-3572", "ลงทะเบียน ZZZZ-ZZZZ"])
def test_refusals_that_need_a_person_carry_the_contact(contact_stack: Stack, said: str) -> None:
    [refusal] = contact_stack.ask(said, user=STRANGER)
    text = body(refusal)
    assert texts.ASK_ADMIN in text, text
    assert text.endswith(texts.CONTACT_LINE.format(contact=CONTACT))
    assert text.count(CONTACT) == 1


def test_answers_that_need_no_person_carry_no_contact(contact_stack: Stack) -> None:
    for said in ("ช่วยเหลือ", "ขอบคุณค่ะ", "อะไรนะ"):
        for answer in contact_stack.say(said, user=STRANGER):
            if texts.ASK_ADMIN not in answer:
                assert CONTACT not in answer, said
