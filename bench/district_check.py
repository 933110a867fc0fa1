"""Checks on a seeded district: the app shows its pages on it, and its cards are what the app's
own scheduler makes of the seeded answers."""

from __future__ import annotations

import math
import time
from collections import defaultdict
from datetime import UTC
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from fsrs import Rating
from harness import production_app
from over_http import Call, InProcess, log_in

from quizapp.core import scheduling
from quizapp.core.grading import grade
from quizapp.core.scheduling import CardState
from quizapp.extensions import db

PAGES = (("heavy", "/progress/"), ("student00001", "/progress/"), ("teacher000", "/"))


def pages(url: str, password: str) -> None:
    """Log in as a student, the heavy student and a teacher, and load a page of each."""
    app = production_app(url)
    for username, path in PAGES:
        browser = InProcess(app)
        log_in(browser, username, password)
        start = time.perf_counter()
        status = browser.send(Call("GET", path)).status
        took = (time.perf_counter() - start) * 1000
        print(f"GET {path:<12} as {username:<14} HTTP {status}  {took:7.1f} ms")
        if status != 200:
            raise SystemExit(f"{path} as {username} answered HTTP {status}")


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _replay(answers: list[Any]) -> tuple[CardState, int]:
    """The card the app's scheduler makes of these answers; and how many `before`s differ."""
    state = scheduling.new_card(answers[0].answered_at)
    wrong_before = 0
    for answer in answers:
        stored = scheduling.state_from_json(answer.before)
        if stored.state != state.state or not _same(stored.stability, state.stability):
            wrong_before += 1
        state = scheduling.review(state, Rating(answer.rating), answer.answered_at)
    return state, wrong_before


def cards(url: str, usernames: tuple[str, ...] = ("heavy", "student00001")) -> None:
    """Replay the answers of a few students through quizapp.core.scheduling.review."""
    app = production_app(url)
    with app.app_context():
        rows = db.session.execute(
            sa.text(
                "SELECT r.user_id, r.question_id, r.rating, r.answered_at, r.before, r.response, "
                "r.score, r.correct, q.type, q.spec FROM review r "
                'JOIN "user" u ON u.id = r.user_id JOIN question q ON q.id = r.question_id '
                "WHERE u.username IN :names ORDER BY r.id"
            ).bindparams(sa.bindparam("names", expanding=True)),
            {"names": list(usernames)},
        ).all()
        stored = {
            (row.user_id, row.question_id): row
            for row in db.session.execute(
                sa.text(
                    'SELECT c.* FROM card c JOIN "user" u ON u.id = c.user_id '
                    "WHERE u.username IN :names"
                ).bindparams(sa.bindparam("names", expanding=True)),
                {"names": list(usernames)},
            )
        }
    _regrade(rows)
    _compare(rows, stored)


def _regrade(rows: list[Any]) -> None:
    """Each seeded answer graded again by the app's graders: the same score and verdict, and a
    flashcard's rating is the response the student gave."""
    differ = 0
    for row in rows:
        result = grade(row.type, row.spec, row.response)
        rated = row.type != "flashcard" or row.response == str(row.rating)
        differ += not (rated and result.score == row.score and result.correct == row.correct)
    print(f"graded again: {len(rows) - differ:,} answers as stored, {differ} not")
    if differ:
        raise SystemExit("seeded answers are not graded as the app grades them")


def _aware(row: Any) -> SimpleNamespace:
    fields = row._asdict()
    return SimpleNamespace(**{**fields, "answered_at": fields["answered_at"].replace(tzinfo=UTC)})


def _compare(rows: list[Any], stored: dict[tuple[int, int], Any]) -> None:
    by_card: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for row in rows:
        by_card[(row.user_id, row.question_id)].append(_aware(row))
    same = differ = befores = 0
    for key, answers in by_card.items():
        state, wrong_before = _replay(answers)
        befores += wrong_before
        card = stored[key]
        due = card.due.replace(tzinfo=state.due.tzinfo)
        ok = (
            card.state == state.state
            and card.step == state.step
            and _same(card.stability, state.stability)
            and _same(card.difficulty, state.difficulty)
            and abs((due - state.due).total_seconds()) < 0.001
            and card.reps == len(answers)
        )
        same, differ = same + ok, differ + (not ok)
    print(
        f"FSRS replay of {len(rows):,} answers: {same} cards as the app's scheduler makes them, "
        f"{differ} not; {befores} stored card states before an answer differ"
    )
    if differ or befores:
        raise SystemExit("seeded cards differ from what the app's scheduler makes of the answers")


def check(url: str, password: str) -> None:
    pages(url, password)
    cards(url)
