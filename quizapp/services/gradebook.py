"""A class's gradebook: each student's grade on each quiz, attempts, and manual scores."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from quizapp.core.spreadsheet import Writer
from quizapp.extensions import db
from quizapp.models import Attempt, Classroom, Membership, Quiz, User
from quizapp.services import tx
from quizapp.services.attempts import finish_expired, graded
from quizapp.services.classes import teaching
from quizapp.services.errors import NotFound, ServiceError


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


@dataclass(frozen=True)
class QuizColumn:
    id: int
    title: str
    grading: str


@dataclass(frozen=True)
class Gradebook:
    class_id: int
    class_name: str
    quizzes: list[QuizColumn]
    rows: list[Row]


def gradebook(teacher_id: int, class_id: int, now: datetime) -> Gradebook:
    """Students by quizzes in a fixed number of statements, whatever the class's size."""
    teaching(teacher_id, class_id)
    session = db.session()
    classroom = session.get_one(Classroom, class_id)
    quizzes = [
        QuizColumn(*row)
        for row in session.execute(
            select(Quiz.id, Quiz.title, Quiz.grading)
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
    teacher_id: int, class_id: int, attempt_id: int, percent: float, reason: str, now: datetime
) -> int:
    """A teacher's manual score for a submitted attempt, with the reason; returns the student."""
    if not reason.strip():
        raise OverrideRefused("Say why the score is changed: it is kept on record.")
    if not 0 <= percent <= 100:
        raise OverrideRefused("A score is between 0 and 100%.")
    with tx.write():
        attempt = check_attempt(teacher_id, class_id, attempt_id)
        if attempt.submitted_at is None:
            raise OverrideRefused("The attempt is not submitted yet.")
        attempt.override_score = percent / 100
        attempt.override_reason = reason.strip()
        attempt.override_by, attempt.override_at = teacher_id, now
        return attempt.user_id
