"""The roster's flags for every class a teacher teaches at once, in two statements whatever the
number of classes or students: the same rows `classes.roster` builds per class, and the same words
(`RosterRow.flags`), so that the home and the class page never disagree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.sql.elements import BindParameter

from quizapp.banks.models import Question
from quizapp.classes.models import ClassroomBank, Membership
from quizapp.classes.roster import IDLE_DAYS, BankCell, RosterRow
from quizapp.database.sql import run
from quizapp.study.models import Card, Review

_CLASSES: BindParameter[list[int]] = bindparam("class_ids", expanding=True)
_MEMBERS = select(Membership.user_id).where(Membership.classroom_id.in_(_CLASSES))
# Per class and student: reviews overdue by more than a day in the class's banks, last review.
# From the classes' members to their cards: PostgreSQL reads each student's cards from the card
# index alone (it holds the question, due time and last review) and matches the questions by hash.
_CARDS = (
    select(
        Membership.classroom_id,
        Card.user_id,
        func.count().filter(Card.due <= bindparam("day_ago")),
        func.max(Card.last_review),
    )
    .select_from(Membership)
    .join(Card, Card.user_id == Membership.user_id)
    .join(Question, and_(Question.id == Card.question_id, Question.retired_at.is_(None)))
    .join(
        ClassroomBank,
        and_(
            ClassroomBank.classroom_id == Membership.classroom_id,
            ClassroomBank.bank_id == Question.bank_id,
        ),
    )
    .where(Membership.classroom_id.in_(_CLASSES))
    .group_by(Membership.classroom_id, Card.user_id)
)
_RECENT = (
    select(Review.user_id, func.max(Review.answered_at))
    .where(Review.user_id.in_(_MEMBERS), Review.answered_at >= bindparam("week_ago"))
    .group_by(Review.user_id)
)


@dataclass(frozen=True)
class Student:
    class_id: int
    student_id: int
    username: str
    joined_at: datetime


@dataclass(frozen=True)
class Flagged:
    class_id: int
    student_id: int
    username: str
    reasons: list[str]  # the roster's words, e.g. 'has not studied for 9 days'


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    return b if a is None or (b is not None and b > a) else a


def flagged(students: Sequence[Student], now: datetime) -> list[Flagged]:
    """The students of these classes the roster flags, with its reasons, class by class."""
    class_ids = sorted({s.class_id for s in students})
    if not class_ids:
        return []
    params = {
        "class_ids": class_ids,
        "day_ago": now - timedelta(days=1),
        "week_ago": now - timedelta(days=IDLE_DAYS),
    }
    cards = {(c, u): (overdue, last) for c, u, overdue, last in run(_CARDS, params)}
    recent: dict[int, datetime] = {u: last for u, last in run(_RECENT, params)}
    found = []
    for s in students:
        overdue, last = cards.get((s.class_id, s.student_id), (0, None))
        row = RosterRow(
            s.student_id, s.username, s.joined_at, banks={"": BankCell(overdue=overdue)}
        )
        row.last_active = _later(last, recent.get(s.student_id))
        reasons = row.flags(now)
        if reasons:
            found.append(Flagged(s.class_id, s.student_id, s.username, reasons))
    return found
