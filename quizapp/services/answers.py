"""Answering a showing: checked against what was shown, graded and recorded once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from fsrs import Rating
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from quizapp.core import answer_token, scheduling
from quizapp.core.grading import SELF_GRADED, Grade, Response, grade
from quizapp.core.scheduling import CardState
from quizapp.models import Bank, Card, Question, Review
from quizapp.services import tx
from quizapp.services.errors import NotFound, QuestionRetired
from quizapp.services.study import MY_CARD, BankInfo, Shown, card_state, show


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
        Question,
        Bank.slug,
        Bank.title,
        Card,
        select(Review.id).where(Review.token == bindparam("nonce")).scalar_subquery(),
    )
    .join(Bank, Bank.id == Question.bank_id)
    .outerjoin(Card, MY_CARD)
    .where(Question.id == bindparam("question_id"))
)


def _superseded(session: Session, claims: answer_token.TokenClaims, card: Card) -> Recorded:
    """The answer of another showing of the same card state, which was answered first.

    Only one showing of a card may be answered, so reloading a question six times and answering
    each copy records one review; the others see the answer that counted.
    """
    answered = select(Review.id).where(
        Review.user_id == claims.user_id, Review.question_id == claims.question_id
    )
    nth = answered.order_by(Review.id).offset(claims.reps).limit(1)
    review_id = session.scalar(nth) or session.scalar(answered.order_by(Review.id.desc()))
    assert review_id is not None  # a card exists only with its first answer
    return Recorded(review_id, already_answered=True)


def _grade(question: Question, response: Response) -> tuple[Grade, Rating]:
    result = grade(question.type, question.spec, response)
    if question.type in SELF_GRADED:
        return result, Rating(int(response) if response in {"1", "2", "3", "4"} else 1)
    return result, scheduling.rating_for(result)


def _record(
    session: Session,
    claims: answer_token.TokenClaims,
    question: Question,
    card: Card | None,
    response: Response,
    now: datetime,
) -> Recorded:
    result, rating = _grade(question, response)
    after = scheduling.review(card_state(card, now), rating, now)
    review = Review(
        token=claims.nonce,
        user_id=claims.user_id,
        question_id=question.id,
        response=response,
        score=result.score,
        correct=result.correct,
        rating=int(rating),
        duration_ms=max(0, int((now - claims.shown_at) / timedelta(milliseconds=1))),
        shown_at=claims.shown_at,
        answered_at=now,
        due_after=after.due,
    )
    session.add(review)
    session.flush()  # the review first: a wrong answer's card remembers its id
    _update_card(session, claims, card, after, rating, result, review.id, now)
    session.flush()
    return Recorded(review.id)


def _update_card(
    session: Session,
    claims: answer_token.TokenClaims,
    card: Card | None,
    after: CardState,
    rating: Rating,
    result: Grade,
    review_id: int,
    now: datetime,
) -> None:
    if card is None:
        card = Card(user_id=claims.user_id, question_id=claims.question_id, first_seen_at=now)
        card.reps, card.lapses, card.score_sum = 0, 0, 0.0
        session.add(card)
    elif rating == Rating.Again:
        card.lapses += 1
    card.state, card.step, card.stability, card.difficulty = (
        after.state,
        after.step,
        after.stability,
        after.difficulty,
    )
    card.due, card.last_review = after.due, after.last_review
    card.reps += 1
    card.score_sum += result.score
    if not result.correct:
        card.last_wrong_review_id = review_id


def _answer(
    claims: answer_token.TokenClaims, slug: str, token: str, now: datetime, accept: Accept
) -> Recorded | Refused:
    with tx.write() as session:
        params = {"user_id": claims.user_id, "question_id": claims.question_id}
        found = session.execute(_LOAD, {**params, "nonce": claims.nonce}).first()
        if found is None or found[1] != slug:
            raise NotFound("That question was not found in this bank.")
        question, bank_slug, bank_title, card, own_review = found
        if own_review is not None:  # this very form was submitted before
            return Recorded(own_review)
        if card is not None and card.reps != claims.reps:
            return _superseded(session, claims, card)
        if question.retired_at is not None:
            raise QuestionRetired(
                "This question is no longer in use: it was retired after it was shown to you, "
                "so your answer was not recorded."
            )
        shown = show(BankInfo(bank_slug, bank_title), question, card, token, now)
        response = accept(shown)
        if response is None:
            session.rollback()
            return Refused(shown)
        return _record(session, claims, question, card, response, now)


def answer(
    user_id: int, slug: str, token: str, now: datetime, secret: str, accept: Accept
) -> Recorded | Refused:
    """Grade and record one answer to a showing; a reused or superseded showing records nothing.

    `accept` checks the submitted form against the question as shown and returns the response.
    """
    claims = answer_token.read(secret, token, user_id, now)
    try:
        return _answer(claims, slug, token, now, accept)
    except (IntegrityError, StaleDataError):
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
