"""Practice quizzes: "Quiz me" on a bank, each answer a review of the study schedule, a score at
the end, and the attempts on the bank's progress page."""

from __future__ import annotations

import itertools
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from quizapp.banks.models import Bank
from quizapp.extensions import db
from quizapp.quizzes.models import AttemptItem
from quizapp.study.models import Card, Review
from tests.conftest import Auth, csrf_token
from tests.study.sample_answers import VALID, form_of, question_type

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


WRONG = {"choice": {"answer": "NASA"}, "truefalse": {"answer": "false"}}
EVENTS = [
    "The U.S. bars NASA from working with China",
    "Russia and China sign a space cooperation programme",
    "The lunar station memorandum is signed",
]


def _right(html: str, qtype: str) -> dict[str, str | list[str]]:
    if qtype != "ordering":
        return VALID[qtype]
    shown = re.findall(r'<label for="parts-\d+">([^<]*)</label>', html)  # shuffled
    return {f"parts-{i}": str(EVENTS.index(item) + 1) for i, item in enumerate(shown)}


def _take(client: FlaskClient, url: str, wrong: set[str]) -> list[str]:
    """Answer every question of the practice quiz at `url`, those of the `wrong` types wrongly;
    the types in the order asked."""
    asked = []
    for position in itertools.count(1):
        here = re.sub(r"/\d+$", f"/{position}", url)
        html = client.get(here).get_data(as_text=True)
        qtype = question_type(html)
        if qtype is None:
            return asked
        asked.append(qtype)
        answer = WRONG[qtype] if qtype in wrong else _right(html, qtype)
        assert client.post(here, data={**form_of(html), **answer}).status_code == 303
    return asked


def test_the_result_shows_each_answer_beside_the_right_one_and_retries_the_missed(
    client: FlaskClient, app: Flask
) -> None:
    _student(client)
    url = _start(client, size="0")
    asked = _take(client, url, wrong={"choice", "truefalse"})
    result_url = url.rsplit("/", 1)[0] + "/"
    page = client.get(result_url).get_data(as_text=True)
    lines = re.findall(
        r'<li class="card (is-\w+)" data-position="(\d+)">.*?<strong>([^<]+)</strong>.*?'
        r'data-answer="yours">([^<]*)</dd>.*?data-answer="correct">([^<]*)</dd>',
        page,
        re.DOTALL,
    )
    assert len(lines) == len(asked) == 8
    by_type = dict(zip(asked, lines, strict=True))
    assert by_type["choice"] == ("is-wrong", str(asked.index("choice") + 1), "✗ Not quite",
                                 "NASA", "Roscosmos")  # fmt: skip
    assert by_type["truefalse"][2:] == ("✗ Not quite", "False", "True")
    assert by_type["numeric"][2:] == ("✓ Right", "2011", "2011")
    assert {t for t, line in by_type.items() if line[2] != "✓ Right"} == {"choice", "truefalse"}
    assert "Retry the 2 I missed" in page
    assert client.post(url.rsplit("/", 1)[0] + "/retry").status_code == 400  # no CSRF token
    again = client.post(url.rsplit("/", 1)[0] + "/retry", data={"csrf_token": csrf_token(page)})
    assert again.status_code == 303
    # Only the two missed, in the order they were first asked.
    missed = [t for t in asked if t in {"choice", "truefalse"}]
    assert _take(client, again.location, wrong=set()) == missed
    retried = client.get(again.location.rsplit("/", 1)[0] + "/").get_data(as_text=True)
    assert "Score: <strong>100.0%</strong>" in retried
    assert "I missed" not in retried and "/retry" not in retried  # nothing left to retry
    posted = client.post(
        again.location.rsplit("/", 1)[0] + "/retry", data={"csrf_token": csrf_token(retried)}
    )
    assert posted.status_code == 404


def test_a_bank_since_kept_for_quizzes_shows_no_practice_answers(
    client: FlaskClient, app: Flask
) -> None:
    _student(client)
    url = _start(client, size="5")
    _take(client, url, wrong={"choice", "truefalse"})
    result_url = url.rsplit("/", 1)[0] + "/"
    page = client.get(result_url).get_data(as_text=True)
    assert 'data-answer="correct"' in page
    with app.app_context():
        db.session.execute(update(Bank).where(Bank.slug == "sample").values(quiz_only=True))
        db.session.commit()
    hidden = client.get(result_url)
    assert hidden.status_code == 404 and 'data-answer="correct"' not in hidden.get_data(True)
    retry = client.post(url.rsplit("/", 1)[0] + "/retry", data={"csrf_token": csrf_token(page)})
    assert retry.status_code == 404
