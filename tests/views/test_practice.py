"""Practice quizzes: "Quiz me" on a bank, each answer a review of the study schedule, a score at
the end, and the attempts on the bank's progress page."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import AttemptItem, Card, Review
from tests.conftest import Auth, csrf_token
from tests.views.sample_answers import VALID, form_of, question_type

pytestmark = pytest.mark.usefixtures("sample_banks")


def _student(client: FlaskClient) -> FlaskClient:
    assert Auth(client).register("ada").status_code == 302
    return client


def _start(client: FlaskClient, **fields: str | list[str]) -> str:
    overview = client.get("/study/sample/").get_data(as_text=True)
    assert "Quiz me" in overview
    started = client.post(
        "/study/sample/practice", data={"csrf_token": csrf_token(overview), **fields}
    )
    assert started.status_code == 303
    return str(started.location)


def _answer(client: FlaskClient, url: str):  # type: ignore[no-untyped-def]
    html = client.get(url).get_data(as_text=True)
    qtype = question_type(html)
    assert qtype and qtype != "flashcard", html[:500]
    return client.post(url, data={**form_of(html), **VALID[qtype]})


def test_a_practice_quiz_scores_and_feeds_the_study_schedule(
    client: FlaskClient, app: Flask
) -> None:
    _student(client)
    url = _start(client, size="5")
    for position in range(1, 6):
        here = re.sub(r"/\d+$", f"/{position}", url)
        posted = _answer(client, here)
        assert posted.status_code == 303 and posted.location.endswith(f"/{position}")
        feedback = client.get(posted.location).get_data(as_text=True)
        assert "✓ Right" in feedback
        assert ("See your score" if position == 5 else f"Question {position + 1} of 5") in feedback
    with app.app_context():
        assert db.session.scalar(select(func.count(Review.id))) == 5
        assert db.session.scalar(select(func.count(Card.id))) == 5
        assert db.session.scalar(select(func.count(AttemptItem.review_id))) == 5
    result = client.get(url.rsplit("/", 1)[0] + "/").get_data(as_text=True)
    assert "Score: <strong>100.0%</strong>" in result
    progress = client.get("/progress/sample/").get_data(as_text=True)
    assert "Practice quizzes" in progress and "5 questions" in progress and "100.0%" in progress


def test_an_answer_sent_twice_is_recorded_once(client: FlaskClient, app: Flask) -> None:
    _student(client)
    url = _start(client, size="5")
    html = client.get(url).get_data(as_text=True)
    data = {**form_of(html), **VALID[str(question_type(html))]}
    assert client.post(url, data=data).status_code == 303
    assert client.post(url, data=data).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(Review.id))) == 1


def test_a_topic_filter_and_another_students_quiz(client: FlaskClient, app: Flask) -> None:
    _student(client)
    url = _start(client, size="0", tags=["signing"])
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(AttemptItem))
    assert count == 5  # the sample bank's quiz questions tagged "signing"
    other = app.test_client()
    Auth(other).register("bea")
    assert other.get(url).status_code == 404
