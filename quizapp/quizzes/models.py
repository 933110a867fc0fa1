"""The quizzes part's tables: quizzes, their questions, attempts and each attempt's answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.core import limits
from quizapp.database.types import UTCDateTime, utcnow
from quizapp.extensions import Base


class Quiz(Base):
    """A teacher's quiz for a class: which questions, when it is open, and how it is taken."""

    __tablename__ = "quiz"
    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), index=True)
    title: Mapped[str] = mapped_column(String(limits.BANK_TITLE))
    selection: Mapped[str] = mapped_column(String(16))  # fixed (chosen by hand) or random
    draw_count: Mapped[int | None] = mapped_column(default=None)  # random: questions per student
    stratify: Mapped[list[str]] = mapped_column(JSON, default=list)  # random: tags to balance
    shuffle_questions: Mapped[bool] = mapped_column(default=True)
    shuffle_options: Mapped[bool] = mapped_column(default=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    time_limit_s: Mapped[int | None] = mapped_column(default=None)
    attempts_allowed: Mapped[int | None] = mapped_column(default=None)  # None: unlimited
    grading: Mapped[str] = mapped_column(String(16), default="highest")  # highest, last, mean
    reveal: Mapped[str] = mapped_column(String(16), default="submit")  # each, submit, close
    layout: Mapped[str] = mapped_column(String(16), default="paged")  # paged or single
    # Paged quizzes only: each question's own time, from when it is first shown.
    question_time_s: Mapped[int | None] = mapped_column(default=None)
    created_by: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuizQuestion(Base):
    """A question of a quiz: chosen by hand, or (random selection) one of the pool it draws from."""

    __tablename__ = "quiz_question"
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class Attempt(Base):
    """One go at a quiz (assigned) or a practice quiz of a bank (quiz_id None)."""

    __tablename__ = "attempt"
    __table_args__ = (
        UniqueConstraint("quiz_id", "user_id", "number", name="uq_attempt_number"),
        Index("ix_attempt_user_quiz", "user_id", "quiz_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    quiz_id: Mapped[int | None] = mapped_column(ForeignKey("quiz.id"), default=None)
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("bank.id"), default=None)  # practice
    number: Mapped[int] = mapped_column(default=1)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Each question's own time for this attempt (the quiz's, with the student's multiplier).
    question_time_s: Mapped[int | None] = mapped_column(default=None)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    score: Mapped[float | None] = mapped_column(default=None)  # 0..1 once submitted
    # A teacher's manual score, with the reason, kept beside the computed one.
    override_score: Mapped[float | None] = mapped_column(default=None)
    override_reason: Mapped[str] = mapped_column(Text, default="")
    override_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"), default=None)
    override_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class AttemptItem(Base):
    """A question of an attempt, as drawn for it, with the answer saved as it was given."""

    __tablename__ = "attempt_item"
    __table_args__ = (Index("ix_attempt_item_question", "question_id"),)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("question_version.id"))
    response: Mapped[Any] = mapped_column(JSON, nullable=True, default=None)
    score: Mapped[float | None] = mapped_column(default=None)
    correct: Mapped[bool | None] = mapped_column(default=None)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    flagged: Mapped[bool] = mapped_column(default=False)
    # When the question was first shown: its own time limit (if any) runs from then.
    shown_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Practice quizzes: the review this answer recorded (it feeds the student's FSRS card).
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review.id"), default=None)


class Accommodation(Base):
    """What one student gets on one quiz beyond its settings: more time, more attempts, a later
    close. Set by a teacher of the class; one row per student and quiz."""

    __tablename__ = "quiz_accommodations"
    __table_args__ = (
        UniqueConstraint("quiz_id", "student_id", name="uq_quiz_accommodations_quiz_student"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    time_multiplier: Mapped[float] = mapped_column(default=1.0)
    extra_minutes: Mapped[int] = mapped_column(default=0)
    extra_attempts: Mapped[int] = mapped_column(default=0)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    set_by: Mapped[int] = mapped_column(ForeignKey("user.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
