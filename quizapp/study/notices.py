"""A student's notices: answers of theirs a teacher's regrade changed, shown until dismissed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update

from quizapp.banks.models import Bank, Question, Regrade, RegradedAnswer
from quizapp.core.grading import blanks_hidden
from quizapp.database import tx
from quizapp.database.sql import run
from quizapp.study.figures import VISIBLE
from quizapp.study.models import Review

SHOWN_AT_MOST = 20


@dataclass(frozen=True)
class Notice:
    bank_slug: str
    review_id: int
    prompt: str
    answered_at: datetime
    now_right: bool
    new_score: float
    regraded_at: datetime


_PENDING = (
    select(
        Bank.slug,
        Review.id,
        Question.prompt,
        Review.answered_at,
        RegradedAnswer.new_correct,
        RegradedAnswer.new_score,
        Regrade.at,
    )
    .join(Regrade, Regrade.id == RegradedAnswer.regrade_id)
    .join(Review, Review.id == RegradedAnswer.review_id)
    .join(Question, Question.id == Review.question_id)
    .join(Bank, Bank.id == Question.bank_id)
    .where(
        RegradedAnswer.user_id == bindparam("user_id"), RegradedAnswer.seen_at.is_(None), VISIBLE
    )
    .order_by(RegradedAnswer.id.desc())
    .limit(SHOWN_AT_MOST)
)


def pending(user_id: int) -> list[Notice]:
    """The latest regrades of this student's answers not yet dismissed, newest first."""
    found = []
    for slug, review_id, prompt, *rest in run(_PENDING, {"user_id": user_id}):
        found.append(Notice(slug, review_id, blanks_hidden(prompt), *rest))
    return found


def dismiss(user_id: int, now: datetime) -> None:
    with tx.write() as session:
        session.execute(
            update(RegradedAnswer)
            .where(RegradedAnswer.user_id == user_id, RegradedAnswer.seen_at.is_(None))
            .values(seen_at=now)
        )
