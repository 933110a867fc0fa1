"""A practice quiz's result: each answer beside the right one, and a retry of the ones missed.

The right answers shown are those of the practice quiz's own bank, which `practice.own` has just
found the student may study (never a bank kept for quizzes, nor another teacher's private bank).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from quizapp.banks.models import Question, QuestionVersion
from quizapp.core.grading import correct_answer
from quizapp.database import tx
from quizapp.errors import NotFound
from quizapp.extensions import db
from quizapp.quizzes.attempts import add_items
from quizapp.quizzes.models import Attempt, AttemptItem
from quizapp.quizzes.practice import own
from quizapp.study.feedback import your_answer
from quizapp.study.services import BankInfo


@dataclass(frozen=True)
class ResultLine:
    position: int
    prompt: str
    correct: bool | None  # None while unanswered
    score: float | None
    review_id: int | None
    your_answer: str  # "" while unanswered
    right_answer: str  # "" while unanswered: nothing is given away before the student answers

    @property
    def missed(self) -> bool:
        return self.review_id is not None and not self.correct


@dataclass(frozen=True)
class PracticeResult:
    attempt_id: int
    bank: BankInfo
    score: float | None
    items: list[ResultLine]

    @property
    def missed(self) -> int:
        return sum(1 for line in self.items if line.missed)


def _line(row: Any) -> ResultLine:
    # The question as the quiz asked it (the version fixed when it was drawn).
    asked = row.content or {"type": row.type, "spec": row.spec, "prompt": row.prompt}
    answered = row.review_id is not None
    return ResultLine(
        row.position,
        asked["prompt"],
        row.correct,
        row.score,
        row.review_id,
        your_answer(asked["type"], asked["spec"], row.response) if answered else "",
        correct_answer(asked["type"], asked["spec"]) if answered else "",
    )


def result(user_id: int, attempt_id: int) -> PracticeResult:
    """The student's own practice quiz: the score and, per question, both answers."""
    attempt, bank = own(user_id, attempt_id)
    rows = db.session.execute(
        select(AttemptItem.position, AttemptItem.correct, AttemptItem.score,
               AttemptItem.review_id, AttemptItem.response, Question.type, Question.spec,
               Question.prompt, QuestionVersion.content)
        .join(Question, Question.id == AttemptItem.question_id)
        .outerjoin(QuestionVersion, QuestionVersion.id == AttemptItem.version_id)
        # Only the studied bank's questions: their answers are the student's to see.
        .where(AttemptItem.attempt_id == attempt.id, Question.bank_id == bank.id)
        .order_by(AttemptItem.position)
    ).all()  # fmt: skip
    return PracticeResult(
        attempt.id, BankInfo(bank.slug, bank.title), attempt.score, [_line(r) for r in rows]
    )


def retry(user_id: int, attempt_id: int, now: datetime) -> int:
    """A new practice quiz of the questions this one's answers missed (wrong or partly right),
    in the same order; returns its id."""
    with tx.write() as session:
        attempt, bank = own(user_id, attempt_id)
        missed = session.scalars(
            select(AttemptItem.question_id)
            .join(Question, Question.id == AttemptItem.question_id)
            .where(
                AttemptItem.attempt_id == attempt.id,
                AttemptItem.review_id.is_not(None),
                AttemptItem.correct.is_not(True),
                Question.bank_id == bank.id,
                Question.retired_at.is_(None),
            )
            .order_by(AttemptItem.position)
        ).all()
        if not missed:
            raise NotFound("No question of that practice quiz was missed.")
        again = Attempt(user_id=user_id, bank_id=bank.id, started_at=now)
        session.add(again)
        session.flush()
        add_items(session, again.id, list(missed))
        return again.id
