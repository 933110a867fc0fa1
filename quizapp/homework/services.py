"""Setting, editing and closing a class's homework, as its teachers do.

A homework covers one of the class's studied banks (never one kept for quizzes only: students
never study those), all of it or the questions with some of its tags. Due dates are typed in the
teacher's own time zone and kept in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.banks.models import Bank, Question
from quizapp.classes.models import Classroom, ClassroomBank, ClassroomTeacher
from quizapp.classes.services import teaching
from quizapp.core import homework as core
from quizapp.core import quiztime
from quizapp.database import tx
from quizapp.errors import NotFound, ServiceError
from quizapp.extensions import db
from quizapp.homework.models import Homework

MAX_PERCENT = 100
MAX_ANSWERS = 10_000


class HomeworkRefused(ServiceError):
    """Settings a homework cannot have, with the form field to show the message next to."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


@dataclass(frozen=True)
class HomeworkSettings:
    title: str
    bank_id: int
    goal_kind: str
    due_local: datetime  # wall-clock time in the teacher's zone
    goal_number: int | None = None  # RECALLED: percent; CORRECT: answers; else ignored
    tags: list[str] = field(default_factory=list)  # empty: the whole bank


@dataclass(frozen=True)
class BankOption:
    id: int
    title: str
    tags: list[str]  # the tags of its questions, sorted


def bank_options(teacher_id: int, class_id: int) -> list[BankOption]:
    """The banks a homework of this class may cover: the class's banks that students study."""
    teaching(teacher_id, class_id)
    rows = db.session.execute(
        select(Bank.id, Bank.title, Question.tags)
        .join(ClassroomBank, ClassroomBank.bank_id == Bank.id)
        .outerjoin(Question, (Question.bank_id == Bank.id) & Question.retired_at.is_(None))
        .where(ClassroomBank.classroom_id == class_id, Bank.quiz_only.is_(False))
        .order_by(Bank.position, Bank.title, Bank.id)
    )
    titles: dict[int, str] = {}
    tags: dict[int, set[str]] = {}
    for bank_id, title, question_tags in rows:
        titles[bank_id] = title
        tags.setdefault(bank_id, set()).update(question_tags or [])
    return [BankOption(i, t, sorted(tags[i])) for i, t in titles.items()]


def teacher_zone(teacher_id: int) -> str:
    """The time zone the teacher types due dates in (their account's)."""
    return db.session.get_one(User, teacher_id).timezone


def _goal_number(settings: HomeworkSettings) -> int | None:
    if settings.goal_kind not in core.GOAL_KINDS:
        raise HomeworkRefused("goal", "Choose one of the three goals.")
    if settings.goal_kind == core.STUDIED:
        return None
    number = settings.goal_number
    if settings.goal_kind == core.RECALLED:
        if number is None or not 1 <= number <= MAX_PERCENT:
            raise HomeworkRefused("percent", "Give the recall to reach, from 1 to 100 %.")
        return number
    if number is None or not 1 <= number <= MAX_ANSWERS:
        raise HomeworkRefused("answers", f"Give how many correct answers, 1 to {MAX_ANSWERS}.")
    return number


def _checked(
    teacher_id: int, class_id: int, settings: HomeworkSettings, now: datetime
) -> tuple[datetime, int | None, list[str]]:
    """The due date in UTC, the goal's number and the tags, or HomeworkRefused."""
    banks = {b.id: b for b in bank_options(teacher_id, class_id)}
    bank = banks.get(settings.bank_id)
    if bank is None:  # not the class's, kept for quizzes only, or no such bank
        raise HomeworkRefused("bank", "Choose one of the banks this class studies.")
    tags = list(dict.fromkeys(t for t in settings.tags if t))
    unknown = [t for t in tags if t not in bank.tags]
    if unknown:
        raise HomeworkRefused(
            "tags", f"No question of {bank.title} has the tag {', '.join(unknown)}."
        )
    if not bank.tags and not tags and not _has_questions(bank.id):
        raise HomeworkRefused("bank", f"{bank.title} has no questions yet.")
    try:
        due = quiztime.local_to_utc(settings.due_local, teacher_zone(teacher_id))
    except ValueError as problem:
        raise HomeworkRefused("due", str(problem)) from None
    if due <= now:
        raise HomeworkRefused("due", "The due date must be in the future.")
    return due, _goal_number(settings), tags


