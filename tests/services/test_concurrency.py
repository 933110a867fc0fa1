"""Several workers answering at once: writers wait for each other instead of failing."""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Card, Review
from quizapp.services import accounts, study
from tests.conftest import Clock

pytestmark = pytest.mark.usefixtures("sample_banks")
WORKERS = 8


def test_simultaneous_answers_are_all_recorded_and_a_double_submit_once(
    app: Flask, clock: Clock
) -> None:
    with app.app_context():
        users = [accounts.register(f"s{i}", "a long password", "UTC").id for i in range(WORKERS)]
        tokens = []
        for user in users:
            shown = study.next_question(user, "sample", clock.now, "k", 20)
            assert isinstance(shown, study.Shown)
            tokens.append((user, shown.token))
        db.session.remove()
    barrier = threading.Barrier(WORKERS * 2)
    errors: list[BaseException] = []

    def answer(user: int, token: str) -> None:
        with app.app_context():
            try:
                barrier.wait()
                study.submit_answer(user, token, "Roscosmos", clock.now, "k")
            except BaseException as exc:  # collected and asserted on below
                errors.append(exc)
            finally:
                db.session.remove()

    # every token is submitted twice at the same moment, as a double click would
    threads = [threading.Thread(target=answer, args=pair) for pair in tokens + tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert db.session.scalar(select(func.count(Review.id))) == WORKERS
        assert db.session.scalar(select(func.count(Card.id))) == WORKERS
