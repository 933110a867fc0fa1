"""A class's quizzes, as its teachers set them: which questions, when, and how they are taken."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select

from quizapp.banks.models import Bank, Question
from quizapp.classes.models import Classroom, ClassroomBank
from quizapp.classes.services import teaching
from quizapp.core import quiztime
from quizapp.database import tx
from quizapp.errors import NotFound, ServiceError
from quizapp.extensions import db
from quizapp.quizzes.models import Attempt, Quiz, QuizQuestion

GRADINGS = ("highest", "last", "mean")
REVEALS = ("each", "submit", "close")
LAYOUTS = ("paged", "single")
# Flashcards are rated by the student themself: a quiz, which scores, leaves them out.
QUIZ_TYPES = ("choice", "multi", "truefalse", "short", "numeric", "cloze", "matching", "ordering")


class QuizRefused(ServiceError):
    """Settings a quiz cannot have, with the form field to show the message next to."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


@dataclass(frozen=True)
class QuizSettings:
    title: str
    question_ids: list[int]  # chosen by hand; for a random quiz, the pool it draws from
    draw_count: int | None = None  # random: questions per student (None: chosen by hand)
    stratify: list[str] = field(default_factory=list)
    shuffle_questions: bool = True
    shuffle_options: bool = True
    opens_local: datetime | None = None  # wall-clock times in the class's zone
    closes_local: datetime | None = None
    time_limit_minutes: int | None = None
    question_time_s: int | None = None  # each question's own limit (paged quizzes only)
    attempts_allowed: int | None = 1
    grading: str = "highest"
    reveal: str = "submit"
    layout: str = "paged"  # or "single": the whole quiz on one page
    # A practice check may use questions of banks the students study, whose answers they see;
    # a quiz without it takes only questions of banks kept for quizzes.
    studied_ok: bool = False


@dataclass(frozen=True)
class PoolQuestion:
    id: int
    bank_title: str
    type: str
    prompt: str
    tags: list[str]
    quiz_only: bool  # its bank is kept for quizzes: no student has seen its answer


def question_pool(teacher_id: int, class_id: int) -> list[PoolQuestion]:
    """The questions a quiz of this class may use: the active ones of the class's banks."""
    teaching(teacher_id, class_id)
    rows = db.session.execute(
        select(
            Question.id, Bank.title, Question.type, Question.prompt, Question.tags, Bank.quiz_only
        )
        .join(Bank, Bank.id == Question.bank_id)
        .join(ClassroomBank, ClassroomBank.bank_id == Bank.id)
        .where(
            ClassroomBank.classroom_id == class_id,
            Question.retired_at.is_(None),
            Question.type.in_(QUIZ_TYPES),
        )
        .order_by(Bank.quiz_only.desc(), Bank.position, Bank.title, Question.position, Question.id)
    )
    return [PoolQuestion(*row) for row in rows]


def _utc(local: datetime | None, zone: str, name: str) -> datetime | None:
    if local is None:
        return None
    try:
        return quiztime.local_to_utc(local, zone)
    except ValueError as problem:
        raise QuizRefused(name, str(problem)) from None


def _studied_message(studied: int, chosen: int) -> str:
    which = "All" if studied == chosen else f"{studied} of the {chosen}"
    return (
        f"{which} chosen questions are in banks your students study, where they see each right "
        "answer. For a graded quiz, choose questions of a bank kept for quizzes only; for a "
        'practice check, tick "Practice check" below.'
    )


def _check_question_time(settings: QuizSettings) -> None:
    # On one page every question is in view at once: there is no moment a question is first
    # shown for its own time to run from.
    if settings.question_time_s and settings.layout != "paged":
        raise QuizRefused(
            "question_time",
            "A time per question needs one question per page: choose that layout, or leave "
            "this empty.",
        )


