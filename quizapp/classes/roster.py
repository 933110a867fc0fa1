"""What a teacher sees of a class: one row per student, from a fixed number of queries.

The figures per bank come from the students' cards (one row a question), the activity from their
answers of the last 7 days; neither depends on how long the students have studied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fsrs import State
from sqlalchemy import and_, bindparam, func, select

from quizapp.accounts.models import User
from quizapp.banks.models import Bank, Question
from quizapp.classes.models import Membership
from quizapp.classes.services import CLASS_BANKS, CLASS_ID, CLASS_MEMBERS, teaching
from quizapp.core.scheduling import MASTERED_STABILITY_DAYS
from quizapp.database.sql import run
from quizapp.errors import NotFound
from quizapp.extensions import db
from quizapp.study.models import Card, Review

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
# A card in its first steps or relearning after a lapse is "learning" whatever its stability, so
# that the four stages never count a card twice.
_LEARNING = Card.state.in_((State.Learning.value, State.Relearning.value))
_CARDS = (
    select(
        Card.user_id,
        Bank.slug,
        func.count(Card.id).filter(_LEARNING),
        func.count(Card.id).filter(~_LEARNING, Card.stability < MASTERED_STABILITY_DAYS),
        func.count(Card.id).filter(~_LEARNING, Card.stability >= MASTERED_STABILITY_DAYS),
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


STAGES = ("new", "learning", "young", "mastered")


@dataclass
class BankCell:
    """One student's standing in one bank: each active question in exactly one stage."""

    new: int = 0  # never answered
    learning: int = 0  # in its first steps, or relearning after a lapse
    young: int = 0  # in review, remembered for less than MASTERED_STABILITY_DAYS
    mastered: int = 0  # in review, remembered for MASTERED_STABILITY_DAYS or more
    due: int = 0
    overdue: int = 0  # due more than a day ago

    @property
    def seen(self) -> int:
        return self.learning + self.young + self.mastered

    @property
    def total(self) -> int:
        return self.seen + self.new

    def stages(self) -> list[tuple[str, int]]:
        return [(name, getattr(self, name)) for name in STAGES]

    def in_words(self) -> str:
        """The bar's text alternative: "12 new, 5 learning, 8 young, 4 mastered of 29"."""
        parts = ", ".join(f"{count} {name}" for name, count in self.stages())
        return f"{parts} of {self.total}"


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
    rows: list[RosterRow]  # the students matching the search, if any
    students: int = 0  # in the class, matching or not
    query: str = ""


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


def _matches(username: str, query: str) -> bool:
    return query.casefold() in username.casefold()


def _seen_at(row: RosterRow, last: datetime | None) -> None:
    if last is not None and (row.last_active is None or last > row.last_active):
        row.last_active = last


def roster(
    teacher_id: int, class_id: int, now: datetime, sort: str = "name", query: str = ""
) -> Roster:
    """Every student of the class (or those whose name contains `query`) with their activity
    and, per class bank, their standing. The search filters after the same statements, so the
    page costs the same whatever is typed."""
    teaching(teacher_id, class_id)
    params = {
        "class_id": class_id,
        "now": now,
        "day_ago": now - timedelta(days=1),
        "week_ago": now - timedelta(days=IDLE_DAYS),
    }
    banks = [BankColumn(*row) for row in run(_BANKS, params)]
    sizes = {b.slug: b.questions for b in banks}
    students = run(_STUDENTS, params).all()
    rows = {
        sid: RosterRow(sid, name, joined, banks={b.slug: BankCell(b.questions) for b in banks})
        for sid, name, _tz, joined in students
        if _matches(name, query)
    }
    for sid, slug, learning, young, mastered, due, overdue, reps, score, last in run(
        _CARDS, params
    ):
        if (row := rows.get(sid)) is None:
            continue
        new = sizes[slug] - learning - young - mastered
        row.banks[slug] = BankCell(new, learning, young, mastered, due, overdue)
        row.answers += reps or 0
        row.score_sum += score or 0.0
        _seen_at(row, last)
    for sid, count, last in run(_RECENT, params):
        if (row := rows.get(sid)) is not None:
            row.answers_7_days = count
            _seen_at(row, last)
    ordered = sorted(rows.values(), key=SORTS.get(sort, SORTS["name"]))
    return Roster(class_id, banks, ordered, len(students), query)


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
