"""The gradebook's figures per quiz (dates on the class's clock, status, average and median) and
a student's own grades page, which shows nobody else's."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.extensions import db
from tests.conftest import Clock, signed_in, submit_form
from tests.quizzes.test_quizzes import _class, _new_quiz, _question_ids, _quiz_id, _take
from tests.statements import counting

pytestmark = pytest.mark.usefixtures("sample_banks")


def _graded_class(app: Flask) -> tuple[FlaskClient, list[FlaskClient], int]:
    """Five students; four take a two-question quiz and score 100%, 100%, 50% and 0%."""
    teacher = signed_in(app, "ms_lee", "teacher", timezone="America/New_York")
    students = [signed_in(app, f"s{n}", "student") for n in range(5)]
    class_id = _class(teacher, *students)
    made = _new_quiz(
        teacher,
        class_id,
        _question_ids(app, "sample.short", "sample.numeric"),
        shuffle_questions="",
        opens="2026-03-10T04:00",  # New York is on summer time from 8 March: 08:00 UTC
        closes="2026-03-20T17:00",
    )
    assert made.status_code == 303, made.get_data(as_text=True)[:800]
    quiz_id = _quiz_id(app)
    given = (("Rogozin", "2011"), ("Rogozin", "2011"), ("Rogozin", "1999"), ("x", "1"))
    for student, answers in zip(students[:4], given, strict=True):
        _take(student, quiz_id, *answers)
    return teacher, students, class_id


def _summary_row(page: str) -> str:
    start = page.index('<table class="quiz-summary">')
    return page[start:].split("</tr>")[1]


def test_each_quiz_shows_its_dates_status_average_and_median(app: Flask, clock: Clock) -> None:
    teacher, _, class_id = _graded_class(app)
    page = teacher.get(f"/classes/{class_id}/gradebook").get_data(as_text=True)
    row = _summary_row(page)
    assert "Signing quiz" in row and ">Open</span>" in row
    assert "Tue 10 Mar 04:00 (America/New_York)" in row
    assert "Fri 20 Mar 17:00 (America/New_York)" in row
    # grades 1, 1, 0.5, 0 (a fifth student has not taken it and is left out):
    # mean 2.5 / 4 = 62.5%, median of an even count (0.5 + 1) / 2 = 75%
    cells = re.findall(r"<td data-label=\"(Class average|Median|Graded)\">([^<]+)</td>", row)
    assert cells == [("Class average", "62.5%"), ("Median", "75.0%"), ("Graded", "4 of 5")]
    foot = page.split("<tfoot>")[1]
    assert "<td>62.5%</td>" in foot and "<td>75.0%</td>" in foot
    clock.advance(days=11)  # past the closing time
    later = teacher.get(f"/classes/{class_id}/gradebook").get_data(as_text=True)
    assert ">Closed</span>" in _summary_row(later)


def test_a_student_sees_their_own_grades_and_nobody_elses(app: Flask, clock: Clock) -> None:
    _, students, class_id = _graded_class(app)
    half = students[2].get("/quizzes/grades").get_data(as_text=True)
    assert re.findall(r"<strong>([\d.]+%)</strong>", half) == ["50.0%"]
    assert "Signing quiz" in half and "s0" not in half and "s1" not in half
    with app.app_context():
        top = db.session.scalars(select(User.id).where(User.username == "s0")).one()
    # Asking for s0's grades by id changes nothing: the page has no id to ask with.
    untaken = students[4].get(f"/quizzes/grades?student={top}&student_id={top}")
    assert "not taken yet" in untaken.get_data(as_text=True)
    assert "%</strong>" not in untaken.get_data(as_text=True)
    assert students[0].get(f"/classes/{class_id}/gradebook").status_code in {403, 404}
    assert 'href="/quizzes/grades"' in students[0].get("/quizzes/").get_data(as_text=True)


def test_the_grades_pages_cost_the_same_for_more_students(app: Flask, clock: Clock) -> None:
    teacher, students, class_id = _graded_class(app)
    with app.app_context():
        engine = db.engine
    with counting(engine) as book:
        teacher.get(f"/classes/{class_id}/gradebook")
    with counting(engine) as mine:
        students[0].get("/quizzes/grades")
    more = [signed_in(app, f"t{n}", "student") for n in range(3)]
    code = re.search(
        r"/classes/join/([A-Z0-9]+)", teacher.get(f"/classes/{class_id}/").get_data(as_text=True)
    )
    assert code is not None
    for student in more:
        submit_form(student, "/classes/", "/classes/join", {"code": code.group(1)})
    with counting(engine) as book_later:
        teacher.get(f"/classes/{class_id}/gradebook")
    with counting(engine) as mine_later:
        students[0].get("/quizzes/grades")
    assert len(book_later) == len(book) and len(mine_later) == len(mine) <= 3, mine.sent
