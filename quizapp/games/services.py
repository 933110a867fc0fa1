"""Running a live game: who may reach it, the teacher's controls, players joining and leaving,
and the small state every page polls. Everything is in the database, read fresh each request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, exists, func, select
from sqlalchemy.orm import Session

from quizapp.accounts.models import User
from quizapp.audit.models import Action
from quizapp.audit.services import Actor, record
from quizapp.classes.models import ClassroomTeacher, Membership
from quizapp.core import game as rules
from quizapp.database import tx
from quizapp.database.sql import run
from quizapp.errors import NotFound, ServiceError
from quizapp.extensions import db
from quizapp.games.models import Game, GameAnswer, GamePlayer, GameQuestion

_MISSING = "That game was not found."


class NotPlaying(ServiceError):
    """The student cannot play this game (removed by the teacher, or the game is over)."""


REMOVED = "Your teacher took you out of this game."


def clock_of(game: Game, count: int) -> rules.Clock:
    return rules.Clock(
        game.phase, game.position, count, game.seconds, game.question_started_at, game.paused_at
    )


def question_count(game_id: int) -> int:
    found = db.session.scalar(
        select(func.count()).select_from(GameQuestion).where(GameQuestion.game_id == game_id)
    )
    return int(found or 0)


def teachers_game(teacher_id: int, game_id: int) -> Game:
    """A game of a class this teacher teaches, or NotFound (as for a game that does not exist)."""
    game = db.session.get(Game, game_id)
    if game is None or db.session.get(ClassroomTeacher, (game.classroom_id, teacher_id)) is None:
        raise NotFound(_MISSING)
    return game


def members_game(student_id: int, game_id: int) -> Game:
    """A game of a class this student is in, or NotFound (one statement)."""
    game = db.session.scalars(
        select(Game).where(
            Game.id == game_id,
            exists().where(
                Membership.classroom_id == Game.classroom_id, Membership.user_id == student_id
            ),
        )
    ).first()
    if game is None:
        raise NotFound(_MISSING)
    return game


def counts(game: Game) -> tuple[int, int]:
    """(answers to the question on screen, players still in the game)."""
    row = run(_COUNTS, {"game_id": game.id, "position": game.position}).one()
    return int(row.answered), int(row.players)


_PLAYERS = (
    select(func.count(GamePlayer.id))
    .where(GamePlayer.game_id == bindparam("game_id"), GamePlayer.removed.is_(False))
    .scalar_subquery()
)
_ANSWERED = (
    select(func.count(GameAnswer.id))
    .join(GamePlayer, GamePlayer.id == GameAnswer.player_id)
    .where(
        GameAnswer.game_id == bindparam("game_id"),
        GameAnswer.position == bindparam("position"),
        GamePlayer.removed.is_(False),
    )
    .scalar_subquery()
)
_COUNTS = select(_ANSWERED.label("answered"), _PLAYERS.label("players"))


def control(teacher_id: int, game_id: int, action: str, now: datetime) -> None:
    """Apply a teacher's action (core.game.ACTIONS); InvalidMove when it does not apply now."""
    with tx.write():
        game = teachers_game(teacher_id, game_id)
        clock = clock_of(game, question_count(game.id))
        answered, players = counts(game)
        after = rules.apply(clock, action, now, rules.phase_now(clock, now, answered, players))
        game.phase, game.position = after.phase, after.position
        game.question_started_at, game.paused_at = after.started_at, after.paused_at
        if after.phase == rules.ENDED:
            game.ended_at = now
        game.version += 1


def hide_names(teacher_id: int, game_id: int, hidden: bool) -> None:
    """Show or hide players' names on the projector."""
    with tx.write():
        game = teachers_game(teacher_id, game_id)
        game.names_hidden = hidden
        game.version += 1


def _player(session: Session, game_id: int, student_id: int) -> GamePlayer | None:
    return session.scalars(
        select(GamePlayer).where(GamePlayer.game_id == game_id, GamePlayer.user_id == student_id)
    ).first()


def remove_player(teacher: Actor, game_id: int, student_id: int) -> None:
    """Take a player out of the game: off the lists, no more answers, no rejoining; the school's
    audit log keeps who did it."""
    with tx.write() as session:
        game = teachers_game(teacher.id, game_id)
        player = _player(session, game.id, student_id)
        if player is None:
            raise NotFound("That player is not in this game.")
        player.removed = True
        game.version += 1
        whom = f"student {session.get_one(User, student_id).username}"
        record(session, teacher, Action.PLAYER_REMOVED, whom, f"live game {game.id}")


