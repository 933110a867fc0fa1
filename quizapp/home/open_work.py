"""What is open now in a teacher's classes: quizzes with how many students submitted, homework
with how many are done, behind or not started; each in a fixed number of statements whatever the
number of classes, students or answers (the homework board's rows, for every homework at once)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select

from quizapp.classes.models import Membership
from quizapp.core import homework as core
from quizapp.extensions import db
from quizapp.homework import rows
from quizapp.homework.models import Homework
from quizapp.quizzes.models import Attempt, Quiz

# Homework stays on the teacher's home until closed, or until a week after its due date: after
# that it is on the class's homework page only (a year of homework never closed is not "open").
SHOWN_AFTER_DUE = timedelta(days=7)


@dataclass(frozen=True)
class OpenQuiz:
    id: int
    class_id: int
    title: str
    closes_at: datetime | None
    submitted: int  # students with a submitted attempt


@dataclass(frozen=True)
class OpenHomework:
    id: int
    class_id: int
    title: str
    due_at: datetime
    statuses: dict[str, int]  # how many students are done, on track, behind, not started

    @property
    def done(self) -> int:
        return self.statuses.get(core.DONE, 0)

    @property
    def not_started(self) -> int:
        return self.statuses.get(core.NOT_STARTED, 0)

    @property
    def behind(self) -> int:
        return self.statuses.get(core.BEHIND, 0)


def open_quizzes(class_ids: Collection[int], now: datetime) -> list[OpenQuiz]:
    """The classes' quizzes open now, those closing first first (no closing time last)."""
    if not class_ids:
        return []
    submitted = func.count(func.distinct(Attempt.user_id)).filter(Attempt.submitted_at.is_not(None))
    found = db.session.execute(
        select(Quiz.id, Quiz.classroom_id, Quiz.title, Quiz.closes_at, submitted)
        .outerjoin(
            Membership,
            Membership.classroom_id == Quiz.classroom_id,
        )
        .outerjoin(
            Attempt,
            and_(Attempt.quiz_id == Quiz.id, Attempt.user_id == Membership.user_id),
        )
        .where(
            Quiz.classroom_id.in_(class_ids),
            or_(Quiz.opens_at.is_(None), Quiz.opens_at <= now),
            or_(Quiz.closes_at.is_(None), Quiz.closes_at > now),
        )
        .group_by(Quiz.id)
        .order_by(Quiz.closes_at.is_(None), Quiz.closes_at, Quiz.id)
    )
    return [OpenQuiz(*row) for row in found]


def open_homework(
    class_ids: Collection[int], members: Sequence[tuple[int, int]], now: datetime
) -> list[OpenHomework]:
    """The classes' homework not closed and due at most a week ago, by due date, with each
    student's status counted. `members` holds (class id, student id) for every student of these
    classes."""
    if not class_ids:
        return []
    found = (
        db.session.execute(
            select(Homework)
            .where(
                Homework.classroom_id.in_(class_ids),
                Homework.closed_at.is_(None),
                Homework.due_at >= now - SHOWN_AFTER_DUE,
            )
            .order_by(Homework.due_at, Homework.id)
        )
        .scalars()
        .all()
    )
    if not found:
        return []
    students = select(Membership.user_id).where(Membership.classroom_id.in_(class_ids))
    bank_questions = rows.questions({h.bank_id for h in found})
    scopes = {h.id: rows.in_scope(h, bank_questions) for h in found}
    answers = rows.answers(students, found)
    tallies = rows.tallies(students, found, scopes, answers)
    result = []
    for homework in found:
        goal = core.Goal(homework.goal_kind, homework.goal_number)
        nothing = core.tally(goal, len(scopes[homework.id]), 0, 0, 0, 0)
        counts: dict[str, int] = {}
        for class_id, student in members:
            if class_id != homework.classroom_id:
                continue
            done = tallies.get((homework.id, student), nothing)
            status = core.status(done, homework.set_at, homework.due_at, now)
            counts[status] = counts.get(status, 0) + 1
        result.append(
            OpenHomework(
                homework.id, homework.classroom_id, homework.title, homework.due_at, counts
            )
        )
    return result
