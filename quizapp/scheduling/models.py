"""The scheduling part's tables: every fit tried, the fit in force for each student, and the
fits an admin has asked for."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.database.types import UTCDateTime
from quizapp.extensions import Base


class SchedulerFit(Base):
    """One fit of FSRS parameters to a scope's answers, with its judgement on later answers.

    `status` is "in use" when it passed its checks, else "refused" with the reason; a refused fit
    leaves the scope's last good fit in force."""

    __tablename__ = "scheduler_fit"
    id: Mapped[int] = mapped_column(primary_key=True)
    fitted_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    scope: Mapped[str] = mapped_column(String(10))  # student, class or school
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    classroom_id: Mapped[int | None] = mapped_column(ForeignKey("classroom.id"), index=True)
    answers: Mapped[int]  # the answers it was fitted on
    held_out: Mapped[int]  # the later answers it was judged on
    log_loss: Mapped[float | None]
    rmse: Mapped[float | None]
    default_log_loss: Mapped[float | None]
    default_rmse: Mapped[float | None]
    parameters: Mapped[list[float | None]] = mapped_column(JSON)  # None: not a number
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(200))


class StudentSchedule(Base):
    """The fit in force for a student (no row: the defaults), copied here so that an answer reads
    it with the card in one statement."""

    __tablename__ = "student_schedule"
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    fit_id: Mapped[int] = mapped_column(ForeignKey("scheduler_fit.id"), index=True)
    scope: Mapped[str] = mapped_column(String(10))
    parameters: Mapped[list[float]] = mapped_column(JSON)
    # When the student's schedule first followed a fit of this scope.
    since: Mapped[datetime] = mapped_column(UTCDateTime)


class FitRequest(Base):
    """A fit an admin asked for; `flask scheduling work` runs it and sets `done_at`.
    Who asked is in the audit log."""

    __tablename__ = "fit_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
