"""The classes part's tables: classes, their teachers, students and banks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.core import limits
from quizapp.database.types import UTCDateTime, utcnow
from quizapp.extensions import Base


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
    # The chance of recall the scheduler aims for when a question comes back, chosen by the
    # teacher (0.80 to 0.95); a student in several classes gets the highest.
    desired_retention: Mapped[float] = mapped_column(default=0.9, server_default="0.9")


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
