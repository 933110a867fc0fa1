"""Accommodations: a teacher gives a student (or the whole class) more time, more attempts or a
later close on a quiz. A change reaches an attempt already running at once: its deadline moves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quizapp.accounts.models import User
from quizapp.audit import services as audit
from quizapp.audit.models import Action
from quizapp.audit.services import Actor
from quizapp.classes.models import Classroom, Membership
from quizapp.core import accommodation as rules
from quizapp.core import quiztime
from quizapp.database import tx
from quizapp.errors import NotFound, ServiceError
from quizapp.extensions import db
from quizapp.quizzes.models import Accommodation, Attempt, Quiz
from quizapp.quizzes.services import teachers_quiz


class AccommodationRefused(ServiceError):
    """An accommodation that cannot be, with the form field to show the message next to."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


def as_rules(row: Accommodation | None) -> rules.Accommodation:
    """The stored row as the pure rules read it (no row: nothing beyond the quiz's settings)."""
    if row is None:
        return rules.NONE
    return rules.Accommodation(
        row.time_multiplier, row.extra_minutes, row.extra_attempts, row.closes_at
    )


def lookup(session: Session, quiz_id: int, student_id: int) -> rules.Accommodation:
    """This student's accommodation on this quiz (one statement)."""
    row = session.scalar(
        select(Accommodation).where(
            Accommodation.quiz_id == quiz_id, Accommodation.student_id == student_id
        )
    )
    return as_rules(row)


@dataclass(frozen=True)
class StudentRow:
    student_id: int
    username: str
    given: rules.Accommodation
    time_limit: timedelta | None  # the student's limit with the accommodation
    closes_at: datetime | None  # the student's close with the accommodation
    attempts_allowed: int | None


@dataclass(frozen=True)
class ClassAccommodations:
    quiz_id: int
    quiz_title: str
    class_id: int
    class_name: str
    zone: str
    time_limit: timedelta | None
    closes_at: datetime | None
    attempts_allowed: int | None
    students: list[StudentRow]


def class_accommodations(teacher_id: int, quiz_id: int) -> ClassAccommodations:
    """The class's students with their accommodation on the quiz, in a fixed number of statements
    whatever the class's size."""
    quiz = teachers_quiz(teacher_id, quiz_id)
    classroom = db.session.get_one(Classroom, quiz.classroom_id)
    rows = db.session.execute(
        select(User.id, User.username, Accommodation)
        .join(Membership, Membership.user_id == User.id)
        .outerjoin(
            Accommodation,
            (Accommodation.student_id == User.id) & (Accommodation.quiz_id == quiz.id),
        )
        .where(Membership.classroom_id == quiz.classroom_id)
        .order_by(User.username)
    ).all()
    limit = timedelta(seconds=quiz.time_limit_s) if quiz.time_limit_s else None
    students = []
    for student_id, username, row in rows:
        given = as_rules(row)
        students.append(
            StudentRow(
                student_id,
                username,
                given,
                rules.time_limit(limit, given),
                rules.closes_at(quiz.closes_at, given),
                rules.attempts_allowed(quiz.attempts_allowed, given),
            )
        )
    return ClassAccommodations(
        quiz.id,
        quiz.title,
        classroom.id,
        classroom.name,
        classroom.timezone,
        limit,
        quiz.closes_at,
        quiz.attempts_allowed,
        students,
    )


@dataclass(frozen=True)
class Requested:
    """What the teacher typed: the close is a wall-clock time in the class's zone."""

    time_multiplier: float = 1.0
    extra_minutes: int = 0
    extra_attempts: int = 0
    closes_local: datetime | None = None


def _checked(quiz: Quiz, zone: str, asked: Requested) -> rules.Accommodation:
    if not 1.0 <= asked.time_multiplier <= rules.MAX_MULTIPLIER:
        raise AccommodationRefused(
            "time_multiplier", f"Give a multiplier from 1 to {rules.MAX_MULTIPLIER:g}."
        )
    closes = None
    if asked.closes_local is not None and quiz.closes_at is None:
        raise AccommodationRefused(
            "closes", "This quiz never closes: leave this empty (there is no close to move)."
        )
    if asked.closes_local is not None:
        try:
            closes = quiztime.local_to_utc(asked.closes_local, zone)
        except ValueError as problem:
            raise AccommodationRefused("closes", str(problem)) from None
        if quiz.closes_at is not None and closes <= quiz.closes_at:
            raise AccommodationRefused(
                "closes", "A later close must be after the quiz's own close."
            )
    return rules.Accommodation(
        asked.time_multiplier, asked.extra_minutes, asked.extra_attempts, closes
    )


