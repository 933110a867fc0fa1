"""How a regraded answer tells its story: the grade it had first, the version of the question the
student was asked, and the version a teacher's regrade graded it against since."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from quizapp.banks.models import QuestionVersion, Regrade, RegradedAnswer
from quizapp.study.models import Review

ASKED = aliased(QuestionVersion)  # the version the student answered
GRADED = aliased(QuestionVersion)  # the version a regrade graded it against, if any
_LATEST = (
    select(func.max(RegradedAnswer.id))
    .where(RegradedAnswer.review_id == Review.id)
    .correlate(Review)
    .scalar_subquery()
)
# Read with `joined`, on a statement that selects from Review.
COLUMNS = (
    Regrade.at.label("regraded_at"),
    RegradedAnswer.old_correct.label("old_correct"),
    RegradedAnswer.old_score.label("old_score"),
    ASKED.number.label("asked_number"),
    GRADED.number.label("graded_number"),
)

S = TypeVar("S", bound=Select[Any])


def joined(statement: S) -> S:
    """The statement with the version asked and the answer's latest regrade, if any, joined."""
    return (
        statement.outerjoin(ASKED, ASKED.id == Review.version_id)
        .outerjoin(RegradedAnswer, RegradedAnswer.id == _LATEST)
        .outerjoin(Regrade, Regrade.id == RegradedAnswer.regrade_id)
        .outerjoin(GRADED, GRADED.id == Regrade.version_id)
    )


@dataclass(frozen=True)
class Regraded:
    at: datetime
    old_correct: bool
    old_score: float
    asked_version: int | None  # None for an answer recorded before questions had versions
    graded_version: int

    @property
    def old_verdict(self) -> str:
        if self.old_correct:
            return "✓ Right"
        if self.old_score > 0:
            return f"◐ Partly right ({round(self.old_score * 100)}%)"
        return "✗ Wrong"


def regraded(row: Any) -> Regraded | None:
    """The regrade of the answer on this row (selected with COLUMNS), or None."""
    if row.regraded_at is None:
        return None
    return Regraded(
        row.regraded_at, row.old_correct, row.old_score, row.asked_number, row.graded_number
    )
