"""Data and its invariants. Times are stored as UTC and always come back timezone-aware."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.core import limits
from quizapp.extensions import Base


class UTCDateTime(TypeDecorator[datetime]):
    """Naive UTC in the database (SQLite has no time zones), aware UTC in Python."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("quizapp stores only timezone-aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(limits.USERNAME), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="student")
    # Flask-Login's alternative id: changing it signs out every earlier session cookie.
    session_token: Mapped[str] = mapped_column(String(64), unique=True)
    timezone: Mapped[str] = mapped_column(
        String(limits.TIMEZONE), default="UTC", server_default="UTC"
    )
    new_per_day: Mapped[int | None] = mapped_column(default=None)
    extra_new_day: Mapped[date | None] = mapped_column(Date, default=None)
    extra_new_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Two-factor log-in: the authenticator secret once confirmed, and the last time step used.
    totp_secret: Mapped[str | None] = mapped_column(String(64), default=None)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger, default=None)


class RecoveryCode(Base):
    """A single-use two-factor recovery code, kept as a hash."""

    __tablename__ = "recovery_code"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Bank(Base):
    __tablename__ = "bank"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(limits.BANK_SLUG), unique=True)
    title: Mapped[str] = mapped_column(String(limits.BANK_TITLE))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=100)
    source_path: Mapped[str] = mapped_column(String(limits.SOURCE_PATH), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The teacher who made the bank in the browser; None for the school's banks (the article banks),
    # which admins edit, and teachers an admin allows (BankEditor).
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), default=None, index=True)
    # Kept for quizzes only: no student studies, practises or sees the bank's questions outside a
    # quiz, and there only as the quiz's "when right answers show" setting allows.
    quiz_only: Mapped[bool] = mapped_column(default=False, server_default=false())


class BankEditor(Base):
    """A teacher an admin allows to edit a school bank."""

    __tablename__ = "bank_editor"
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True, index=True)


class Question(Base):
    __tablename__ = "question"
    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id"), index=True)
    key: Mapped[str] = mapped_column(String(limits.QUESTION_KEY), unique=True)
    type: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON)
    cite: Mapped[list[str]] = mapped_column(JSON)
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(default=0)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The current QuestionVersion (whose content the columns above repeat, for the study loop's
    # reads). A plain id rather than a foreign key, as the version also points at its question.
    version_id: Mapped[int | None] = mapped_column(default=None)


class QuestionVersion(Base):
    """One immutable state of a question: every change, from a file or the browser, adds one."""

    __tablename__ = "question_version"
    __table_args__ = (UniqueConstraint("question_id", "number", name="uq_version_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    number: Mapped[int]  # 1, 2, 3... within the question
    # type, prompt, explanation, tags, cite and spec, as the question columns hold them
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(16))  # import, browser, restore, copy, initial
    source_detail: Mapped[str] = mapped_column(String(limits.SOURCE_PATH), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Card(Base):
    """One student's FSRS state for one question; created by the first answer."""

    __tablename__ = "card"

    __table_args__ = (
        UniqueConstraint("user_id", "question_id", name="uq_card_user_question"),
        Index("ix_card_user_due", "user_id", "due"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    state: Mapped[int]
    step: Mapped[int | None]
    stability: Mapped[float | None]
    difficulty: Mapped[float | None]
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reps: Mapped[int] = mapped_column(default=0)
    lapses: Mapped[int] = mapped_column(default=0)
    # Running figures of this card's reviews, kept with every answer so that a bank's accuracy and
    # streak come from its cards (one row a question) instead of the whole history of answers.
    score_sum: Mapped[float] = mapped_column(default=0.0)
    last_wrong_review_id: Mapped[int | None] = mapped_column(default=None)  # a review's id


class Review(Base):
    """Append-only log of answers; the one-time token makes a resubmission impossible to record."""

    __tablename__ = "review"

    __table_args__ = (
        Index("ix_review_user_answered", "user_id", "answered_at"),
        Index("ix_review_user_question", "user_id", "question_id"),
        Index("ix_review_user_id", "user_id", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    response: Mapped[Any] = mapped_column(JSON)
    score: Mapped[float]
    correct: Mapped[bool]
    rating: Mapped[int]
    duration_ms: Mapped[int | None]
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_after: Mapped[datetime] = mapped_column(UTCDateTime)
    # The card's scheduling state before this answer (core.scheduling.state_to_json), so that a
    # student's "I was right" can reschedule the card as if the answer had been graded right.
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    # Set when the student overrode a wrong grade ("I was right"); the grade above is the new one.
    overridden_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # The version of the question this answer was given to, for showing it as it was asked.
    version_id: Mapped[int | None] = mapped_column(ForeignKey("question_version.id"), default=None)


class Regrade(Base):
    """A teacher's regrade of past answers after changing what is correct in a question."""

    __tablename__ = "regrade"
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))
    by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    answers: Mapped[int]
    students: Mapped[int]
    became_right: Mapped[int]
    became_wrong: Mapped[int]


class RegradedAnswer(Base):
    """One answer whose grade a regrade changed: the old grade on record, and the student's notice
    (shown until `seen_at`)."""

    __tablename__ = "regraded_answer"
    __table_args__ = (Index("ix_regraded_answer_user_seen", "user_id", "seen_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    regrade_id: Mapped[int] = mapped_column(ForeignKey("regrade.id"), index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    old_score: Mapped[float]
    old_correct: Mapped[bool]
    old_rating: Mapped[int]
    new_score: Mapped[float]
    new_correct: Mapped[bool]
    new_rating: Mapped[int]
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Classroom(Base):
    """A teacher's class: students join it with its code and study the banks it assigns."""

    __tablename__ = "classroom"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(limits.CLASS_NAME))
    description: Mapped[str] = mapped_column(Text, default="")
    join_code: Mapped[str] = mapped_column(String(limits.JOIN_CODE), unique=True)
    joining_open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Where the class meets: quizzes open and close at wall-clock times of this zone.
    timezone: Mapped[str] = mapped_column(String(limits.TIMEZONE), default="UTC")


class ClassroomTeacher(Base):
    """A teacher of a class; the owner may add co-teachers."""

    __tablename__ = "classroom_teacher"
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True, index=True)
    is_owner: Mapped[bool] = mapped_column(default=False)


class Membership(Base):
    """A student in a class. Leaving or being removed deletes this row, never the answers."""

    __tablename__ = "membership"
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True, index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClassroomBank(Base):
    """A bank a class studies."""

    __tablename__ = "classroom_bank"
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id"), primary_key=True)


class SchoolSetting(Base):
    """A school-wide switch an admin sets, such as requiring two-factor log-in for staff."""

    __tablename__ = "school_setting"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False)


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
    # Practice quizzes: the review this answer recorded (it feeds the student's FSRS card).
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review.id"), default=None)
