"""'I was right': a wrong typed answer regraded by its student, and its card rescheduled."""

from __future__ import annotations

import pytest
from fsrs import Rating
from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.extensions import db
from quizapp.study import figures as progress
from quizapp.study import overrides
from quizapp.study import services as study
from quizapp.study.answers import submit_answer
from quizapp.study.models import Card, Review
from tests.conftest import Clock

pytestmark = pytest.mark.usefixtures("sample_banks")
# The first three sample questions: a choice, a true/false, then the short answer.
FIRST_TWO = ("Roscosmos", "true")


@pytest.fixture
def student(ctx: None) -> int:
    return accounts.register("sam", "a long password", "UTC").id


def _answer(user: int, clock: Clock, response: str) -> int:
    shown = study.next_question(accounts.get_account(user), "sample", clock.now, "k", 20)
    assert isinstance(shown, study.Shown)
    return submit_answer(user, "sample", shown.token, response, clock.now, "k").review_id


def _short_answered_wrong(user: int, clock: Clock) -> int:
    for response in FIRST_TWO:
        _answer(user, clock, response)
    return _answer(user, clock, "the head of the agency")


def test_a_claimed_answer_counts_as_right_and_hard(student: int, clock: Clock) -> None:
    review_id = _short_answered_wrong(student, clock)
    before = db.session.get_one(Review, review_id).due_after
    db.session.remove()
    clock.advance(minutes=2)
    overrides.claim_right(student, "sample", review_id, clock.now)
    review = db.session.get_one(Review, review_id)
    card = db.session.scalar(select(Card).where(Card.question_id == review.question_id))
    assert (review.correct, review.score, review.rating) == (True, 1.0, int(Rating.Hard))
    assert review.overridden_at == clock.now
    assert card is not None and card.due == review.due_after > before
    assert (card.score_sum, card.lapses, card.last_wrong_review_id) == (1.0, 0, None)
    stats = progress.bank_stats(student, "UTC", "sample", clock.now)
    assert (stats.accuracy, stats.streak) == (100.0, 3)


def test_only_the_latest_wrong_typed_answer_can_be_claimed(student: int, clock: Clock) -> None:
    choice = _answer(student, clock, "NASA")  # a choice: nothing to claim
    with pytest.raises(overrides.CannotOverride, match="typed"):
        overrides.claim_right(student, "sample", choice, clock.now)
    _answer(student, clock, "true")
    wrong = _answer(student, clock, "the head of the agency")
    overrides.claim_right(student, "sample", wrong, clock.now)
    with pytest.raises(overrides.CannotOverride, match="already counts"):
        overrides.claim_right(student, "sample", wrong, clock.now)


def test_another_students_answer_cannot_be_claimed(student: int, clock: Clock) -> None:
    review_id = _short_answered_wrong(student, clock)
    other = accounts.register("kim", "another long password", "UTC").id
    with pytest.raises(overrides.NotFound):
        overrides.claim_right(other, "sample", review_id, clock.now)
