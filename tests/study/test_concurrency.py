"""Several workers answering at once: writers wait for each other instead of failing."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

import pyotp
import pytest
from flask import Flask
from sqlalchemy import Engine, event, func, select

from quizapp.accounts import services as accounts
from quizapp.accounts import twofactor
from quizapp.core import totp
from quizapp.extensions import db
from quizapp.study import answers
from quizapp.study import services as study
from quizapp.study.models import Card, Review
from tests.conftest import Clock

pytestmark = pytest.mark.usefixtures("sample_banks")
T = TypeVar("T")


def at_once(app: Flask, calls: list[Callable[[], T]]) -> tuple[list[T], list[BaseException]]:
    """Run every call in its own thread and app context, all released at the same moment."""
    barrier = threading.Barrier(len(calls))
    results: list[T] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], T]) -> None:
        with app.app_context():
            try:
                barrier.wait()
                results.append(call())
            except BaseException as exc:  # collected and asserted on by the caller
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def _showings(app: Flask, clock: Clock, students: int, tabs: int) -> list[tuple[int, str]]:
    """(student, token) for each tab in which each new student opened the first question."""
    with app.app_context():
        shown = []
        for i in range(students):
            user = accounts.register(f"s{i}", "a long password", "UTC").id
            for _ in range(tabs):
                item = study.next_question(accounts.get_account(user), "sample", clock.now, "k", 20)
                assert isinstance(item, study.Shown) and item.is_new
                shown.append((user, item.token))
        db.session.remove()
    return shown


def _answer(user: int, token: str, clock: Clock) -> Callable[[], tuple[int, answers.Recorded]]:
    return lambda: (user, answers.submit_answer(user, "sample", token, "Roscosmos", clock.now, "k"))


def _counts(app: Flask) -> tuple[int | None, int | None, int | None]:
    with app.app_context():
        reviews = db.session.scalar(select(func.count(Review.id)))
        cards = db.session.scalar(select(func.count(Card.id)))
        return reviews, cards, db.session.scalar(select(func.max(Card.reps)))


def test_simultaneous_answers_are_all_recorded_and_a_double_submit_once(
    app: Flask, clock: Clock
) -> None:
    tokens = _showings(app, clock, students=8, tabs=1)
    # every token is submitted twice at the same moment, as a double click would
    results, errors = at_once(app, [_answer(user, token, clock) for user, token in tokens * 2])
    assert errors == []
    assert len({recorded.review_id for _, recorded in results}) == 8
    assert not any(recorded.already_answered for _, recorded in results)
    assert _counts(app) == (8, 8, 1)


def test_two_showings_of_a_new_question_answered_at_once_record_one(
    app: Flask, clock: Clock
) -> None:
    """Two tabs show the same new question; both answers arrive at the same moment."""
    tabs = _showings(app, clock, students=15, tabs=2)
    results, errors = at_once(app, [_answer(user, token, clock) for user, token in tabs])
    assert errors == []
    answered: dict[int, set[int]] = {}
    for user, recorded in results:
        answered.setdefault(user, set()).add(recorded.review_id)
    assert all(len(ids) == 1 for ids in answered.values())  # both tabs see the same answer
    assert sum(recorded.already_answered for _, recorded in results) == 15
    assert _counts(app) == (15, 15, 1)


def test_two_showings_of_a_seen_question_answered_at_once_record_one(
    app: Flask, clock: Clock
) -> None:
    """A card due again, open in two tabs: the second answer finds the card moved on."""
    first = _showings(app, clock, students=10, tabs=1)
    _, errors = at_once(app, [_answer(user, token, clock) for user, token in first])
    assert errors == []
    clock.advance(minutes=20)  # the first question is due again
    again = []
    with app.app_context():
        for user in sorted({user for user, _ in first}):
            for _ in range(2):
                item = study.next_question(accounts.get_account(user), "sample", clock.now, "k", 20)
                assert isinstance(item, study.Shown) and not item.is_new
                again.append((user, item.token))
        db.session.remove()
    results, errors = at_once(app, [_answer(user, token, clock) for user, token in again])
    assert errors == []
    assert sum(recorded.already_answered for _, recorded in results) == 10
    assert _counts(app) == (20, 10, 2)


@contextmanager
def reads_held_together(engine: Engine, threads: int) -> Iterator[None]:
    """After each SELECT, a thread waits until every thread has read, as on a busy server: a
    check that reads without a lock lets them all through. A thread alone (the others held by
    a lock) goes on after a second."""
    barrier = threading.Barrier(threads, timeout=1)

    def hold(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("SELECT"):
            with suppress(threading.BrokenBarrierError):
                barrier.wait()

    event.listen(engine, "after_cursor_execute", hold)
    try:
        yield
    finally:
        event.remove(engine, "after_cursor_execute", hold)


def test_one_authenticator_code_sent_by_six_log_ins_at_once_signs_in_once(
    app: Flask, clock: Clock
) -> None:
    secret = totp.new_secret()
    with app.app_context():
        user = accounts.register("ada", "a long password", "UTC").id
        twofactor.enable(user, secret, pyotp.TOTP(secret).at(clock.now), clock.now)
        engine = db.engine
        db.session.remove()
    clock.advance(seconds=30)
    code = pyotp.TOTP(secret).at(clock.now)
    with reads_held_together(engine, 6):
        results, errors = at_once(app, [lambda: twofactor.verify(user, code, clock.now)] * 6)
    assert errors == []
    assert sorted(results) == [False] * 5 + [True]