def create_quiz(teacher_id: int, class_id: int, settings: QuizSettings, now: datetime) -> int:
    """A new quiz for the class; returns its id."""
    with tx.write() as session:
        teaching(teacher_id, class_id)
        zone = session.get_one(Classroom, class_id).timezone
        pool = {q.id: q for q in question_pool(teacher_id, class_id)}
        chosen = [qid for qid in dict.fromkeys(settings.question_ids) if qid in pool]
        if not chosen:
            raise QuizRefused("questions", "Choose at least one question of the class's banks.")
        studied = sum(1 for qid in chosen if not pool[qid].quiz_only)
        if studied and not settings.studied_ok:
            raise QuizRefused("questions", _studied_message(studied, len(chosen)))
        opens = _utc(settings.opens_local, zone, "opens")
        closes = _utc(settings.closes_local, zone, "closes")
        if opens and closes and closes <= opens:
            raise QuizRefused("closes", "The quiz must close after it opens.")
        if settings.reveal == "close" and closes is None:
            raise QuizRefused(
                "closes", "Right answers show after the quiz closes: say when it closes."
            )
        _check_question_time(settings)
        quiz = Quiz(
            classroom_id=class_id,
            title=settings.title,
            selection="random" if settings.draw_count else "fixed",
            draw_count=settings.draw_count,
            stratify=list(settings.stratify),
            shuffle_questions=settings.shuffle_questions,
            shuffle_options=settings.shuffle_options,
            opens_at=opens,
            closes_at=closes,
            time_limit_s=settings.time_limit_minutes * 60 if settings.time_limit_minutes else None,
            attempts_allowed=settings.attempts_allowed,
            question_time_s=settings.question_time_s,
            grading=settings.grading,
            reveal=settings.reveal,
            layout=settings.layout if settings.layout in LAYOUTS else "paged",
            created_by=teacher_id,
            created_at=now,
        )
        session.add(quiz)
        session.flush()
        for position, qid in enumerate(chosen):
            session.add(QuizQuestion(quiz_id=quiz.id, question_id=qid, position=position))
        return quiz.id


@dataclass(frozen=True)
class QuizRow:
    id: int
    title: str
    opens_at: datetime | None
    closes_at: datetime | None
    status: str
    questions: int
    attempts: int
    time_limit: timedelta | None


@dataclass(frozen=True)
class ClassQuizzes:
    class_name: str
    quizzes: list[QuizRow]


def class_quizzes(teacher_id: int, class_id: int, now: datetime) -> ClassQuizzes:
    """The class's quizzes, newest first, with what the list shows of each."""
    teaching(teacher_id, class_id)
    name = db.session.get_one(Classroom, class_id).name
    questions = (
        select(func.count())
        .where(QuizQuestion.quiz_id == Quiz.id)
        .correlate(Quiz)
        .scalar_subquery()
    )
    attempts = (
        select(func.count(Attempt.id))
        .where(Attempt.quiz_id == Quiz.id, Attempt.submitted_at.is_not(None))
        .correlate(Quiz)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Quiz, questions, attempts)
        .where(Quiz.classroom_id == class_id)
        .order_by(Quiz.created_at.desc(), Quiz.id.desc())
    )
    return ClassQuizzes(
        name,
        [
            QuizRow(
                quiz.id,
                quiz.title,
                quiz.opens_at,
                quiz.closes_at,
                quiztime.status(quiztime.Window(quiz.opens_at, quiz.closes_at), now),
                min(count, quiz.draw_count) if quiz.draw_count else count,
                done,
                timedelta(seconds=quiz.time_limit_s) if quiz.time_limit_s else None,
            )
            for quiz, count, done in rows
        ],
    )


def teachers_quiz(teacher_id: int, quiz_id: int) -> Quiz:
    """The quiz, if this teacher teaches its class (NotFound otherwise)."""
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None:
        raise NotFound("That quiz was not found.")
    teaching(teacher_id, quiz.classroom_id)
    return quiz


def class_zone(teacher_id: int, class_id: int) -> str:
    teaching(teacher_id, class_id)
    return db.session.get_one(Classroom, class_id).timezone
