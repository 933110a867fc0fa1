"""A student's notices: answers of theirs a teacher's regrade changed, shown until dismissed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update

from quizapp.core.grading import CLOZE_BLANK
from quizapp.models import Bank, Question, Regrade, RegradedAnswer, Review
from quizapp.services import tx
from quizapp.services.progress import VISIBLE
from quizapp.services.sql import run

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
        found.append(Notice(slug, review_id, CLOZE_BLANK.sub("_____", prompt), *rest))
    return found


def dismiss(user_id: int, now: datetime) -> None:
    with tx.write() as session:
        session.execute(
            update(RegradedAnswer)
            .where(RegradedAnswer.user_id == user_id, RegradedAnswer.seen_at.is_(None))
            .values(seen_at=now)
        )
