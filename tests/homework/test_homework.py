"""Homework through the pages: a teacher sets it, students study, both see the progress move."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.banks import editor
from quizapp.banks.models import Bank
from quizapp.classes import services as classes
from quizapp.extensions import db
from quizapp.homework.student import homework_for_student
from tests.conftest import Clock, signed_in, submit_form
from tests.study.sample_answers import answer, question_type
from tests.xss_payloads import active_content, parse

pytestmark = pytest.mark.usefixtures("sample_banks")


@dataclass
class Setup:
    teacher: FlaskClient
    class_id: int
    sample_id: int
    quiz_bank_id: int
    students: dict[str, FlaskClient]


def _user_id(app: Flask, username: str) -> int:
    with app.app_context():
        found = db.session.scalars(select(User.id).where(User.username == username)).one()
        db.session.remove()
        return found


def _setup(app: Flask, clock: Clock, teacher_zone: str = "UTC", students: int = 2) -> Setup:
    teacher = signed_in(app, "ms_lee", "teacher", teacher_zone)
    clients = {f"s{i}": signed_in(app, f"s{i}", "student") for i in range(students)}
    owner = _user_id(app, "ms_lee")
    with app.app_context():
        class_id = classes.create_class(owner, "Year 9", "", clock.now)
        exam = editor.create_bank(owner, "Exam bank", "", clock.now, quiz_only=True)
        classes.set_banks(owner, class_id, ["sample", exam])
        code = classes.class_detail(owner, class_id).join_code
        for name in clients:
            classes.join(_user_id(app, name), code, clock.now)
        sample_id = db.session.scalars(select(Bank.id).where(Bank.slug == "sample")).one()
        quiz_bank_id = db.session.scalars(select(Bank.id).where(Bank.slug == exam)).one()
        db.session.remove()
    return Setup(teacher, class_id, sample_id, quiz_bank_id, clients)


def _set(s: Setup, **fields: str) -> tuple[int, str]:
    """Post the new-homework form; (status, page or where it went)."""
    url = f"/classes/{s.class_id}/homework/new"
    data = {
        "title": "Signing week",
        "bank": str(s.sample_id),
        "tags": "",
        "goal": "studied",
        "percent": "80",
        "answers": "20",
        "due": "2026-03-13T17:00",
        **fields,
    }
    response = submit_form(s.teacher, url, url, data)
    return response.status_code, response.location or response.get_data(as_text=True)


def _homework_id(s: Setup) -> int:
    page = s.teacher.get(f"/classes/{s.class_id}/homework/").get_data(as_text=True)
    assert "Homework of Year 9</h1>" in page  # the class by its name, here and in the crumbs
    found = re.findall(r'href="/homework/(\d+)"', page)
    assert found, page
    return int(found[-1])


def _study(client: FlaskClient, clock: Clock, times: int) -> None:
    for _ in range(times):
        html = client.get("/study/sample/next").get_data(as_text=True)
        assert question_type(html), html
        assert answer(client, html).status_code == 303
        clock.advance(minutes=2)


def _card(page: str, title: str) -> str:
    start = page.index(title)
    return page[start : page.index("</li>", start)]


def test_the_progress_follows_the_students_studying_on_both_sides(app: Flask, clock: Clock) -> None:
    s = _setup(app, clock)
    status, where = _set(s, tags="signing", goal="correct", answers="4")
    assert status == 303 and where.endswith(f"/classes/{s.class_id}/homework/")
    hid = _homework_id(s)
    mine = s.students["s0"].get("/homework/").get_data(as_text=True)
    card = _card(mine, "Signing week")
    assert 'value="0"' in card and "4 more correct answers to go." in card
    assert "Not started" in card
    # The sample questions come in file order: choice (signing), truefalse, short (signing).
    _study(s.students["s0"], clock, 3)
    card = _card(s.students["s0"].get("/homework/").get_data(as_text=True), "Signing week")
    assert '<progress max="100" value="50"' in card and "2 more correct answers to go." in card
    board = s.teacher.get(f"/homework/{hid}").get_data(as_text=True)
    s0 = board[board.index('data-student="s0"') : board.index("</tr>", board.index("s0"))]
    assert "On track" in s0 and 'value="50"' in s0
    s1 = board[board.index('data-student="s1"') : board.index("</tr>", board.index('"s1"'))]
    assert "Not started" in s1 and 'value="0"' in s1
    assert "1 on track" in board and "1 not started" in board


def test_studied_goal_says_what_is_left_in_words(app: Flask, clock: Clock) -> None:
    s = _setup(app, clock)
    _set(s, goal="recalled", percent="80")
    _study(s.students["s0"], clock, 2)
    card = _card(s.students["s0"].get("/homework/").get_data(as_text=True), "Signing week")
    # Nine questions; two answered right on Tuesday morning, 3 whole days before Friday 17:00.
    # A new card answered Good has S = 2.3065 days, so on Friday
    # R = (1 + 0.98035 * 3 / 2.3065) ** -0.1542 = 0.881: both still recalled at 80 %.
    assert "7 questions not yet studied." in card
    assert 'value="22"' in card  # 2 of 9


def test_a_wrong_answer_is_likely_forgotten_by_the_due_day(app: Flask, clock: Clock) -> None:
    s = _setup(app, clock)
    _set(s, goal="recalled", percent="80")
    html = s.students["s0"].get("/study/sample/next").get_data(as_text=True)
    assert answer(s.students["s0"], html, answer="NASA").status_code == 303
    card = _card(s.students["s0"].get("/homework/").get_data(as_text=True), "Signing week")
    # Set on Tuesday 10 March; due Friday 13 March: the student reads "by Friday".
    assert "8 questions not yet studied, 1 likely forgotten by Friday." in card


def test_the_due_date_is_typed_in_the_teachers_zone_and_read_in_the_students(
    app: Flask, clock: Clock
) -> None:
    s = _setup(app, clock, teacher_zone="America/New_York")
    _set(s, due="2026-03-13T17:00")  # 17:00 in New York (EDT, UTC-4) is 21:00 UTC
    tokyo = signed_in(app, "kenji", "student", "Asia/Tokyo")
    with app.app_context():
        owner = _user_id(app, "ms_lee")
        code = classes.class_detail(owner, s.class_id).join_code
        classes.join(_user_id(app, "kenji"), code, clock.now)
        db.session.remove()
    page = tokyo.get("/homework/").get_data(as_text=True)
    assert "due Sat 14 Mar 2026 06:00" in page  # 21:00 UTC is 06:00 next day in Tokyo
    edit = s.teacher.get(f"/homework/{_homework_id(s)}/edit").get_data(as_text=True)
    assert 'value="2026-03-13T17:00"' in edit and "America/New_York" in edit


def test_the_bank_must_be_one_the_class_studies(app: Flask, clock: Clock) -> None:
    s = _setup(app, clock)
    status, page = _set(s, bank=str(s.quiz_bank_id))
    assert status == 422 and 'id="bank-error"' in page
    assert "Choose one of the banks this class studies." in page
    with app.app_context():
        other = editor.create_bank(_user_id(app, "ms_lee"), "Not assigned", "", clock.now)
        other_id = db.session.scalars(select(Bank.id).where(Bank.slug == other)).one()
        db.session.remove()
    status, page = _set(s, bank=str(other_id))
    assert status == 422 and 'id="bank-error"' in page


def test_wrong_settings_are_explained_next_to_their_field(app: Flask, clock: Clock) -> None:
    s = _setup(app, clock)
    status, page = _set(s, due="2026-03-01T09:00")
    assert status == 422 and 'id="due-error"' in page and "must be in the future" in page
    status, page = _set(s, tags="signing, nosuchtag")
    assert status == 422 and 'id="tags-error"' in page and "nosuchtag" in page
    status, page = _set(s, goal="recalled", percent="")
    assert status == 422 and 'id="percent-error"' in page
    status, page = _set(s, title="")
    assert status == 422 and 'id="title-error"' in page


def test_closing_keeps_it_listed_as_closed_and_editing_changes_the_goal(
    app: Flask, clock: Clock
) -> None:
    s = _setup(app, clock)
    _set(s)
    hid = _homework_id(s)
    edit_url = f"/homework/{hid}/edit"
    fields = {"title": "Renamed", "bank": str(s.sample_id), "goal": "correct", "answers": "3"}
    saved = submit_form(s.teacher, edit_url, edit_url, {**fields, "due": "2026-03-20T09:00"})
    assert saved.status_code == 303
    page = s.students["s0"].get("/homework/").get_data(as_text=True)
    assert "Renamed" in page and "3 correct answers" in page
    closed = submit_form(s.teacher, f"/homework/{hid}", f"/homework/{hid}/close", {})
    assert closed.status_code == 303
    listed = s.teacher.get(f"/classes/{s.class_id}/homework/").get_data(as_text=True)
    assert "Renamed" in listed and "Closed" in listed
    assert "closed" in _card(s.students["s0"].get("/homework/").get_data(as_text=True), "Renamed")


def test_students_see_only_their_own_classes_homework(app: Flask, clock: Clock) -> None:
    s = _setup(app, clock)
    _set(s)
    outsider = signed_in(app, "olga", "student")
    assert "Signing week" not in outsider.get("/homework/").get_data(as_text=True)
    assert "Signing week" in s.students["s1"].get("/homework/").get_data(as_text=True)
    with app.app_context():
        assert homework_for_student(_user_id(app, "olga"), clock.now) == []
        db.session.remove()


def test_the_teacher_sorts_downloads_and_sees_the_weakest_questions(
    app: Flask, clock: Clock
) -> None:
    s = _setup(app, clock, students=3)
    _set(s, goal="correct", answers="2")
    hid = _homework_id(s)
    _study(s.students["s0"], clock, 2)  # done
    _study(s.students["s1"], clock, 1)  # half the goal...
    clock.advance(days=3)  # ...with nine tenths of the time gone: behind
    # Three sorts, three orders: behind first by status, least done first by progress.
    by_status = s.teacher.get(f"/homework/{hid}?sort=status").get_data(as_text=True)
    assert re.findall(r'data-student="(s\d)"', by_status) == ["s1", "s2", "s0"]
    by_progress = s.teacher.get(f"/homework/{hid}?sort=progress").get_data(as_text=True)
    assert re.findall(r'data-student="(s\d)"', by_progress) == ["s2", "s1", "s0"]
    by_name = s.teacher.get(f"/homework/{hid}?sort=nonsense").get_data(as_text=True)
    assert re.findall(r'data-student="(s\d)"', by_name) == ["s0", "s1", "s2"]
    response = s.teacher.get(f"/homework/{hid}/students.csv?sort=status")
    assert response.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert table[2][:3] == ["student", "status", "progress %"]
    assert [row[:3] for row in table[3:]] == [
        ["s1", "behind", "50"],
        ["s2", "not started", "0"],
        ["s0", "done", "100"],
    ]
    weakest = by_status[by_status.index("weakest-heading") :]
    # Questions nobody studied come first (0 %); the first question was studied by two of three.
    assert "studied by 0 of 3 students" in weakest
    assert "studied by 2 of 3 students" in weakest


def test_answers_before_the_homework_was_set_do_not_count_towards_correct_answers(
    app: Flask, clock: Clock
) -> None:
    s = _setup(app, clock)
    _study(s.students["s0"], clock, 3)
    clock.advance(hours=1)
    _set(s, goal="correct", answers="5")
    card = _card(s.students["s0"].get("/homework/").get_data(as_text=True), "Signing week")
    assert 'value="0"' in card and "5 more correct answers to go." in card
    assert "Not started" in card
    _study(s.students["s0"], clock, 1)
    card = _card(s.students["s0"].get("/homework/").get_data(as_text=True), "Signing week")
    assert "4 more correct answers to go." in card


def test_a_hostile_title_is_shown_as_text_on_every_homework_page(app: Flask, clock: Clock) -> None:
    s = _setup(app, clock)
    title = '"><script>alert(1)</script><img src=x onerror=alert(1)>'
    assert _set(s, title=title)[0] == 303
    hid = _homework_id(s)
    pages = {
        "class list": s.teacher.get(f"/classes/{s.class_id}/homework/"),
        "board": s.teacher.get(f"/homework/{hid}"),
        "edit": s.teacher.get(f"/homework/{hid}/edit"),
        "student's list": s.students["s0"].get("/homework/"),
    }
    for name, response in pages.items():
        html = response.get_data(as_text=True)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&#34;&gt;&lt;script" in html
        found = [p for e in parse(html).elements for p in active_content(e)]
        assert found == [] and "<img" not in html, name
    csv_text = s.teacher.get(f"/homework/{hid}/students.csv").get_data(as_text=True)
    assert title.replace('"', '""') in csv_text  # text in a cell, quoted as CSV quotes it
