"""A student's homework, across their classes: everything a page shows about each, in a fixed
number of statements (the student's homework list, and later their home page, use it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from quizapp.accounts.models import User
from quizapp.banks.models import Bank
from quizapp.classes.models import Classroom, Membership
from quizapp.core import homework as core
from quizapp.extensions import db
from quizapp.homework import rows
from quizapp.homework.models import Homework


@dataclass(frozen=True)
class StudentHomework:
    id: int
    title: str
    class_name: str
    bank_slug: str
    bank_title: str
    tags: list[str]
    goal: core.Goal
    due_at: datetime
    due_words: str  # the due day in the student's zone: 'Friday', 'tomorrow', 'Fri 27 Nov'
    closed: bool
    progress: core.Progress
    status: str
    left: str  # what is left, in words


def _order(item: StudentHomework) -> tuple[bool, datetime, int]:
    return (item.closed, item.due_at, item.id)


def homework_for_student(student_id: int, now: datetime) -> list[StudentHomework]:
    """Every homework of the student's classes with their progress, open ones first by due
    date, then the closed ones."""
    found = db.session.execute(
        select(Homework, Classroom.name, Bank.slug, Bank.title, User.timezone)
        .join(
            Membership,
            (Membership.classroom_id == Homework.classroom_id) & (Membership.user_id == student_id),
        )
        .join(Classroom, Classroom.id == Homework.classroom_id)
        .join(Bank, Bank.id == Homework.bank_id)
        .join(User, User.id == student_id)
        .where(Bank.quiz_only.is_(False))
    ).all()
    if not found:
        return []
    me = select(User.id).where(User.id == student_id)
    bank_ids = {h.bank_id for h, *_ in found}
    bank_questions = rows.questions(bank_ids)
    cards = rows.cards(me, bank_ids)
    answers = rows.answers(me, [h for h, *_ in found])
    items = []
    for homework, class_name, slug, bank_title, zone in found:
        scope = rows.in_scope(homework, bank_questions)
        done = rows.progress_of(homework, student_id, scope, cards, answers[homework.id])
        goal = core.Goal(homework.goal_kind, homework.goal_number)
        words = core.day_words(homework.due_at, zone, now)
        items.append(
            StudentHomework(
                id=homework.id,
                title=homework.title,
                class_name=class_name,
                bank_slug=slug,
                bank_title=bank_title,
                tags=list(homework.tags),
                goal=goal,
                due_at=homework.due_at,
                due_words=words,
                closed=homework.closed_at is not None,
                progress=done,
                status=core.status(done, homework.set_at, homework.due_at, now),
                left=core.left_in_words(goal, done, words),
            )
        )
    return sorted(items, key=_order)
