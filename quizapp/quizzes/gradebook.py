"""A class's gradebook: each student's grade on each quiz, attempts, and manual scores."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.accounts.models import User
from quizapp.audit import services as audit
from quizapp.audit.models import Action
from quizapp.audit.services import Actor
from quizapp.classes.models import Classroom, Membership
from quizapp.classes.services import teaching
from quizapp.core import quiztime
from quizapp.core.gradestats import NOBODY_GRADED, Spread, spread
from quizapp.core.spreadsheet import Writer
from quizapp.database import tx
from quizapp.errors import NotFound, ServiceError
from quizapp.extensions import db
from quizapp.quizzes.attempts import finish_expired
from quizapp.quizzes.models import Attempt, Quiz
from quizapp.quizzes.results import effective, graded


@dataclass(frozen=True)
class Cell:
    grade: float | None  # 0..1 by the quiz's grading; None before any submitted attempt
    attempts: int
    overridden: bool


@dataclass(frozen=True)
class Row:
    student_id: int
    username: str
    cells: list[Cell]


@dataclass
class QuizColumn:
    id: int
    title: str
    grading: str
    opens_at: datetime | None
    closes_at: datetime | None
    status: str = "open"  # upcoming, open or closed, now
    opens: str = ""  # the times on the class's clock, e.g. 'Fri 27 Nov 17:00 (Europe/London)'
    closes: str = ""
    spread: Spread = NOBODY_GRADED  # the class's mean and median, of those graded


@dataclass(frozen=True)
class Gradebook:
    class_id: int
    class_name: str
    quizzes: list[QuizColumn]
    rows: list[Row]


def _dated(quiz: QuizColumn, zone: str, now: datetime) -> QuizColumn:
    quiz.status = quiztime.status(quiztime.Window(quiz.opens_at, quiz.closes_at), now)
    quiz.opens = quiztime.local_label(quiz.opens_at, zone) if quiz.opens_at else ""
    quiz.closes = quiztime.local_label(quiz.closes_at, zone) if quiz.closes_at else ""
    return quiz


def gradebook(teacher_id: int, class_id: int, now: datetime) -> Gradebook:
    """Students by quizzes in a fixed number of statements, whatever the class's size."""
    teaching(teacher_id, class_id)
    session = db.session()
    classroom = session.get_one(Classroom, class_id)
    quizzes = [
        _dated(QuizColumn(*row), classroom.timezone, now)
        for row in session.execute(
            select(Quiz.id, Quiz.title, Quiz.grading, Quiz.opens_at, Quiz.closes_at)
            .where(Quiz.classroom_id == class_id)
            .order_by(Quiz.created_at, Quiz.id)
        )
    ]
    finish_expired([q.id for q in quizzes], now)
    students = session.execute(
        select(User.id, User.username)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.classroom_id == class_id)
        .order_by(func.lower(User.username))
    ).all()
    # Plain columns, not objects: a year group's gradebook reads thousands of attempts.
    done: dict[tuple[int, int], list[Any]] = {}
    if quizzes:
        for attempt in session.execute(
            select(Attempt.user_id, Attempt.quiz_id, Attempt.score, Attempt.override_score)
            .where(
                Attempt.quiz_id.in_([q.id for q in quizzes]),
                Attempt.submitted_at.is_not(None),
            )
            .order_by(Attempt.number)
        ):
            done.setdefault((attempt.user_id, attempt.quiz_id or 0), []).append(attempt)
    rows = []
    for student_id, username in students:
        cells = []
        for quiz in quizzes:
            attempts = done.get((student_id, quiz.id), [])
            overridden = any(a.override_score is not None for a in attempts)
            cells.append(Cell(graded(quiz.grading, attempts), len(attempts), overridden))
        rows.append(Row(student_id, username, cells))
    for column, quiz in enumerate(quizzes):
        quiz.spread = spread(row.cells[column].grade for row in rows)
    return Gradebook(class_id, classroom.name, quizzes, rows)


def as_csv(book: Gradebook) -> str:
    """The gradebook as CSV: a header row of quiz titles, then one row a student."""
    out = io.StringIO()
    writer = Writer(out)
    writer.writerow(["student", *(f"{q.title} (%)" for q in book.quizzes)])
    for row in book.rows:
        grades = ("" if c.grade is None else f"{c.grade * 100:.1f}" for c in row.cells)
        writer.writerow([row.username, *grades])
    return out.getvalue()


@dataclass(frozen=True)
class AttemptRow:
    id: int
    quiz_title: str
    number: int
    started_at: datetime
    submitted_at: datetime | None
    score: float | None
    override_score: float | None
    override_reason: str


def student_attempts(
    teacher_id: int, class_id: int, student_id: int
) -> tuple[str, list[AttemptRow]]:
    teaching(teacher_id, class_id)
    session = db.session()
    if session.get(Membership, (class_id, student_id)) is None:
        raise NotFound("That student is not in this class.")
    username = session.get_one(User, student_id).username
    rows = session.execute(
        select(
            Attempt.id,
            Quiz.title,
            Attempt.number,
            Attempt.started_at,
            Attempt.submitted_at,
            Attempt.score,
            Attempt.override_score,
            Attempt.override_reason,
        )
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .where(Quiz.classroom_id == class_id, Attempt.user_id == student_id)
        .order_by(Quiz.created_at, Quiz.id, Attempt.number)
    )
    return username, [AttemptRow(*row) for row in rows]


class OverrideRefused(ServiceError):
    pass


def check_attempt(teacher_id: int, class_id: int, attempt_id: int) -> Attempt:
    """An attempt at a quiz of this teacher's class; NotFound for any other."""
    teaching(teacher_id, class_id)
    attempt = db.session.get(Attempt, attempt_id)
    quiz = attempt and attempt.quiz_id and db.session.get(Quiz, attempt.quiz_id)
    if attempt is None or not quiz or quiz.classroom_id != class_id:
        raise NotFound("That attempt was not found.")
    return attempt


def override(
    teacher: Actor, class_id: int, attempt_id: int, percent: float, reason: str, now: datetime
) -> int:
    """A teacher's manual score for a submitted attempt, with the reason; returns the student."""
    if not reason.strip():
        raise OverrideRefused("Say why the score is changed: it is kept on record.")
    if not 0 <= percent <= 100:
        raise OverrideRefused("A score is between 0 and 100%.")
    with tx.write() as session:
        attempt = check_attempt(teacher.id, class_id, attempt_id)
        if attempt.submitted_at is None:
            raise OverrideRefused("The attempt is not submitted yet.")
        before = effective(attempt)
        attempt.override_score = percent / 100
        attempt.override_reason = reason.strip()
        attempt.override_by, attempt.override_at = teacher.id, now
        _record_override(session, teacher, attempt, before)
        return attempt.user_id


def _record_override(
    session: Session, teacher: Actor, attempt: Attempt, before: float | None
) -> None:
    student = session.get_one(User, attempt.user_id)
    quiz = session.get_one(Quiz, attempt.quiz_id)
    was = "no score" if before is None else f"{before:.1%}"
    now_score = f"{attempt.override_score or 0:.1%}"
    audit.record(
        session,
        teacher,
        Action.MANUAL_SCORE,
        f"student {student.username}",
        f"{quiz.title}, attempt {attempt.number}: {was} → {now_score}; "
        f"why: {attempt.override_reason}",
    )