def join(student_id: int, game_id: int, now: datetime) -> None:
    """The student joins the game (again: a second join changes nothing)."""
    with tx.write() as session:
        game = members_game(student_id, game_id)
        player = _player(session, game.id, student_id)
        if player is not None and player.removed:
            raise NotPlaying(REMOVED)
        if player is not None:
            return
        if game.phase == rules.ENDED:
            raise NotPlaying("This game is over.")
        session.add(GamePlayer(game_id=game.id, user_id=student_id, joined_at=now))
        # Only the lobby lists players by name; later joins change only the count.
        if game.phase == rules.LOBBY:
            game.version += 1


@dataclass(frozen=True)
class State:
    """What the pages poll: `version` changes whenever a page must be drawn again."""

    version: str
    phase: str
    position: int
    answered: int
    players: int
    questions: int  # in the game
    remaining: float  # seconds left for the open question
    paused: bool

    @property
    def etag(self) -> str:
        return f"{self.version}.{self.answered}.{self.players}"


_MAY_SEE = exists().where(
    Membership.classroom_id == Game.classroom_id, Membership.user_id == bindparam("user_id")
) | exists().where(
    and_(
        ClassroomTeacher.classroom_id == Game.classroom_id,
        ClassroomTeacher.user_id == bindparam("user_id"),
    )
)
QUESTION_COUNT = (
    select(func.count())
    .select_from(GameQuestion)
    .where(GameQuestion.game_id == Game.id)
    .correlate(Game)
    .scalar_subquery()
)
_ANSWERED_NOW = (
    select(func.count(GameAnswer.id))
    .join(GamePlayer, GamePlayer.id == GameAnswer.player_id)
    .where(
        GameAnswer.game_id == Game.id,
        GameAnswer.position == Game.position,
        GamePlayer.removed.is_(False),
    )
    .correlate(Game)
    .scalar_subquery()
)
_STATE_COLUMNS = (
    Game.phase,
    Game.position,
    Game.seconds,
    Game.question_started_at,
    Game.paused_at,
    Game.version,
    QUESTION_COUNT.label("questions"),
    _ANSWERED_NOW.label("answered"),
    _PLAYERS.label("players"),
)
_STATE = select(*_STATE_COLUMNS).where(Game.id == bindparam("game_id"), _MAY_SEE)


def state_of(row: Any, now: datetime) -> State:
    """The state of a row of _STATE_COLUMNS, now."""
    clock = rules.Clock(
        row.phase, row.position, row.questions, row.seconds, row.question_started_at, row.paused_at
    )
    phase = rules.phase_now(clock, now, row.answered, row.players)
    return State(
        version=f"{row.version}.{phase}",
        phase=phase,
        position=row.position,
        answered=row.answered,
        players=row.players,
        questions=row.questions,
        remaining=round(rules.remaining(clock, now), 1),
        paused=row.paused_at is not None,
    )


def state(user_id: int, game_id: int, now: datetime) -> State:
    """The game's state for its teachers and its class's students, in one statement."""
    row = run(_STATE, {"game_id": game_id, "user_id": user_id}).first()
    if row is None:
        raise NotFound(_MISSING)
    return state_of(row, now)


def live_games(student_id: int) -> dict[int, int]:
    """The newest game still running in each of the student's classes: class id -> game id."""
    rows = db.session.execute(
        select(Game.classroom_id, func.max(Game.id))
        .join(Membership, Membership.classroom_id == Game.classroom_id)
        .where(Membership.user_id == student_id, Game.phase != rules.ENDED)
        .group_by(Game.classroom_id)
    )
    return {class_id: game_id for class_id, game_id in rows}


@dataclass(frozen=True)
class ClassGame:
    id: int
    mode: str
    phase: str
    created_at: datetime


def class_games(teacher_id: int, class_id: int) -> list[ClassGame]:
    """The class's latest games, newest first, for its page: a running one's projector, an
    ended one's report. Another teacher's class has none (one statement)."""
    rows = db.session.execute(
        select(Game.id, Game.mode, Game.phase, Game.created_at)
        .join(ClassroomTeacher, ClassroomTeacher.classroom_id == Game.classroom_id)
        .where(Game.classroom_id == class_id, ClassroomTeacher.user_id == teacher_id)
        .order_by(Game.id.desc())
        .limit(20)
    )
    return [ClassGame(*row) for row in rows]
