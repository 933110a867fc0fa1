"""A teacher's class with something open and students who each need a different word, built
through the services (inside an app context) for the page, statement-count and browser tests."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from quizapp.accounts import services as accounts
from quizapp.banks import editor
from quizapp.banks.models import Bank, Question
from quizapp.classes import services as classes
from quizapp.core import homework as core
from quizapp.database import tx
from quizapp.extensions import db
from quizapp.homework import services as homework
from quizapp.quizzes import attempts
from quizapp.quizzes import services as quizzes
from quizapp.study.models import Card, Review
from tests.world import _content, _questions

PASSWORD = "correct horse battery"
HOMEWORK = "Who signed what"
QUIZ = "Signing check"
DRILL = 12  # questions of the class's second bank: enough for the roster's backlog flag


@dataclass
class School:
    teacher: int
    class_id: int
    code: str
    homework_id: int
    quiz_id: int
    sample: list[int]  # the sample bank's question ids
    drill: list[int]
    students: dict[str, int] = field(default_factory=dict)


def card(student: int, question: int, last: datetime | None, due: datetime) -> None:
    with tx.write() as session:
        session.add(
            Card(
                user_id=student,
                question_id=question,
                state=2,
                step=None,
                stability=3.0,
                difficulty=5.0,
                due=due,
                last_review=last,
                first_seen_at=last or due,
                reps=1,
            )
        )


def answer(student: int, question: int, at: datetime, correct: bool = True) -> None:
    with tx.write() as session:
        session.add(
            Review(
                token=secrets.token_hex(16),
                user_id=student,
                question_id=question,
                response="x",
                score=1.0 if correct else 0.0,
                correct=correct,
                rating=3 if correct else 1,
                duration_ms=None,
                shown_at=at,
                answered_at=at,
                due_after=at + timedelta(days=2),
            )
        )


def join(school: School, name: str, now: datetime, timezone: str = "UTC") -> int:
    student = accounts.register(name, PASSWORD, timezone).id
    classes.join(student, school.code, now)
    school.students[name] = student
    return student


def _ids(slug: str) -> list[int]:
    found = select(Question.id).join(Bank).where(Bank.slug == slug).order_by(Question.position)
    return list(db.session.scalars(found))


def add_class(teacher: int, name: str, now: datetime) -> tuple[int, str, int, int]:
    """A class of the teacher's on the sample and drill banks, with a homework due in 4 days
    (2 correct answers) and a quiz closing in 2 days: (class id, join code, homework, quiz)."""
    class_id = classes.create_class(teacher, name, "", now)
    classes.set_banks(teacher, class_id, ["sample", "drill"])
    sample_id = db.session.scalars(select(Bank.id).where(Bank.slug == "sample")).one()
    local = now.replace(tzinfo=None)
    settings = homework.HomeworkSettings(
        HOMEWORK, sample_id, core.CORRECT, local + timedelta(days=4), 2
    )
    homework_id = homework.create_homework(teacher, class_id, settings, now)
    quiz = quizzes.QuizSettings(
        QUIZ, _ids("sample")[:2], closes_local=local + timedelta(days=2), studied_ok=True
    )
    quiz_id = quizzes.create_quiz(teacher, class_id, quiz, now)
    code = classes.class_detail(teacher, class_id).join_code
    return class_id, code, homework_id, quiz_id


def build(now: datetime, teacher_name: str = "ms_lee", class_name: str = "Year 9") -> School:
    """A teacher with one class (as `add_class` makes it), no students yet."""
    teacher = accounts.register(teacher_name, PASSWORD, "UTC", role="teacher").id
    if db.session.scalar(select(Bank.id).where(Bank.slug == "drill")) is None:
        slug = editor.create_bank(teacher, "Drill", "", now)
        drill = [_content("short", f"Drill {i}?", "", {"answers": [f"d{i}"]}) for i in range(DRILL)]
        _questions(slug, drill, now)
    made = add_class(teacher, class_name, now)
    return School(teacher, *made, _ids("sample"), _ids("drill"))


def populate(school: School, now: datetime) -> None:
    """Ada's backlog grows, Ben has not answered for 9 days, Cy has not started, Dee is done and
    has submitted the quiz."""
    ada = join(school, "ada", now)
    ben = join(school, "ben", now)
    join(school, "cy", now)
    dee = join(school, "dee", now)
    for question in school.drill:  # overdue by three days, though she studied an hour ago
        card(ada, question, now - timedelta(hours=1), now - timedelta(days=3))
    answer(ada, school.sample[0], now + timedelta(minutes=1))
    card(ben, school.sample[0], now - timedelta(days=9), now + timedelta(days=5))
    answer(dee, school.sample[0], now + timedelta(minutes=1))
    answer(dee, school.sample[1], now + timedelta(minutes=2))
    attempt = attempts.start(dee, school.quiz_id, now)
    attempts.submit(dee, attempt, now)