def _has_questions(bank_id: int) -> bool:
    found = db.session.scalar(
        select(Question.id).where(Question.bank_id == bank_id, Question.retired_at.is_(None))
    )
    return found is not None


def create_homework(
    teacher_id: int, class_id: int, settings: HomeworkSettings, now: datetime
) -> int:
    """A new homework for the class, set now; returns its id."""
    with tx.write() as session:
        due, number, tags = _checked(teacher_id, class_id, settings, now)
        homework = Homework(
            classroom_id=class_id,
            bank_id=settings.bank_id,
            tags=tags,
            title=settings.title,
            goal_kind=settings.goal_kind,
            goal_number=number,
            due_at=due,
            set_at=now,
            set_by=teacher_id,
        )
        session.add(homework)
        session.flush()
        return homework.id


def teachers_homework(teacher_id: int, homework_id: int) -> Homework:
    """The homework, if this teacher teaches its class (NotFound otherwise, as for no homework)."""
    found = db.session.execute(
        select(Homework)
        .join(
            ClassroomTeacher,
            (ClassroomTeacher.classroom_id == Homework.classroom_id)
            & (ClassroomTeacher.user_id == teacher_id),
        )
        .where(Homework.id == homework_id)
    ).scalar_one_or_none()
    if found is None:
        raise NotFound("That homework was not found.")
    return found


def update_homework(
    teacher_id: int, homework_id: int, settings: HomeworkSettings, now: datetime
) -> int:
    """Change a homework's settings (it keeps when it was set); returns its class's id."""
    with tx.write():
        homework = teachers_homework(teacher_id, homework_id)
        due, number, tags = _checked(teacher_id, homework.classroom_id, settings, now)
        homework.title = settings.title
        homework.bank_id = settings.bank_id
        homework.tags = tags
        homework.goal_kind = settings.goal_kind
        homework.goal_number = number
        homework.due_at = due
        return homework.classroom_id


def close_homework(teacher_id: int, homework_id: int, now: datetime) -> int:
    """Close a homework: it stays listed, as closed. Returns its class's id."""
    with tx.write():
        homework = teachers_homework(teacher_id, homework_id)
        if homework.closed_at is None:
            homework.closed_at = now
        return homework.classroom_id


def edit_values(teacher_id: int, homework_id: int) -> tuple[int, HomeworkSettings]:
    """The class's id and the homework's settings as its edit form shows them."""
    homework = teachers_homework(teacher_id, homework_id)
    local = quiztime.utc_to_local(homework.due_at, teacher_zone(teacher_id))
    settings = HomeworkSettings(
        title=homework.title,
        bank_id=homework.bank_id,
        goal_kind=homework.goal_kind,
        due_local=local.replace(tzinfo=None),
        goal_number=homework.goal_number,
        tags=list(homework.tags),
    )
    return homework.classroom_id, settings


@dataclass(frozen=True)
class HomeworkRow:
    id: int
    title: str
    bank_title: str
    tags: list[str]
    goal: core.Goal
    due_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class ClassHomework:
    class_name: str
    rows: list[HomeworkRow]


def class_homework(teacher_id: int, class_id: int) -> ClassHomework:
    """The class's name and its homework, open ones first, each by due date."""
    teaching(teacher_id, class_id)
    class_name = db.session.scalars(select(Classroom.name).where(Classroom.id == class_id)).one()
    rows = db.session.execute(
        select(Homework, Bank.title)
        .join(Bank, Bank.id == Homework.bank_id)
        .where(Homework.classroom_id == class_id)
        .order_by(Homework.closed_at.is_not(None), Homework.due_at, Homework.id)
    )
    return ClassHomework(
        class_name,
        [
            HomeworkRow(
                h.id,
                h.title,
                title,
                list(h.tags),
                core.Goal(h.goal_kind, h.goal_number),
                h.due_at,
                h.closed_at,
            )
            for h, title in rows
        ],
    )
