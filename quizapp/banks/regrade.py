"""Regrading the answers already given to a question whose answer key a teacher corrected.

Each changed answer gets its new grade (the old one is kept in RegradedAnswer, which is also the
student's notice), and each affected student's card is rebuilt by replaying their answers to the
question through FSRS. The caller's transaction holds it all: all or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select
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
from quizapp.database.sql import insert_each, run, update_each
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


def answer_count(session: Session, question_id: int) -> int:
    # count(*): read from the question's index alone where its pages are all visible.
    count = select(func.count()).select_from(Review).where(Review.question_id == question_id)
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


@dataclass(frozen=True)
class Found:
    """The answers already given to a question, and those whose grade a new key changes."""

    past: list[PastReview]
    changes: list[Change]

    @property
    def summary(self) -> Summary:
        return count_summary(self.changes)


def regraded(question: Question, content: dict[str, Any]) -> Found:
    """The answers given to `question` and how saving `content` would change their grades."""
    past = _past(question.id)
    return Found(past, regrade_reviews(question.type, content["spec"], past))


def preview(session: Session, question: Question, content: dict[str, Any]) -> Summary:
    """How saving `content` would change the grades of the answers already given."""
    return regraded(question, content).summary


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
                "user_id": user_id,
                "question_id": question_id,
                "state": card.state,
                "step": card.step,
                "stability": card.stability,
                "difficulty": card.difficulty,
                "due": card.due,
                "last_review": card.last_review,
                "reps": replayed.reps,
                "lapses": replayed.lapses,
                "score_sum": score_sum,
                "last_wrong_review_id": last_wrong,
            }
        )
        schedules += [
            {
                "id": r.id,
                "before": scheduling.state_to_json(step.before),
                "due_after": step.due_after,
            }
            for r, step in zip(reviews, replayed.steps, strict=True)
        ]
    return cards, schedules


def apply(
    session: Session, question: Question, version_id: int, by_id: int, now: datetime, found: Found
) -> Summary:
    """Give the changed answers `found` their new grades and reschedule the students affected:
    `found` is what regraded() found, in the same transaction, for the content just saved as
    `version_id` (so that the answers are read and graded once)."""
    past, changes = found.past, found.changes
    summary = found.summary
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
    insert_each(
        RegradedAnswer.__table__,
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
    cards, schedules = _reschedule(question.id, past, changes)
    changed = {c.review_id: c for c in changes}
    graded_again = [
        {
            "id": row["id"],
            "score": changed[row["id"]].new_score,
            "correct": changed[row["id"]].new_correct,
            "rating": changed[row["id"]].new_rating,
            "before": row["before"],
            "due_after": row["due_after"],
        }
        for row in schedules
        if row["id"] in changed
    ]
    # A changed answer's new grade and schedule in one write; the others only rescheduled.
    update_each(Review.__table__, ["id"], graded_again)
    update_each(Review.__table__, ["id"], [r for r in schedules if r["id"] not in changed])
    update_each(Card.__table__, ["user_id", "question_id"], cards)
    return summary
