"""A quiz save ("Save and next") through the pages: only the attempt's owner saves, the flag is
kept with or without an answer, a resent save leaves one answer, a save after the time is up
submits what was saved, and a save sent without its page starts that question's own time."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.quizzes.models import Attempt, AttemptItem
from tests.conftest import Clock, csrf_token, signed_in
from tests.quizzes.test_quizzes import _class, _new_quiz, _question_ids, _quiz_id, _start

pytestmark = pytest.mark.usefixtures("sample_banks")
QUESTIONS = ("sample.short", "sample.numeric")


def _items(app: Flask) -> list[tuple[object, bool, bool]]:
    """(response, flagged, answered) of every item, in order."""
    with app.app_context():
        items = db.session.scalars(select(AttemptItem).order_by(AttemptItem.position)).all()
        return [(i.response, i.flagged, i.answered_at is not None) for i in items]


def _taking(app: Flask, **settings: str) -> tuple[FlaskClient, str, str]:
    """(sam, his first question's address, a CSRF token): sam started a quiz of two questions."""
    teacher = signed_in(app, "ms_lee", "teacher")
    sam = signed_in(app, "sam", "student")
    class_id = _class(teacher, sam)
    _new_quiz(teacher, class_id, _question_ids(app, *QUESTIONS), shuffle_questions="", **settings)
    first = _start(sam, _quiz_id(app))
    return sam, first, csrf_token(sam.get(first).get_data(as_text=True))


def test_a_save_to_another_students_attempt_is_not_found_and_changes_nothing(
    app: Flask, clock: Clock
) -> None:
    teacher = signed_in(app, "ms_lee", "teacher")
    sam, kim = signed_in(app, "sam", "student"), signed_in(app, "kim", "student")
    class_id = _class(teacher, sam, kim)  # kim is in the class too: only the owner may save
    _new_quiz(teacher, class_id, _question_ids(app, *QUESTIONS), shuffle_questions="")
    first = _start(sam, _quiz_id(app))
    token = csrf_token(kim.get("/quizzes/").get_data(as_text=True))
    forged = kim.post(first, data={"csrf_token": token, "answer": "Gagarin", "flagged": "y"})
    assert forged.status_code == 404
    assert _items(app) == [(None, False, False), (None, False, False)]


def test_the_flag_is_kept_with_or_without_an_answer_and_a_resent_save_leaves_one_answer(
    app: Flask, clock: Clock
) -> None:
    sam, first, token = _taking(app)
    flagged = sam.post(first, data={"csrf_token": token, "flagged": "y", "go": "2"})
    assert flagged.status_code == 303 and flagged.location.endswith("/2")
    assert _items(app) == [(None, True, False), (None, False, False)]
    answer = {"csrf_token": token, "answer": "Rogozin", "go": "2"}
    for _ in range(2):  # sent again, as a browser may after a lost reply
        assert sam.post(first, data=answer).status_code == 303
    assert _items(app) == [("Rogozin", False, True), (None, False, False)]


def test_a_save_after_the_time_is_up_submits_what_was_saved_without_it(
    app: Flask, clock: Clock
) -> None:
    sam, first, token = _taking(app, time_limit="5")
    sam.post(first, data={"csrf_token": token, "answer": "Rogozin", "go": "2"})
    clock.advance(minutes=5, seconds=32)  # past the grace
    late = sam.post(first[:-1] + "2", data={"csrf_token": token, "answer": "2011"})
    assert late.status_code == 303 and late.location.endswith("/result")
    result = sam.get(late.location).get_data(as_text=True)
    assert "Time is up" in result and "Score: <strong>50.0%</strong>" in result
    assert _items(app) == [("Rogozin", False, True), (None, False, False)]
    with app.app_context():
        assert db.session.scalars(select(Attempt.submitted_at)).one() is not None


def test_a_save_sent_without_its_page_starts_that_questions_own_time(
    app: Flask, clock: Clock
) -> None:
    sam, first, token = _taking(app, question_time="60")
    second = first[:-1] + "2"  # its page never loaded
    assert sam.post(second, data={"csrf_token": token, "answer": "2011"}).status_code == 303
    clock.advance(seconds=91)  # its 60 s and the 30 s grace are spent
    late = sam.post(second, data={"csrf_token": token, "answer": "1961"})
    assert "Time for question 2 was up" in sam.get(late.location).get_data(as_text=True)
    assert _items(app)[1] == ("2011", False, True)
