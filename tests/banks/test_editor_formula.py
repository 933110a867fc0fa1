"""A short question whose answers are formulas, made in the editor: the box to tick, the checks
on the accepted answers, the preview's note to students, and the flag kept in the bank file."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.conftest import signed_in, submit_form

pytestmark = pytest.mark.usefixtures("sample_banks")

HALF = {
    "prompt": r"What is half of \(x\)?",
    "answers-0": r"\frac{x}{2}",
    "explanation": "",
    "topics": "algebra",
    "difficulty": "easy",
    "cite": "nbc-lunar#5",
}
NOTE = "Type a formula, such as"


def test_a_teacher_marks_the_answers_as_formulas_and_the_flag_is_kept(app: Flask) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    made = submit_form(teacher, "/editor/", "/editor/", {"title": "Algebra", "description": ""})
    assert made.status_code == 303
    new = "/editor/banks/algebra/new/short"
    blank = teacher.get(new).get_data(as_text=True)
    assert re.search(r'<input [^>]*id="formula"', blank) and "The answers are formulas" in blank
    assert not re.search(r'<input [^>]*\bchecked id="formula"', blank)
    assert NOTE not in submit_form(teacher, new, new, {**HALF, "preview": "1"}).get_data(
        as_text=True
    )  # not a formula question: no note for students
    preview = submit_form(teacher, new, new, {**HALF, "formula": "y", "preview": "1"})
    assert NOTE in preview.get_data(as_text=True)

    saved = submit_form(teacher, new, new, {**HALF, "formula": "y", "save": "1"})
    assert saved.status_code == 303
    edit = teacher.get(saved.location).get_data(as_text=True)
    assert re.search(r'<input [^>]*\bchecked id="formula"', edit)
    exported = teacher.get("/editor/banks/algebra/export.toml").get_data(as_text=True)
    assert "formula = true\n" in exported


def test_an_accepted_answer_that_is_no_formula_is_refused(app: Flask) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    submit_form(teacher, "/editor/", "/editor/", {"title": "Algebra", "description": ""})
    new = "/editor/banks/algebra/new/short"
    bad = {**HALF, "answers-1": "x = 2", "formula": "y", "save": "1"}
    response = submit_form(teacher, new, new, bad)
    assert response.status_code == 422
    assert "cannot be read as a formula" in response.get_data(as_text=True)
    # Without the box ticked the same answers are words, and fine.
    plain = submit_form(teacher, new, new, {**bad, "formula": ""})
    assert plain.status_code == 303
