"""The homework part's table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.core import limits
from quizapp.database.types import UTCDateTime
from quizapp.extensions import Base


class Homework(Base):
    """A goal over a bank's questions (all, or those with some tags) that a class should reach by
    a due date; closing it keeps it, listed as closed."""

    __tablename__ = "homework"
    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id"))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: the whole bank
    title: Mapped[str] = mapped_column(String(limits.BANK_TITLE))
    goal_kind: Mapped[str] = mapped_column(String(16))  # core.homework.GOAL_KINDS
    goal_number: Mapped[int | None] = mapped_column(default=None)  # percent, or answers
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    set_by: Mapped[int] = mapped_column(ForeignKey("user.id"))
