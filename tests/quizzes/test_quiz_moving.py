"""Moving about a quiz never loses an answer, and submitting with questions open is asked first."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.quizzes.models import Attempt
from tests.conftest import Clock, csrf_token, signed_in
from tests.quizzes.test_quizzes import _answer, _class, _new_quiz, _question_ids, _quiz_id, _start

pytestmark = pytest.mark.usefixtures("sample_banks")


@pytest.fixture
def started(app: Flask, clock: Clock) -> tuple[FlaskClient, str]:
    teacher = signed_in(app, "ms_lee", "teacher")
    sam = signed_in(app, "sam", "student")
    class_id = _class(teacher, sam)
    ids = _question_ids(app, "sample.short", "sample.numeric")
    assert _new_quiz(teacher, class_id, ids, shuffle_questions="").status_code == 303
    return sam, _start(sam, _quiz_id(app))


def test_every_number_of_the_navigator_saves_the_answer_before_moving(
    started: tuple[FlaskClient, str],
) -> None:
    sam, first = started
    html = sam.get(first).get_data(as_text=True)
    assert 'id="answer-form"' in html
    # Without JavaScript a link would leave the typed answer behind: each number submits the form.
    numbers = re.findall(r'<button type="submit" form="answer-form" name="go" value="(\w+)"', html)
    assert numbers == ["1", "2", "review"]
    assert 'href="' + first.rsplit("/", 1)[0] not in html.split("quiz-nav", 1)[1].split("</nav>")[0]
    moved = _answer(sam, first, {"answer": "Rogozin", "go": "2"})
    assert moved.status_code == 303 and moved.location.endswith("/2")
    assert 'value="Rogozin"' in sam.get(first).get_data(as_text=True)


def _submit(sam: FlaskClient, base: str, **fields: str):  # type: ignore[no-untyped-def]
    review = sam.get(base + "/").get_data(as_text=True)
    return sam.post(base + "/submit", data={"csrf_token": csrf_token(review), **fields})


def _submitted(app: Flask) -> bool:
    with app.app_context():
        return db.session.scalars(select(Attempt.submitted_at)).one() is not None


def test_submitting_with_open_questions_is_asked_first(
    app: Flask, started: tuple[FlaskClient, str]
) -> None:
    sam, first = started
    base = first.rsplit("/", 1)[0]
    _answer(sam, first, {"answer": "Rogozin", "go": "review"})
    review = sam.get(base + "/").get_data(as_text=True)
    assert "Submit with 1 question not answered" in review
    refused = _submit(sam, base, asked="1")
    assert refused.status_code == 422
    assert "tick this box to submit without them" in refused.get_data(as_text=True)
    assert not _submitted(app)
    assert _submit(sam, base, asked="1", leave_open="y").status_code == 303
    assert _submitted(app)


def test_with_every_question_answered_nothing_is_asked(
    app: Flask, started: tuple[FlaskClient, str]
) -> None:
    sam, first = started
    base = first.rsplit("/", 1)[0]
    _answer(sam, first, {"answer": "Rogozin", "go": "2"})
    _answer(sam, base + "/2", {"answer": "2021", "go": "review"})
    review = sam.get(base + "/").get_data(as_text=True)
    assert "not answered" not in review and 'name="asked"' not in review
    assert _submit(sam, base).status_code == 303
    assert _submitted(app)


def test_the_class_quizzes_page_names_the_class_in_its_breadcrumb(app: Flask) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    class_id = _class(teacher)
    html = teacher.get(f"/classes/{class_id}/quizzes/").get_data(as_text=True)
    assert f'<a href="/classes/{class_id}/">Year 9</a></p>' in html


def test_the_question_picker_hides_a_cloze_question_s_answers(app: Flask) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    class_id = _class(teacher)
    html = teacher.get(f"/classes/{class_id}/quizzes/new").get_data(as_text=True)
    assert "The memorandum was signed for China by _____ of the _____." in html
    assert "Zhang Kejian" not in html and "{{" not in html
