"""No right answer of an open quiz reaches a student before the quiz's setting allows it.

The quiz draws from a bank kept for quizzes only. Every page a student may open (every GET route
that students may call, with every bank, question, attempt, answer and position of both teachers'
worlds in its URL) is requested, and no response may hold a right answer or an explanation of the
quiz's questions; until the quiz closes, and then they do show on the student's result page.
"""

from __future__ import annotations

import itertools
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp.web.access import POLICY, Audience
from tests import world as worlds
from tests.conftest import Clock, csrf_token

pytestmark = pytest.mark.usefixtures("sample_banks")

STUDENT_AUDIENCES = {Audience.ANYONE, Audience.SIGNED_IN}
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def _values(world: worlds.World) -> dict[str, list[str]]:
    """Every object of both worlds, by the name a route gives its argument."""
    sides = (world.a, world.b)
    return {
        "slug": ["sample", *(s.study_slug for s in sides), *(s.quiz_slug for s in sides)],
        "question_id": [str(q) for s in sides for q in (s.study_question, *s.quiz_questions)],
        "review_id": [str(s.review_id) for s in sides],
        "attempt_id": [str(a) for s in sides for a in (s.attempt_id, s.practice_id)],
        "quiz_id": [str(s.quiz_id) for s in sides],
        "class_id": [str(s.class_id) for s in sides],
        "position": ["1", "2", "3"],
        "code": [s.code for s in sides],
        "picture": [s.picture for s in sides],
        "account": [s.student_name for s in sides],
        "token": ["not-a-real-token"],
        "provider": ["school"],
        "game_id": [str(s.game_id) for s in sides],
        "player_id": ["1"],
    }


def _student_pages(app: Flask, world: worlds.World) -> list[str]:
    """Every URL a student may GET, filled with every combination of the worlds' objects."""
    values = _values(world)
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if POLICY[rule.endpoint] not in STUDENT_AUDIENCES:
            continue
        names = ARGUMENT.findall(rule.rule)
        for combination in itertools.product(*(values[name] for name in names)):
            filled = dict(zip(names, combination, strict=True))
            urls.append(ARGUMENT.sub(lambda m, f=filled: f[m.group(1)], rule.rule))  # type: ignore[misc]
    return urls


def _leaks(client: FlaskClient, urls: list[str], secrets: list[str]) -> tuple[list[str], int]:
    found, scanned = [], 0
    for url in urls:
        response = client.get(url)
        body = response.get_data().decode(errors="replace")  # a picture is no text
        scanned += 1
        assert response.status_code < 500, (url, response.status_code)
        found.extend(f"{url}: {secret}" for secret in secrets if secret in body)
    return found, scanned


def _submit(client: FlaskClient, attempt_id: int) -> None:
    review = client.get(f"/attempts/{attempt_id}/").get_data(as_text=True)
    submitted = client.post(
        f"/attempts/{attempt_id}/submit", data={"csrf_token": csrf_token(review)}
    )
    assert submitted.status_code in {302, 303}


def test_no_page_shows_a_student_the_answers_of_an_open_quiz(app: Flask, clock: Clock) -> None:
    world = worlds.build(app, clock.now)
    clients = worlds.clients(app, world)
    urls = _student_pages(app, world)
    secrets = world.a.secrets + world.b.secrets
    scanned = 0
    for relation in ("student of the class", "student of another class", "student in no class"):
        leaks, count = _leaks(clients[relation], urls, secrets)
        assert leaks == [], relation
        scanned += count
    # Submitted, with the quiz still open: the result page keeps the answers back too.
    student = clients["student of the class"]
    _submit(student, world.a.attempt_id)
    leaks, count = _leaks(student, urls, secrets)
    assert leaks == []
    assert (scanned, count) == (3 * len(urls), len(urls))
    # Once the quiz has closed, its result page shows them: the scan does see answers on a page.
    clock.now = world.closes_at + worlds.timedelta(minutes=1)
    result = student.get(f"/attempts/{world.a.attempt_id}/result").get_data(as_text=True)
    assert all(secret in result for secret in world.a.secrets)


def test_a_bank_kept_for_quizzes_is_on_no_student_page(app: Flask, clock: Clock) -> None:
    world = worlds.build(app, clock.now)
    student = worlds.clients(app, world)["student of the class"]
    slug = world.a.quiz_slug
    for page in ("/banks/", "/progress/", "/classes/", "/quizzes/"):
        assert "Exam A" not in student.get(page).get_data(as_text=True), page
    for url in (f"/study/{slug}/", f"/study/{slug}/next", f"/progress/{slug}/"):
        assert student.get(url).status_code == 404, url
    html = student.get("/banks/").get_data(as_text=True)
    started = student.post(f"/study/{slug}/practice", data={"csrf_token": csrf_token(html)})
    assert started.status_code == 404
    for question_id in world.a.quiz_questions:
        assert student.get(f"/progress/questions/{question_id}").status_code == 404
    # The bank the class studies is there, and its question's history opens.
    assert "Study A" in student.get("/banks/").get_data(as_text=True)
    assert student.get(f"/progress/questions/{world.a.study_question}").status_code == 200
