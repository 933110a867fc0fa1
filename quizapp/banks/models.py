"""The banks part's tables: banks and who may edit them, questions, their versions, regrades."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.core import limits
from quizapp.database.types import UTCDateTime, utcnow
from quizapp.extensions import Base


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
    # Every question must cite a source (the shipped banks); off for a teacher's new bank.
    require_citations: Mapped[bool] = mapped_column(default=False, server_default=false())


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


class HeldImport(Base):
    """A file a teacher previewed for import, held in the database (so that any app host finds
    it) until she confirms, for `limits.IMPORT_HELD_MINUTES` at most: a large file is not sent
    back through the preview page."""

    __tablename__ = "held_import"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))  # of `text`, which the preview page names
    text: Mapped[bytes] = mapped_column(LargeBinary)  # UTF-8: a text column refuses NUL
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
