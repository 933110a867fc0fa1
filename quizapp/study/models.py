"""The study part's tables: each student's FSRS card per question, and the log of answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.database.types import UTCDateTime
from quizapp.extensions import Base


class Card(Base):
    """One student's FSRS state for one question; created by the first answer."""

    __tablename__ = "card"

    __table_args__ = (
        UniqueConstraint("user_id", "question_id", name="uq_card_user_question"),
        # A student's cards by due time; on PostgreSQL with what the teacher's home counts, so
        # that it reads every student's cards from the index alone.
        Index(
            "ix_card_user_due", "user_id", "due", postgresql_include=["question_id", "last_review"]
        ),
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
        # A student's answers question by question in the order given, with what the progress
        # page counts: on PostgreSQL a year of them is read from the index alone.
        Index(
            "ix_review_user_question_id",
            "user_id",
            "question_id",
            "id",
            postgresql_include=["answered_at", "correct"],
        ),
        Index("ix_review_user_id", "user_id", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # Indexed for what reads one question's answers: a regrade, the editor's count of them.
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
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
