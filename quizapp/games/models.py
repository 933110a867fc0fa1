"""The games part's tables: a game, its questions, its players and their answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from quizapp.core import game as rules
from quizapp.database.types import UTCDateTime
from quizapp.extensions import Base


class Game(Base):
    """A live game of a class. `phase`, `position` and the clock are the whole running state;
    `version` goes up with every change players must see (the pages poll it)."""

    __tablename__ = "game"
    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    mode: Mapped[str] = mapped_column(String(16))  # core.game.MODES
    seconds: Mapped[int]  # each question's time
    allow_guests: Mapped[bool] = mapped_column(default=False)
    # What a guest types on the join page (in the QR code's link too): set when guests may join.
    guest_code: Mapped[str | None] = mapped_column(String(8), unique=True, default=None)
    phase: Mapped[str] = mapped_column(String(16))  # core.game.PHASES
    position: Mapped[int] = mapped_column(default=0)  # the question on screen, 1-based
    question_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    names_hidden: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class GameQuestion(Base):
    """A question of a game, at its place, as the version it was when the game was set."""

    __tablename__ = "game_question"
    game_id: Mapped[int] = mapped_column(ForeignKey("game.id"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("question_version.id"))


class GamePlayer(Base):
    """A student playing a game, or a guest with only a nickname (no account: a guest is known by
    the hash of a secret kept in their session cookie). A removed player stays listed, answers
    kept, and cannot rejoin."""

    __tablename__ = "game_player"
    __table_args__ = (
        UniqueConstraint("game_id", "user_id", name="uq_game_player_game_user"),
        # Two guests of a game never share a nickname, whatever its case (a column rather than
        # an index on an expression, which SQLite cannot reflect).
        UniqueConstraint("game_id", "nickname_key", name="uq_game_player_game_nickname"),
        CheckConstraint("(user_id IS NULL) <> (nickname IS NULL)", name="student_or_guest"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    game_id: Mapped[int] = mapped_column(ForeignKey("game.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    nickname: Mapped[str | None] = mapped_column(String(rules.NICKNAME), default=None)
    nickname_key: Mapped[str | None] = mapped_column(
        String(4 * rules.NICKNAME), default=None
    )  # casefolded
    guest_secret_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)
    removed: Mapped[bool] = mapped_column(default=False)


class GameAnswer(Base):
    """A player's answer to a question of the game: one per question, which the database keeps
    so (a second answer finds the first)."""

    __tablename__ = "game_answer"
    __table_args__ = (
        UniqueConstraint("player_id", "position", name="uq_game_answer_player_position"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    game_id: Mapped[int] = mapped_column(ForeignKey("game.id"), index=True)
    player_id: Mapped[int] = mapped_column(ForeignKey("game_player.id"))
    position: Mapped[int]
    response: Mapped[Any] = mapped_column(JSON)
    correct: Mapped[bool]
    points: Mapped[int]
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review.id"), default=None)
