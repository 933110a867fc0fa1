"""A regrade through the pages: the teacher is asked (not refused), may keep past grades after a
Preview as after Save, and the student sees the old grade and the versions on both pages."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from quizapp.banks.models import Question
from quizapp.extensions import db
from quizapp.study.models import Review
from tests.conftest import csrf_token, signed_in
from tests.study.sample_answers import answer, reach

pytestmark = pytest.mark.usefixtures("sample_banks")

# The sample short question with "Gagarin" now accepted: the student's past answer would change.
FIXED = {
    "prompt": "Who headed Roscosmos and signed for it?",
    "answers-0": "Dmitry Rogozin",
    "answers-1": "Rogozin",
    "answers-2": "Gagarin",
    "explanation": "Dmitry Rogozin led Roscosmos.",
    "topics": "signing",
    "difficulty": "easy",
    "cite": "silkroad-moon#5",
}
ASKS = "This change alters past grades"


def _missed(app: Flask) -> tuple[FlaskClient, str, int]:
    """A student who answered the short question wrongly; the editor's URL; the answer's id."""
    student = signed_in(app, "ada", "student")
    html = reach(student, "short")
    assert answer(student, html, answer="Gagarin").status_code == 303
    with app.app_context():
        question_id = db.session.scalars(select(Question.id).where(Question.type == "short")).one()
        review_id = db.session.scalars(select(Review.id).order_by(Review.id.desc())).first()
    assert review_id is not None
    return student, f"/editor/banks/sample/questions/{question_id}", review_id


def _post(client: FlaskClient, url: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={**FIXED, **data, "csrf_token": csrf_token(page)})


def test_save_asks_with_a_200_and_preview_offers_save_without_regrading(app: Flask) -> None:
    student, url, review_id = _missed(app)
    admin = signed_in(app, "root", "admin")
    asked = _post(admin, url, {"save": "1"})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and ASKS in page
    assert 'name="save" value="1">Save without regrading<' in page
    previewed = _post(admin, url, {"preview": "1"})
    page = previewed.get_data(as_text=True)
    assert previewed.status_code == 200 and ASKS in page
    assert 'name="save" value="1">Save without regrading<' in page
    assert 'name="decision" value="keep"' in page
    # The button as the browser sends it after the Preview: saved, the past grade kept.
    kept = _post(admin, url, {"save": "1", "decision": "keep"})
    assert kept.status_code == 303
    feedback = student.get(f"/study/sample/answers/{review_id}").get_data(as_text=True)
    assert "✗ Not quite" in feedback and "Regraded" not in feedback


def test_a_regraded_answer_says_so_on_the_feedback_and_history_pages(app: Flask) -> None:
    student, url, review_id = _missed(app)
    admin = signed_in(app, "root", "admin")
    assert _post(admin, url, {"save_regrade": "1"}).status_code == 303
    said = (
        "first marked <strong>✗ Wrong</strong> against version 1 of the question, the version "
        "you were asked; graded again against version 2, as the teacher corrected it."
    )
    feedback = student.get(f"/study/sample/answers/{review_id}").get_data(as_text=True)
    assert "✓ Right" in feedback and said in feedback
    question_id = url.rsplit("/", 1)[1]
    history = student.get(f"/progress/questions/{question_id}").get_data(as_text=True)
    assert len(re.findall("data-regraded", history)) == 1 and said in history
