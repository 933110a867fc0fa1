"""'I was right': a student regrades their own typed answer that the grader marked wrong.

The answer becomes right with the rating Hard (the student needed a second look), the card is
rescheduled from the state it had before that answer, and the review keeps the time of the
override, so every history shows that the grade is the student's own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fsrs import Rating
from sqlalchemy import and_, bindparam, func, select, update
from sqlalchemy.orm import aliased

from quizapp.banks.models import Bank, Question
from quizapp.core import scheduling
from quizapp.database import tx
from quizapp.database.sql import run
from quizapp.errors import NotFound, ServiceError
from quizapp.scheduling.services import RETENTION, TUNED
from quizapp.study.figures import VISIBLE
from quizapp.study.models import Card, Review

# Question types whose answer is typed, where a grader can miss a form it should have accepted.
TYPED = frozenset({"short", "numeric", "cloze"})


class CannotOverride(ServiceError):
    pass


_LATER = aliased(Review)
# The student's latest answer to the question of the review being looked at.
LATEST_ID = (
    select(func.max(_LATER.id))
    .where(_LATER.user_id == Review.user_id, _LATER.question_id == Review.question_id)
    .correlate(Review)
    .scalar_subquery()
    .label("latest_id")
)
_OTHER_WRONG = (
    select(func.max(Review.id))
    .where(
        Review.user_id == bindparam("user_id"),
        Review.question_id == bindparam("question_id"),
        Review.correct.is_(False),
        Review.id != bindparam("review_id"),
    )
    .scalar_subquery()
)
_LOAD = (
    select(
        Review.id,
        Review.question_id,
        Review.correct,
        Review.score,
        Review.answered_at,
        Review.before,
        Review.overridden_at,
        Question.type,
        Card.id.label("card_id"),
        Card.reps,
        Card.last_wrong_review_id,
        LATEST_ID,
        TUNED,
        RETENTION,
    )
    .join(Question, Question.id == Review.question_id)
    .join(Bank, Bank.id == Question.bank_id)
    .join(Card, and_(Card.user_id == Review.user_id, Card.question_id == Review.question_id))
    .where(
        Review.id == bindparam("review_id"),
        Review.user_id == bindparam("user_id"),
        Bank.slug == bindparam("slug"),
        VISIBLE,
    )
)


def refusal(row: Any) -> str | None:
    """Why this answer cannot be claimed right, or None when it can."""
    if row.type not in TYPED:
        return "Only a typed answer can be claimed right."
    if row.correct or row.overridden_at is not None:
        return "This answer already counts as right."
    if row.before is None or row.latest_id != row.id:
        return "Only your latest answer to a question can be claimed right."
    return None


def claim_right(user_id: int, slug: str, review_id: int, now: datetime) -> None:
    """Regrade one of the student's wrong typed answers as right and reschedule its card."""
    with tx.write():
        params = {"user_id": user_id, "slug": slug, "review_id": review_id}
        row = run(_LOAD, params).first()
        if row is None:
            raise NotFound("That answer was not found.")
        reason = refusal(row)
        if reason:
            raise CannotOverride(reason)
        # From the card as that answer found it, with the student's parameters and retention now.
        before = scheduling.state_from_json(row.before)
        after = scheduling.review(before, Rating.Hard, row.answered_at, row.tuned, row.retention)
        run(
            update(Review)
            .where(Review.id == row.id)
            .values(
                correct=True,
                score=1.0,
                rating=int(Rating.Hard),
                due_after=after.due,
                overridden_at=now,
            ),
            {},
        )
        was_lapse = row.reps > 1  # a wrong answer to a card already seen counted as a lapse
        last_wrong = row.last_wrong_review_id
        if last_wrong == row.id:
            last_wrong = run(
                select(_OTHER_WRONG), {**params, "question_id": row.question_id}
            ).scalar()
        run(
            update(Card)
            .where(Card.id == row.card_id)
            .values(
                state=after.state,
                step=after.step,
                stability=after.stability,
                difficulty=after.difficulty,
                due=after.due,
                last_review=after.last_review,
                lapses=Card.lapses - int(was_lapse),
                score_sum=Card.score_sum + (1.0 - row.score),
                last_wrong_review_id=last_wrong,
            ),
            {},
        )