def _existing(session: Session, quiz_id: int, student_ids: list[int]) -> dict[int, Accommodation]:
    rows = session.scalars(
        select(Accommodation).where(
            Accommodation.quiz_id == quiz_id, Accommodation.student_id.in_(student_ids)
        )
    )
    return {row.student_id: row for row in rows}


def _store(
    session: Session,
    quiz: Quiz,
    student_ids: list[int],
    given: rules.Accommodation,
    teacher_id: int,
    now: datetime,
) -> None:
    existing = _existing(session, quiz.id, student_ids)
    for student_id in student_ids:
        row = existing.get(student_id) or Accommodation(quiz_id=quiz.id, student_id=student_id)
        row.time_multiplier, row.extra_minutes = given.time_multiplier, given.extra_minutes
        row.extra_attempts, row.closes_at = given.extra_attempts, given.closes_at
        row.set_by, row.set_at = teacher_id, now
        session.add(row)
    _move_running(session, quiz, student_ids, given, now)


def _move_running(
    session: Session,
    quiz: Quiz,
    student_ids: list[int],
    given: rules.Accommodation,
    now: datetime,
) -> None:
    """Attempts still running take the new time at once; one whose time (and grace) is already
    spent is left to be submitted as it is."""
    limit = timedelta(seconds=quiz.time_limit_s) if quiz.time_limit_s else None
    for attempt in session.scalars(
        select(Attempt).where(
            Attempt.quiz_id == quiz.id,
            Attempt.user_id.in_(student_ids),
            Attempt.submitted_at.is_(None),
        )
    ):
        if quiztime.is_over(attempt.deadline, now):
            continue
        attempt.deadline = rules.deadline(attempt.started_at, limit, quiz.closes_at, given)
        if quiz.question_time_s and quiz.layout == "paged":
            attempt.question_time_s = rules.question_seconds(quiz.question_time_s, given)


def _members(session: Session, class_id: int) -> list[int]:
    return list(
        session.scalars(select(Membership.user_id).where(Membership.classroom_id == class_id))
    )


def set_accommodation(
    teacher: Actor,
    quiz_id: int,
    student_id: int | None,
    asked: Requested,
    now: datetime,
) -> int:
    """Set one student's accommodation (student_id None: every student of the class); returns
    how many students it was set for. Two teachers saving at once: the second updates the row
    the first made (one row per student and quiz)."""
    try:
        return _set_accommodation(teacher, quiz_id, student_id, asked, now)
    except IntegrityError:
        return _set_accommodation(teacher, quiz_id, student_id, asked, now)


def _set_accommodation(
    teacher: Actor,
    quiz_id: int,
    student_id: int | None,
    asked: Requested,
    now: datetime,
) -> int:
    with tx.write() as session:
        quiz = teachers_quiz(teacher.id, quiz_id)
        classroom = session.get_one(Classroom, quiz.classroom_id)
        members = _members(session, quiz.classroom_id)
        if student_id is not None and student_id not in members:
            raise NotFound("That student is not in this class.")
        given = _checked(quiz, classroom.timezone, asked)
        targets = members if student_id is None else [student_id]
        _store(session, quiz, targets, given, teacher.id, now)
        whom = (
            f"every student of {classroom.name} ({len(targets)})"
            if student_id is None
            else f"student {session.get_one(User, student_id).username}"
        )
        audit.record(session, teacher, Action.ACCOMMODATION, whom, _described(quiz, given))
        return len(targets)


def _described(quiz: Quiz, given: rules.Accommodation) -> str:
    closes = given.closes_at.isoformat(timespec="minutes") if given.closes_at else "as the quiz"
    return (
        f"{quiz.title}: time x{given.time_multiplier:g} +{given.extra_minutes} min, "
        f"+{given.extra_attempts} attempts, closes {closes}"
    )


def check_student(teacher_id: int, quiz_id: int, student_id: int) -> None:
    """NotFound unless the teacher teaches the quiz's class and the student is in it."""
    quiz = teachers_quiz(teacher_id, quiz_id)
    if db.session.get(Membership, (quiz.classroom_id, student_id)) is None:
        raise NotFound("That student is not in this class.")
