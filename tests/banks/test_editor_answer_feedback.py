"""Partial credit and per-answer feedback in the question editor: boxes beside each option or
accepted answer (and of their own for true/false and numbers), saved, shown again, kept in step
with the rows, and their problems placed beside the box at fault."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.banks.models import Question
from quizapp.extensions import db
from tests.banks.test_editor_rows import COMMON, _form, _new_bank, _press, _values
from tests.conftest import signed_in

pytestmark = pytest.mark.usefixtures("sample_banks")


@pytest.fixture
def teacher(app: Flask) -> FlaskClient:
    client = signed_in(app, "ms_lee", "teacher")
    _new_bank(client)
    return client


def _spec(app: Flask, key: str) -> dict[str, Any]:
    with app.app_context():
        question = db.session.scalars(select(Question).where(Question.key == key)).one()
        return dict(question.spec)


CHOICE = {
    "key": "rows.capital",
    "prompt": "Capital of France?",
    "options-0": "Paris",
    "options-1": "Lyon",
    "options-2": "Rome",
    "correct": ["0"],
    "credits-0": "",
    "credits-1": "50",
    "credits-2": "",
    "row_feedback-0": "Yes.",
    "row_feedback-1": "A **big** city.",
    "row_feedback-2": "",
    **COMMON,
}


def test_credit_and_feedback_beside_each_option_are_saved_and_shown_again(
    app: Flask, teacher: FlaskClient
) -> None:
    url = "/editor/banks/rows/new/choice"
    page = teacher.get(url).get_data(as_text=True)
    assert 'aria-label="Option 2: credit % if chosen while wrong"' in page
    assert 'aria-label="Option 2: feedback to a student who gives it"' in page
    preview = _press(teacher, url, page, {**CHOICE, "preview": "1"}).get_data(as_text=True)
    assert '<dt>Lyon</dt><dd class="answer-feedback-text"><p>A <strong>big</strong> city.</p>' in (
        preview
    )
    saved = _press(teacher, url, page, {**CHOICE, "save": "1"})
    assert saved.status_code == 303
    spec = _spec(app, "rows.capital")
    assert spec["credit"] == {"Lyon": 0.5}
    assert spec["feedback"] == {"Paris": "Yes.", "Lyon": "A **big** city."}
    edit = _values(teacher.get(saved.location).get_data(as_text=True))
    assert {k: edit[k] for k in CHOICE if k.startswith(("credits", "row_feedback"))} == {
        k: v for k, v in CHOICE.items() if k.startswith(("credits", "row_feedback"))
    }


def test_credit_and_feedback_move_with_their_row(teacher: FlaskClient) -> None:
    url = "/editor/banks/rows/new/choice"
    page = teacher.get(url).get_data(as_text=True)
    moved = _values(
        _press(teacher, url, page, {**CHOICE, "row": "up:options:1"}).get_data(as_text=True)
    )
    assert [moved[f"options-{i}"] for i in range(3)] == ["Lyon", "Paris", "Rome"]
    assert [moved[f"credits-{i}"] for i in range(3)] == ["50", "", ""]
    assert [moved[f"row_feedback-{i}"] for i in range(3)] == ["A **big** city.", "Yes.", ""]
    removed = _values(
        _press(teacher, url, page, {**CHOICE, "row": "remove:options:0"}).get_data(as_text=True)
    )
    assert [removed[f"credits-{i}"] for i in range(2)] == ["50", ""]
    assert "credits-2" not in removed
    added = _values(
        _press(teacher, url, page, {**CHOICE, "row": "add:options"}).get_data(as_text=True)
    )
    assert (added["credits-3"], added["row_feedback-3"]) == ("", "")


@pytest.mark.parametrize(
    ("credit", "message"),
    [
        ("100", "Write a share above 0 and below 100, or leave it empty."),
        ("abc", "Write a share above 0 and below 100, or leave it empty."),
    ],
)
def test_a_wrong_credit_is_told_beside_its_box(
    teacher: FlaskClient, credit: str, message: str
) -> None:
    url = "/editor/banks/rows/new/choice"
    page = teacher.get(url).get_data(as_text=True)
    response = _press(teacher, url, page, {**CHOICE, "credits-1": credit, "save": "1"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'<ul class="errors" id="credits-1-error"><li>{message}</li></ul>' in html
    assert 'aria-describedby="credits-1-error"' in html  # the box names its error


def test_credit_on_a_right_option_is_told_beside_it(teacher: FlaskClient) -> None:
    url = "/editor/banks/rows/new/choice"
    page = teacher.get(url).get_data(as_text=True)
    response = _press(teacher, url, page, {**CHOICE, "credits-0": "50", "save": "1"})
    assert response.status_code == 422
    assert (
        '<ul class="errors" id="credits-0-error"><li>A right option scores in full: leave its'
        " credit empty.</li></ul>"
    ) in response.get_data(as_text=True)


def test_short_answer_feedback_per_answer_and_for_any_other(
    app: Flask, teacher: FlaskClient
) -> None:
    url = "/editor/banks/rows/new/short"
    page = teacher.get(url).get_data(as_text=True)
    assert "Feedback for any other answer (optional)" in page
    typed = {
        "key": "rows.first",
        "prompt": "Who walked first?",
        "answers-0": "Armstrong",
        "row_feedback-0": "Right.",
        "feedback_other": "He commanded Apollo 11.",
        **COMMON,
    }
    assert _press(teacher, url, page, {**typed, "save": "1"}).status_code == 303
    assert _spec(app, "rows.first")["feedback"] == {
        "Armstrong": "Right.",
        "*": "He commanded Apollo 11.",
    }


@pytest.mark.parametrize(
    ("qtype", "typed", "feedback"),
    [
        (
            "truefalse",
            {"truth": "false", "feedback_true": "It is false.", "feedback_false": "Right."},
            {"true": "It is false.", "false": "Right."},
        ),
        (
            "numeric",
            {"number": "3", "feedback_right": "Yes.", "feedback_other": "About 3."},
            {"=": "Yes.", "*": "About 3."},
        ),
    ],
)
def test_truefalse_and_numeric_feedback_boxes(
    app: Flask, teacher: FlaskClient, qtype: str, typed: dict[str, str], feedback: dict[str, str]
) -> None:
    url = f"/editor/banks/rows/new/{qtype}"
    page = teacher.get(url).get_data(as_text=True)
    data = {"key": f"rows.{qtype}", "prompt": "Is it?", **typed, **COMMON}
    saved = _press(teacher, url, page, {**data, "save": "1"})
    assert saved.status_code == 303
    assert _spec(app, f"rows.{qtype}")["feedback"] == feedback
    edit = _form(teacher.get(saved.location).get_data(as_text=True)).values
    assert {k: edit[k] for k in typed if k.startswith("feedback")} == {
        k: v for k, v in typed.items() if k.startswith("feedback")
    }
    too_long = {name: "x" * 2001 for name in typed if name.startswith("feedback")}
    refused = _press(teacher, url, page, {**data, **too_long, "save": "1"})
    assert refused.status_code == 422
