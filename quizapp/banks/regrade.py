"""Regrading the answers already given to a question whose answer key a teacher corrected.

Each changed answer gets its new grade (the old one is kept in RegradedAnswer, which is also the
student's notice), and each affected student's card is rebuilt by replaying their answers to the
question through FSRS. The caller's transaction holds it all: all or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from quizapp.banks.models import Question, Regrade, RegradedAnswer
from quizapp.core import scheduling
from quizapp.core.regrade import (
    Change,
    PastReview,
    Summary,
    card_figures,
    count_summary,
    regrade_reviews,
    replay,
)
from quizapp.database.sql import run
from quizapp.scheduling.services import tunings_of
from quizapp.study.feedback import unanswered
from quizapp.study.models import Card, Review

_REVIEWS = (
    select(
        Review.id,
        Review.user_id,
        Review.response,
        Review.score,
        Review.correct,
        Review.rating,
        Review.answered_at,
        Review.overridden_at,
    )
    .where(Review.question_id == bindparam("question_id"))
    .order_by(Review.user_id, Review.answered_at, Review.id)
)
_SET_GRADE = (
    update(Review)
    .where(Review.id == bindparam("review_id"))
    .values(score=bindparam("score"), correct=bindparam("correct"), rating=bindparam("rating"))
)
_SET_SCHEDULE = (
    update(Review)
    .where(Review.id == bindparam("review_id"))
    .values(before=bindparam("before"), due_after=bindparam("due_after"))
)
_SET_CARD = (
    update(Card)
    .where(Card.user_id == bindparam("card_user"), Card.question_id == bindparam("card_question"))
    .values(
        state=bindparam("state"),
        step=bindparam("step"),
        stability=bindparam("stability"),
        difficulty=bindparam("difficulty"),
        due=bindparam("due"),
        last_review=bindparam("last_review"),
        reps=bindparam("reps"),
        lapses=bindparam("lapses"),
        score_sum=bindparam("score_sum"),
        last_wrong_review_id=bindparam("last_wrong"),
    )
)


def answer_count(session: Session, question_id: int) -> int:
    count = select(func.count(Review.id)).where(Review.question_id == question_id)
    return session.scalar(count) or 0


def _past(question_id: int) -> list[PastReview]:
    return [
        PastReview(
            id=row.id,
            user_id=row.user_id,
            response=row.response,
            score=row.score,
            correct=row.correct,
            rating=row.rating,
            answered_at=row.answered_at,
            overridden=row.overridden_at is not None,
            dont_know=unanswered(row.response),
        )
        for row in run(_REVIEWS, {"question_id": question_id})
    ]


def preview(session: Session, question: Question, content: dict[str, Any]) -> Summary:
    """How saving `content` would change the grades of the answers already given."""
    changes = regrade_reviews(question.type, content["spec"], _past(question.id))
    return count_summary(changes)


Rows = list[dict[str, Any]]


def _reschedule(
    question_id: int, past: list[PastReview], changes: list[Change]
) -> tuple[Rows, Rows]:
    """Replay each affected student's answers with their new grades; rewrite card and reviews."""
    changed = {c.review_id: c for c in changes}
    by_user: dict[int, list[PastReview]] = defaultdict(list)
    for review in past:
        by_user[review.user_id].append(review)
    cards: Rows = []
    schedules: Rows = []
    affected = sorted({c.user_id for c in changes})
    tuned = tunings_of(affected)
    for user_id in affected:
        reviews = by_user[user_id]
        graded = [
            (r.id, changed[r.id].new_score, changed[r.id].new_correct)
            if r.id in changed
            else (r.id, r.score, r.correct)
            for r in reviews
        ]
        ratings = [changed[r.id].new_rating if r.id in changed else r.rating for r in reviews]
        # Every answer again, with the parameters in force for the student now.
        replayed = replay(
            [(r.answered_at, rating) for r, rating in zip(reviews, ratings, strict=True)],
            *tuned.get(user_id, (None, None)),
        )
        score_sum, last_wrong = card_figures(graded)
        card = replayed.card
        cards.append(
            {
                "card_user": user_id,
                "card_question": question_id,
                "state": card.state,
                "step": card.step,
                "stability": card.stability,
                "difficulty": card.difficulty,
                "due": card.due,
                "last_review": card.last_review,
                "reps": replayed.reps,
                "lapses": replayed.lapses,
                "score_sum": score_sum,
                "last_wrong": last_wrong,
            }
        )
        schedules += [
            {
                "review_id": r.id,
                "before": scheduling.state_to_json(step.before),
                "due_after": step.due_after,
            }
            for r, step in zip(reviews, replayed.steps, strict=True)
        ]
    return cards, schedules


def apply(
    session: Session, question: Question, version_id: int, by_id: int, now: datetime
) -> Summary:
    """Regrade the question's past answers against its current content (already saved as
    `version_id`) and reschedule the students affected."""
    past = _past(question.id)
    changes = regrade_reviews(question.type, question.spec, past)
    summary = count_summary(changes)
    if not changes:
        return summary
    regrade_id = run(
        insert(Regrade).returning(Regrade.id),
        {
            "question_id": question.id,
            "version_id": version_id,
            "by_id": by_id,
            "at": now,
            "answers": summary.answers,
            "students": summary.students,
            "became_right": summary.became_right,
            "became_wrong": summary.became_wrong,
        },
    ).scalar_one()
    session.execute(
        insert(RegradedAnswer),
        [
            {
                "regrade_id": regrade_id,
                "review_id": c.review_id,
                "user_id": c.user_id,
                "old_score": c.old_score,
                "old_correct": c.old_correct,
                "old_rating": c.old_rating,
                "new_score": c.new_score,
                "new_correct": c.new_correct,
                "new_rating": c.new_rating,
            }
            for c in changes
        ],
    )
    session.connection().execute(
        _SET_GRADE,
        [
            {
                "review_id": c.review_id,
                "score": c.new_score,
                "correct": c.new_correct,
                "rating": c.new_rating,
            }
            for c in changes
        ],
    )
    cards, schedules = _reschedule(question.id, past, changes)
    session.connection().execute(_SET_CARD, cards)
    session.connection().execute(_SET_SCHEDULE, schedules)
    return summary
