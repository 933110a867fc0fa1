"""What a teacher sees of a class: one row per student, from a fixed number of queries.

The figures per bank come from the students' cards (one row a question), the activity from their
answers of the last 7 days; neither depends on how long the students have studied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, func, select

from quizapp.core.scheduling import MASTERED_STABILITY_DAYS
from quizapp.extensions import db
from quizapp.models import Bank, Card, Membership, Question, Review, User
from quizapp.services.classes import CLASS_BANKS, CLASS_ID, CLASS_MEMBERS, teaching
from quizapp.services.errors import NotFound
from quizapp.services.sql import run

IDLE_DAYS = 7
OVERDUE_FLAG = 10  # reviews overdue by more than a day: the backlog is growing


_STUDENTS = (
    select(User.id, User.username, User.timezone, Membership.joined_at)
    .join(Membership, Membership.user_id == User.id)
    .where(Membership.classroom_id == CLASS_ID)
)
_BANKS = (
    select(Bank.slug, Bank.title, func.count(Question.id))
    .join(Question, and_(Question.bank_id == Bank.id, Question.retired_at.is_(None)))
    .where(Bank.id.in_(CLASS_BANKS))
    .group_by(Bank.id)
    .order_by(Bank.position, Bank.title)
)
_CARDS = (
    select(
        Card.user_id,
        Bank.slug,
        func.count(Card.id),
        func.count(Card.id).filter(Card.stability >= MASTERED_STABILITY_DAYS),
        func.count(Card.id).filter(Card.due <= bindparam("now")),
        func.count(Card.id).filter(Card.due <= bindparam("day_ago")),
        func.sum(Card.reps),
        func.sum(Card.score_sum),
        func.max(Card.last_review),
    )
    .join(Question, and_(Question.id == Card.question_id, Question.retired_at.is_(None)))
    .join(Bank, Bank.id == Question.bank_id)
    .where(Card.user_id.in_(CLASS_MEMBERS), Bank.id.in_(CLASS_BANKS))
    .group_by(Card.user_id, Bank.slug)
)
_RECENT = (
    select(Review.user_id, func.count(Review.id), func.max(Review.answered_at))
    .where(Review.user_id.in_(CLASS_MEMBERS), Review.answered_at >= bindparam("week_ago"))
    .group_by(Review.user_id)
)


@dataclass(frozen=True)
class BankColumn:
    slug: str
    title: str
    questions: int


@dataclass
class BankCell:
    seen: int = 0
    mastered: int = 0
    due: int = 0
    overdue: int = 0  # due more than a day ago


@dataclass
class RosterRow:
    student_id: int
    username: str
    joined_at: datetime
    last_active: datetime | None = None
    answers_7_days: int = 0
    answers: int = 0
    score_sum: float = 0.0
    banks: dict[str, BankCell] = field(default_factory=dict)

    @property
    def accuracy(self) -> float | None:
        return None if not self.answers else round(100 * self.score_sum / self.answers, 1)

    @property
    def overdue(self) -> int:
        return sum(cell.overdue for cell in self.banks.values())

    def flags(self, now: datetime) -> list[str]:
        """What a teacher should look at, in words."""
        found = []
        if self.last_active is None:
            found.append("has not studied yet")
        elif now - self.last_active > timedelta(days=IDLE_DAYS):
            found.append(f"has not studied for {(now - self.last_active).days} days")
        if self.overdue >= OVERDUE_FLAG:
            found.append(f"backlog growing: {self.overdue} reviews overdue")
        return found


@dataclass(frozen=True)
class Roster:
    class_id: int
    banks: list[BankColumn]
    rows: list[RosterRow]


SORTS = {
    "name": lambda r: (r.username.lower(),),
    "active": lambda r: (
        r.last_active is None,
        -(r.last_active.timestamp() if r.last_active else 0),
    ),
    "week": lambda r: (-r.answers_7_days, r.username.lower()),
    "accuracy": lambda r: (r.accuracy is None, -(r.accuracy or 0), r.username.lower()),
    "overdue": lambda r: (-r.overdue, r.username.lower()),
}


def roster(teacher_id: int, class_id: int, now: datetime, sort: str = "name") -> Roster:
    """Every student of the class with their activity and, per class bank, their standing."""
    teaching(teacher_id, class_id)
    params = {
        "class_id": class_id,
        "now": now,
        "day_ago": now - timedelta(days=1),
        "week_ago": now - timedelta(days=IDLE_DAYS),
    }
    banks = [BankColumn(*row) for row in run(_BANKS, params)]
    rows = {
        sid: RosterRow(sid, name, joined, banks={b.slug: BankCell() for b in banks})
        for sid, name, _tz, joined in run(_STUDENTS, params)
    }
    for sid, slug, seen, mastered, due, overdue, reps, score, last in run(_CARDS, params):
        row = rows[sid]
        row.banks[slug] = BankCell(seen, mastered, due, overdue)
        row.answers += reps or 0
        row.score_sum += score or 0.0
        if last is not None and (row.last_active is None or last > row.last_active):
            row.last_active = last
    for sid, count, last in run(_RECENT, params):
        rows[sid].answers_7_days = count
        if rows[sid].last_active is None or last > rows[sid].last_active:
            rows[sid].last_active = last
    ordered = sorted(rows.values(), key=SORTS.get(sort, SORTS["name"]))
    return Roster(class_id, banks, ordered)


def student_in_class(teacher_id: int, class_id: int, student_id: int) -> tuple[str, str]:
    """(username, time zone) of a student of this teacher's class, or NotFound."""
    teaching(teacher_id, class_id)
    found = db.session.execute(
        select(User.username, User.timezone)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.classroom_id == class_id, User.id == student_id)
    ).first()
    if found is None:
        raise NotFound("That student was not found in this class.")
    return found[0], found[1]
