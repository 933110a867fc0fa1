"""Answering a showing: checked against what was shown, graded and recorded once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fsrs import Rating
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from quizapp.banks.models import Bank, Question
from quizapp.core import answer_token, scheduling
from quizapp.core.grading import SELF_GRADED, Grade, Response, grade
from quizapp.database import tx
from quizapp.database.sql import run
from quizapp.errors import NotFound, QuestionRetired
from quizapp.extensions import db
from quizapp.scheduling.services import RETENTION, TUNED
from quizapp.study.figures import VISIBLE, require_visible
from quizapp.study.models import Card, Review
from quizapp.study.services import (
    CARD_COLUMNS,
    MY_CARD,
    QUESTION_COLUMNS,
    BankInfo,
    Shown,
    card_state,
    show,
)


@dataclass(frozen=True)
class Recorded:
    """The answer that counts for a showing; `already_answered` when another showing took it."""

    review_id: int
    already_answered: bool = False


@dataclass(frozen=True)
class Refused:
    """The answer did not fit the question shown; nothing was recorded."""

    shown: Shown


# What `accept` gets: the question as it was shown. It returns the response to grade, or None
# when the submitted form does not fit it (the caller keeps the errors to show next to the fields).
Accept = Callable[[Shown], Response | None]

# The question, its bank, the student's card and any answer already recorded with this token,
# read in one statement inside the write transaction.
_LOAD = (
    select(
        *QUESTION_COLUMNS,
        Question.retired_at,
        Question.version_id,
        Bank.slug,
        Bank.title,
        Card.id.label("card_id"),
        Card.reps,
        Card.lapses,
        *CARD_COLUMNS,
        select(Review.id)
        .where(Review.token == bindparam("nonce"))
        .correlate(None)
        .scalar_subquery()
        .label("own_review"),
        TUNED,
        RETENTION,
    )
    .join(Bank, Bank.id == Question.bank_id)
    .outerjoin(Card, MY_CARD)
    .where(Question.id == bindparam("question_id"), VISIBLE)
)
_INSERT_REVIEW = insert(Review).returning(Review.id)
_INSERT_CARD = insert(Card)
# Every answer adds one to reps, and the UPDATE checks the value it read: of two answers to the
# same card state at the same moment, the second finds its card changed and records nothing.
_UPDATE_CARD = (
    update(Card)
    .where(Card.id == bindparam("card_id"), Card.reps == bindparam("read_reps"))
    .values(
        state=bindparam("state"),
        step=bindparam("step"),
        stability=bindparam("stability"),
        difficulty=bindparam("difficulty"),
        due=bindparam("due"),
        last_review=bindparam("last_review"),
        reps=Card.reps + 1,
        lapses=Card.lapses + bindparam("lapse"),
        score_sum=Card.score_sum + bindparam("score"),
        last_wrong_review_id=func.coalesce(bindparam("wrong_review_id"), Card.last_wrong_review_id),
    )
)


class CardChanged(Exception):
    """Another answer to the same card state was recorded first."""


def _superseded(claims: answer_token.TokenClaims) -> Recorded:
    """The answer of another showing of the same card state, which was answered first.

    Only one showing of a card may be answered, so reloading a question six times and answering
    each copy records one review; the others see the answer that counted.
    """
    answered = select(Review.id).where(
        Review.user_id == claims.user_id, Review.question_id == claims.question_id
    )
    session = db.session
    nth = answered.order_by(Review.id).offset(claims.reps).limit(1)
    review_id = session.scalar(nth) or session.scalar(answered.order_by(Review.id.desc()))
    assert review_id is not None  # a card exists only with its first answer
    return Recorded(review_id, already_answered=True)


def _grade(row: Any, response: Response) -> tuple[Grade, Rating]:
    result = grade(row.type, row.spec, response)
    if row.type in SELF_GRADED:
        return result, Rating(int(response) if response in {"1", "2", "3", "4"} else 1)
    return result, scheduling.rating_for(result)


def _record(
    claims: answer_token.TokenClaims, row: Any, response: Response, now: datetime
) -> Recorded:
    result, rating = _grade(row, response)
    before = card_state(row, now)
    after = scheduling.review(before, rating, now, row.tuned, row.retention)
    review_id = run(
        _INSERT_REVIEW,
        {
            "token": claims.nonce,
            "user_id": claims.user_id,
            "question_id": claims.question_id,
            "response": response,
            "score": result.score,
            "correct": result.correct,
            "rating": int(rating),
            "duration_ms": max(0, int((now - claims.shown_at) / timedelta(milliseconds=1))),
            "shown_at": claims.shown_at,
            "answered_at": now,
            "due_after": after.due,
            "before": scheduling.state_to_json(before),
            "version_id": row.version_id,
        },
    ).scalar_one()
    state = {field: getattr(after, field) for field in _STATE_FIELDS}
    wrong_review_id = None if result.correct else review_id
    if row.card_id is None:
        card: dict[str, Any] = {
            "user_id": claims.user_id,
            "question_id": claims.question_id,
            "reps": 1,
        }
        card |= {"first_seen_at": now, "lapses": 0, "score_sum": result.score}
        run(_INSERT_CARD, {**card, **state, "last_wrong_review_id": wrong_review_id})
    else:
        changes: dict[str, Any] = {
            "card_id": row.card_id,
            "read_reps": row.reps,
            "score": result.score,
        }
        changes |= {"lapse": int(rating == Rating.Again), "wrong_review_id": wrong_review_id}
        if run(_UPDATE_CARD, {**changes, **state}).rowcount != 1:
            raise CardChanged
    return Recorded(review_id)


_STATE_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review")


def _answer(
    claims: answer_token.TokenClaims, slug: str, token: str, now: datetime, accept: Accept
) -> Recorded | Refused:
    with tx.write() as session:
        params = {"user_id": claims.user_id, "question_id": claims.question_id}
        row = run(_LOAD, {**params, "nonce": claims.nonce}).first()
        if row is None or row.slug != slug:
            raise NotFound("That question was not found in this bank.")
        if row.own_review is not None:  # this very form was submitted before
            return Recorded(row.own_review)
        if row.card_id is not None and row.reps != claims.reps:
            return _superseded(claims)
        if row.retired_at is not None:
            raise QuestionRetired(
                "This question is no longer in use: it was retired after it was shown to you, "
                "so your answer was not recorded."
            )
        card = row if row.card_id else None
        info = BankInfo(row.slug, row.title)
        shown = show(info, row, card, token, now, row.tuned, row.retention)
        response = accept(shown)
        if response is None:
            session.rollback()
            return Refused(shown)
        return _record(claims, row, response, now)


def answer(
    user_id: int, slug: str, token: str, now: datetime, secret: str, accept: Accept
) -> Recorded | Refused:
    """Grade and record one answer to a showing; a reused or superseded showing records nothing.

    `accept` checks the submitted form against the question as shown and returns the response.
    """
    try:
        claims = answer_token.read(secret, token, user_id, now)
    except answer_token.InvalidToken:
        require_visible(user_id, slug)  # a bank not the student's is "not found", token or not
        raise
    try:
        return _answer(claims, slug, token, now, accept)
    except (IntegrityError, CardChanged):
        # A simultaneous answer won the race: a resubmission of this form (its token is taken),
        # another showing of a new question (its card now exists), or of the same card state (its
        # reps moved on). Looked at again, each finds the answer that was recorded.
        return _answer(claims, slug, token, now, accept)


def submit_answer(
    user_id: int, slug: str, token: str, response: Response, now: datetime, secret: str
) -> Recorded:
    """Record `response` to a showing without a form (scripts, benchmarks, tests)."""
    outcome = answer(user_id, slug, token, now, secret, lambda _shown: response)
    assert isinstance(outcome, Recorded)
    return outcome
