"""The CSV downloads open in a spreadsheet as plain text: no cell, header included, is a formula."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.accounts.models import User
from quizapp.banks import editor
from quizapp.banks.models import Bank, Question
from quizapp.classes import services as classes
from quizapp.extensions import db
from quizapp.homework import services as homework
from quizapp.quizzes import services as quizzes
from tests.conftest import Clock, signed_in

pytestmark = pytest.mark.usefixtures("sample_banks")
PASSWORD = "correct horse battery"
# What a spreadsheet runs as a formula when a cell starts with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TITLES = ['=HYPERLINK("http://evil.example/","grades")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
NAMES = ['=HYPERLINK("http://evil.example/")', "+2+2", "-3+3", "@MAX(A1)", "\t=2", "\r=2"]


def _class_of_hostile_students(app: Flask, clock: Clock) -> tuple[int, int]:
    """(teacher, class) with one student for each hostile name; the teacher is ms_lee."""
    with app.app_context():
        teacher = db.session.scalars(select(User.id).where(User.username == "ms_lee")).one()
        class_id = classes.create_class(teacher, "Year 9", "", clock.now)
        code = classes.class_detail(teacher, class_id).join_code
        for name in NAMES:
            classes.join(accounts.register(name, PASSWORD, "UTC").id, code, clock.now)
        db.session.remove()
    return teacher, class_id


def _cells(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert len(rows) == 1 + len(NAMES)  # the header and one row a student
    return [cell for row in rows for cell in row]


def _assert_all_plain(cells: list[str], expected: list[str]) -> None:
    assert [c for c in cells if c.startswith(FORMULA_STARTS)] == []
    assert [c for c in expected if c not in cells] == []  # the hostile text is there, quoted


def test_the_gradebook_csv_has_no_formula_in_any_cell(app: Flask, clock: Clock) -> None:
    client = signed_in(app, "ms_lee", "teacher")
    teacher, class_id = _class_of_hostile_students(app, clock)
    with app.app_context():
        question = db.session.scalars(select(Question.id).where(Question.key == "sample.short"))
        pick = [question.one()]
        for title in TITLES:
            settings = quizzes.QuizSettings(title, pick, studied_ok=True)
            quizzes.create_quiz(teacher, class_id, settings, clock.now)
        db.session.remove()
    text = client.get(f"/classes/{class_id}/gradebook.csv").get_data(as_text=True)
    titles = [f"'{title} (%)" for title in TITLES]
    _assert_all_plain(_cells(text), titles + [f"'{name}" for name in NAMES])


def test_the_roster_csv_has_no_formula_in_any_cell(app: Flask, clock: Clock) -> None:
    client = signed_in(app, "ms_lee", "teacher")
    with app.app_context():
        admin = accounts.register("root", PASSWORD, "UTC", role="admin").id
        editor.update_bank(admin, "sample", editor.BankSettings(TITLES[0], ""), clock.now)
        db.session.remove()
    _, class_id = _class_of_hostile_students(app, clock)
    text = client.get(f"/classes/{class_id}/roster.csv").get_data(as_text=True)
    parts = ("seen", "mastered", "due now", "overdue")
    bank_columns = [f"'{TITLES[0]}: {part}" for part in parts]
    _assert_all_plain(_cells(text), bank_columns + [f"'{name}" for name in NAMES])


def test_the_homework_csv_has_no_formula_in_any_cell(app: Flask, clock: Clock) -> None:
    client = signed_in(app, "ms_lee", "teacher")
    teacher, class_id = _class_of_hostile_students(app, clock)
    with app.app_context():
        bank = db.session.scalars(select(Bank.id).where(Bank.slug == "sample")).one()
        due = clock.now.replace(tzinfo=None) + timedelta(days=3)
        settings = homework.HomeworkSettings(TITLES[0], bank, "studied", due, None, [])
        homework_id = homework.create_homework(teacher, class_id, settings, clock.now)
        db.session.remove()
    text = client.get(f"/homework/{homework_id}/students.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert len(rows) > len(NAMES)  # the homework's lines, the header and one row a student
    cells = [cell for row in rows for cell in row]
    _assert_all_plain(cells, [f"'{TITLES[0]}", *(f"'{name}" for name in NAMES)])
